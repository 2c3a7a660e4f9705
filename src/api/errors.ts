/**
 * The error catalog of the HTTP surface (CONTRACT.md section 0, STYLE.md E3): every error answer,
 * on every route, is `{ error: { code, message, details, requestId } }` with a code from this list.
 *
 * Codes are stable: clients and tests match on them. The status is the code's, except for
 * `injected_fault`, which answers whatever status the fault rule names. `message` is the default
 * human text; throw sites should say what failed and how to fix it instead where they can.
 */
import { z } from '@hono/zod-openapi'

export const API_ERRORS = {
  invalid_request: {
    status: 400,
    message: 'The request does not match the schema; details.issues lists what to fix.',
  },
  unauthorized: {
    status: 401,
    message:
      'Send Authorization: Bearer <token> with the key of this account or the control token.',
  },
  forbidden: { status: 403, message: 'The bearer token belongs to another account.' },
  not_found: { status: 404, message: 'No such resource.' },
  request_timeout: {
    status: 408,
    message:
      'The request (headers, then body) did not arrive within the server’s time limit; the connection is closed.',
  },
  order_not_cancelable: {
    status: 409,
    message: 'The order is already final (filled, canceled, replaced, rejected or expired).',
  },
  order_not_replaceable: {
    status: 409,
    message: 'The order is final or already being canceled or replaced.',
  },
  duplicate_client_order_id: {
    status: 409,
    message: 'This clientOrderId was already used on this account with different parameters.',
  },
  events_expired: {
    status: 410,
    message:
      'The events after sinceSeq are no longer in the journal (or belong to another timeline); read the state over REST and subscribe again.',
  },
  payload_too_large: { status: 413, message: 'The request body is larger than 1 MiB.' },
  headers_too_large: {
    status: 431,
    message: 'The request line and headers are larger than the server accepts (16 KiB).',
  },
  unsupported_media_type: {
    status: 415,
    message: 'Send the request body as JSON with Content-Type: application/json.',
  },
  insufficient_buying_power: {
    status: 422,
    message: 'The account does not have the buying power for this order.',
  },
  insufficient_position: {
    status: 422,
    message: 'The account does not hold enough of the symbol, and short selling is not allowed.',
  },
  risk_limit_exceeded: { status: 422, message: 'The order breaks a risk limit of the account.' },
  market_halted: { status: 422, message: 'Trading in the symbol is halted.' },
  unknown_symbol: { status: 422, message: 'The symbol is not configured.' },
  too_many_subscriptions: {
    status: 422,
    message: 'The stream connection would have more channels than the server allows.',
  },
  invalid_order: {
    status: 422,
    message: 'The order is well-formed but not valid (price, quantity, tick or lot size).',
  },
  rate_limited: { status: 429, message: 'Too many requests; retry after Retry-After seconds.' },
  injected_fault: { status: 500, message: 'A fault rule answered this request.' },
  // Only fault rules answer these three: the codes a chaos test most often wants to name.
  bad_gateway: { status: 502, message: 'A fault rule answered as a failing upstream would.' },
  service_unavailable: {
    status: 503,
    message: 'A fault rule answered as an overloaded broker would.',
  },
  gateway_timeout: { status: 504, message: 'A fault rule answered as a timed-out upstream would.' },
  too_many_connections: {
    status: 503,
    message: 'The server has as many stream connections as it allows; retry once one has closed.',
  },
  internal: { status: 500, message: 'Internal error in the mock broker; this is a bug.' },
} as const satisfies Record<string, { status: number; message: string }>

export type ApiErrorCode = keyof typeof API_ERRORS

/** Every catalog code, in catalog order. */
export const API_ERROR_CODES = Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]

/** Whether a string is a catalog code (fault rules and untyped callers hand in plain strings). */
export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERRORS, code)
}

export const ApiErrorCodeSchema = z.enum(API_ERROR_CODES).openapi('ApiErrorCode', {
  description: 'Stable machine-readable error code.',
  example: 'insufficient_buying_power',
})

/** The one error body of every route. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ApiErrorCodeSchema,
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
      requestId: z.string().openapi({ description: 'Equals the X-Request-Id response header.' }),
    }),
  })
  .openapi('ErrorBody', {
    example: {
      error: {
        code: 'insufficient_buying_power',
        message: 'Buying power 500 is less than the 15025 this order needs.',
        details: { required: '15025', available: '500' },
        requestId: 'req-000001',
      },
    },
  })
export type ErrorBody = z.infer<typeof ErrorBody>

/**
 * An error the HTTP shell turns into an ErrorBody answer.
 * @example throw new ApiError('not_found', `No order "${orderId}" on account "${accountId}".`)
 */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: ApiErrorCode
  readonly status: number
  readonly details: Record<string, unknown>

  constructor(
    code: ApiErrorCode,
    message?: string,
    details: Record<string, unknown> = {},
    status?: number,
  ) {
    super(message ?? API_ERRORS[code].message)
    this.code = code
    this.details = details
    this.status = status ?? API_ERRORS[code].status
  }

  /** The response body, given the id of the request it answers. */
  toBody(requestId: string): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details, requestId } }
  }
}
