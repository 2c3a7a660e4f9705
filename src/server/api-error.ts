/**
 * Turns every way a request can fail into the contract's one error shape, with the status of the
 * code's catalog entry: core refusals (SimError), ApiError thrown by the shell, hono's own
 * HTTPExceptions (malformed JSON, body limit) and anything unexpected (500 `internal`, logged).
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { API_ERRORS, ApiError, isApiErrorCode, type ApiErrorCode } from '../api/index.js'
import type { Result, SimError } from '../sim/index.js'
import type { AppEnv } from './request-context.js'

export function fromSimError(error: SimError): ApiError {
  return new ApiError(error.code, error.message, error.details)
}

/** The value of a core result, or the contract's error for its refusal. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw fromSimError(result.error)
  return result.value
}

export function errorBody(
  code: ApiErrorCode,
  message: string,
  details: Record<string, unknown>,
  requestId: string,
) {
  return { error: { code, message, details, requestId } }
}

export function respondWithError(error: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? ''
  const apiError = toApiError(error)
  if (apiError.code === 'internal')
    console.error(`[mock-broker] internal error on ${c.req.method} ${c.req.path}:`, error)
  const status = apiError.status as ContentfulStatusCode
  return c.json(errorBody(apiError.code, apiError.message, apiError.details, requestId), status)
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof HTTPException) {
    if (error.status === 413)
      return new ApiError('payload_too_large', API_ERRORS.payload_too_large.message)
    if (error.status === 400) {
      return new ApiError(
        'invalid_request',
        `${error.message || 'Malformed request'}: send a JSON body that matches the schema`,
        {
          issues: [{ code: 'invalid_json', message: error.message, path: [] }],
        },
      )
    }
    const code =
      error.status === 401
        ? 'unauthorized'
        : error.status === 404
          ? 'not_found'
          : error.status === 415
            ? 'unsupported_media_type'
            : 'internal'
    if (isApiErrorCode(code) && code !== 'internal') return new ApiError(code, error.message)
  }
  return new ApiError(
    'internal',
    'internal error in mock-broker; this is a bug, please report it with the request id',
  )
}
