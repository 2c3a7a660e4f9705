/**
 * The one error the client raises for an answer that is not a success (CONTRACT.md section 0):
 * the contract's error body, `{ error: { code, message, details, requestId } }`, as an exception.
 * An answer whose body is not that shape (or a success whose body is not JSON, as a `malformed`
 * fault answers) is `invalid_response` with the status as received.
 */
import type { ApiErrorCode } from '../api/index.js'

/** Not a catalog code: the answer could not be read as the contract says it is written. */
export const INVALID_RESPONSE = 'invalid_response'

export interface MockBrokerErrorInit {
  code: ApiErrorCode | typeof INVALID_RESPONSE | (string & {})
  status: number
  message: string
  details?: Record<string, unknown>
  requestId?: string | undefined
  /** `Retry-After` in seconds, where the answer carried one (`rate_limited`, fault rules). */
  retryAfter?: number | undefined
  method: string
  url: string
  cause?: unknown
}

/**
 * @example
 * try { await client.submitOrder('DEMO', order) } catch (error) {
 *   if (error instanceof MockBrokerError && error.code === 'insufficient_buying_power') ...
 * }
 */
export class MockBrokerError extends Error {
  override readonly name = 'MockBrokerError'
  /** A code of the error catalog (`ApiErrorCode`), a fault rule's own code, or `invalid_response`. */
  readonly code: ApiErrorCode | typeof INVALID_RESPONSE | (string & {})
  readonly status: number
  readonly details: Record<string, unknown>
  /** The body's `requestId`, else the `X-Request-Id` header; undefined when neither was sent. */
  readonly requestId: string | undefined
  readonly retryAfter: number | undefined
  /** The request that failed, e.g. `POST http://127.0.0.1:4100/v1/accounts/DEMO/orders`. */
  readonly method: string
  readonly url: string

  constructor(init: MockBrokerErrorInit) {
    super(
      `${init.method} ${init.url} answered ${init.status} ${init.code}: ${init.message}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    )
    this.code = init.code
    this.status = init.status
    this.details = init.details ?? {}
    this.requestId = init.requestId
    this.retryAfter = init.retryAfter
    this.method = init.method
    this.url = init.url
  }
}

/** Whether a value is a MockBrokerError, optionally with one of the given codes. */
export function isMockBrokerError(
  error: unknown,
  ...codes: (ApiErrorCode | typeof INVALID_RESPONSE)[]
): error is MockBrokerError {
  return (
    error instanceof MockBrokerError && (codes.length === 0 || codes.includes(error.code as never))
  )
}
