/**
 * Building blocks of the route definitions: JSON bodies, success responses with the shared
 * headers, and error responses grouped by status from the error catalog.
 *
 * `errorResponses()` is typed by the statuses of the codes it is given, so a route's handler type
 * knows exactly which error statuses the route declares. The OpenAPI description of each error
 * status lists its codes, and the media type carries one example per code.
 */
import type { z } from '@hono/zod-openapi'
import { API_ERRORS, ErrorBody, type ApiErrorCode } from '../errors.js'
import { headerRef } from '../openapi-info.js'

type HeaderRef = { $ref: string }

/** One error status of a route: the ErrorBody with one example per code. */
export type ErrorResponse = {
  description: string
  headers: Record<string, HeaderRef>
  content: {
    'application/json': {
      schema: typeof ErrorBody
      examples: Record<string, { summary: string; value: ErrorBody }>
    }
  }
}

const SHARED_HEADERS = {
  'X-Request-Id': headerRef('X-Request-Id'),
  'X-Mock-Time': headerRef('X-Mock-Time'),
}

/** A named example of a media type, as OpenAPI writes it. */
export type NamedExample<T> = { summary: string; value: T }

/**
 * A required JSON request body. Its example is the schema's own (`.openapi({ example })`), or
 * `examples` here when one body has several telling shapes (a market event or a fault rule).
 */
export function jsonBody<T extends z.ZodType>(
  schema: T,
  description: string,
  examples?: Record<string, NamedExample<z.input<T>>>,
) {
  const media = examples === undefined ? { schema } : { schema, examples }
  return { description, required: true, content: { 'application/json': media } }
}

/**
 * A JSON success response with the shared headers (plus `headers`, if given) and an example of
 * its body: `example`, or the example of the schema's component when it has one.
 */
export function jsonResponse<T extends z.ZodType>(
  schema: T,
  description: string,
  options: {
    example?: z.input<T>
    examples?: Record<string, NamedExample<z.input<T>>>
    headers?: Record<string, HeaderRef | { description: string; schema: object }>
  } = {},
) {
  const { example, examples, headers = {} } = options
  return {
    description,
    headers: { ...SHARED_HEADERS, ...headers },
    content: {
      'application/json': {
        schema,
        ...(example === undefined ? {} : { example }),
        ...(examples === undefined ? {} : { examples }),
      },
    },
  }
}

type ErrorStatus<C extends ApiErrorCode> = (typeof API_ERRORS)[C]['status']

/** Error responses for the given codes, one per status, keyed by status. */
export function errorResponses<C extends ApiErrorCode = never>(
  ...codes: C[]
): { [S in ErrorStatus<C>]: ErrorResponse } {
  const byStatus = new Map<number, ApiErrorCode[]>()
  for (const code of new Set(codes)) {
    const { status } = API_ERRORS[code]
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Record<number, ErrorResponse> = {}
  for (const [status, group] of byStatus) responses[status] = errorResponse(group)
  return responses as { [S in ErrorStatus<C>]: ErrorResponse }
}

/** Any other status: what a fault rule answers (`injected_fault`). */
export const FAULT_RESPONSE: ErrorResponse = errorResponse(
  ['injected_fault'],
  'Any other status: an injected fault rule answered the request (`injected_fault`).',
)

function errorResponse(codes: readonly ApiErrorCode[], description?: string): ErrorResponse {
  const examples: Record<string, { summary: string; value: ErrorBody }> = {}
  for (const code of codes) {
    const { message } = API_ERRORS[code]
    examples[code] = {
      summary: code,
      value: { error: { code, message, details: {}, requestId: 'req-000001' } },
    }
  }
  const rateLimited = codes.includes('rate_limited')
  return {
    description:
      description ?? codes.map((code) => `\`${code}\`: ${API_ERRORS[code].message}`).join(' '),
    headers: {
      ...SHARED_HEADERS,
      ...(rateLimited
        ? {
            'Retry-After': headerRef('Retry-After'),
            'X-RateLimit-Limit': headerRef('X-RateLimit-Limit'),
            'X-RateLimit-Remaining': headerRef('X-RateLimit-Remaining'),
            'X-RateLimit-Reset': headerRef('X-RateLimit-Reset'),
          }
        : {}),
    },
    content: { 'application/json': { schema: ErrorBody, examples } },
  }
}
