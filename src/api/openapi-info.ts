/**
 * Metadata of the OpenAPI document: version, servers, tags, security schemes and the response
 * headers every route shares. The server passes `OPENAPI_DOCUMENT_CONFIG` to
 * `app.getOpenAPI31Document()` (or `app.doc31()`) after `registerApiComponents(app.openAPIRegistry)`;
 * the routes reference the components registered there.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi'

/** Version of the wire contract; bump it with the contract (CONTRACT.md, first paragraph). */
export const API_VERSION = '0.1.0'

export const ACCOUNT_KEY_SCHEME = 'accountKey'
export const CONTROL_TOKEN_SCHEME = 'controlToken'

/** Security of the /v1 account routes: the account's apiKey, or none for an account without one. */
export const ACCOUNT_SECURITY: Array<Record<string, string[]>> = [{ [ACCOUNT_KEY_SCHEME]: [] }, {}]

/** Security of the routes anyone may call (market data, liveness): none, stated explicitly. */
export const NO_SECURITY: Array<Record<string, string[]>> = []

/** Security of the /mock routes: the control token when MOCK_CONTROL_TOKEN is set, else none. */
export const CONTROL_SECURITY: Array<Record<string, string[]>> = [
  { [CONTROL_TOKEN_SCHEME]: [] },
  {},
]

export const OPENAPI_DOCUMENT_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'mock-broker',
    version: API_VERSION,
    description:
      'A deterministic mock securities broker: a virtual clock, a seeded market, seeded ' +
      'execution and fault injection. `/v1` is the broker a service under test talks to; `/mock` ' +
      'is the control plane its tests use. Every error answers `{ error: { code, message, ' +
      'details, requestId } }`. Decimals are strings in responses; times are virtual ISO-8601 UTC.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  // Relative: the server that serves this document, wherever it runs (port 4100 by default, a
  // container's mapped port, a test's ephemeral one), so "try it out" in /docs calls that server.
  servers: [{ url: '/', description: 'The mock-broker serving this document.' }],
  tags: [
    { name: 'broker', description: 'The broker surface (IBroker): market data, accounts, orders.' },
    { name: 'control', description: 'The control plane: configure, reset, advance, inspect.' },
    { name: 'ops', description: 'Liveness, readiness and the API description.' },
  ],
}

/** Headers the responses share, as OpenAPI header objects. */
const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description: 'Id of the request: the incoming X-Request-Id if any. Errors repeat it.',
    schema: { type: 'string' },
  },
  'X-Mock-Time': {
    description: 'Virtual time of the mock clock when the request was answered.',
    schema: { type: 'string', format: 'date-time' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per window under the rate-limit rule.',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the current window ends.',
    schema: { type: 'integer', minimum: 0 },
  },
} as const

/** Components the routes reference: security schemes and shared response headers. */
export function registerApiComponents(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', ACCOUNT_KEY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description:
      "The account's apiKey. Required only for accounts configured with an apiKey: 401 without " +
      "it, 403 with another account's key.",
  })
  registry.registerComponent('securitySchemes', CONTROL_TOKEN_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'The control token. Required only when the server runs with MOCK_CONTROL_TOKEN.',
  })
  for (const [name, header] of Object.entries(RESPONSE_HEADERS)) {
    registry.registerComponent('headers', name, header)
  }
}

/** A reference to one of the shared response headers. */
export function headerRef(name: keyof typeof RESPONSE_HEADERS): { $ref: string } {
  return { $ref: `#/components/headers/${name}` }
}
