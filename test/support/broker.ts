/**
 * End-to-end harness: a real mock-broker on an ephemeral port, and a tiny JSON client over the
 * real network stack (fetch), the way another service's integration test talks to it.
 */
import { expect } from 'vitest'
import type { ConfigureRequestInput } from '../../src/api/index.js'
import { startMockBroker, type MockBroker } from '../../src/testing/index.js'

/**
 * A flat, liquid one-symbol world: AAPL at bid 99.95 / ask 100.05 (mid 100, 10 bps), prices that
 * never move on their own, no venue latency, the one account DEMO with 100000 USD.
 */
export const FLAT_WORLD = {
  seed: 7,
  symbols: [{ symbol: 'AAPL', price: '100' }],
  marketConfig: { volatility: 0, spread: 10, liquidity: 1000 },
} satisfies ConfigureRequestInput

/** The virtual time a world starts at unless its clock says otherwise. */
export const START = '2026-01-05T14:30:00.000Z'

/** ISO-8601 UTC with milliseconds, the only time format on the wire. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** A plain decimal string, the only number format of money, prices and quantities. */
export const DECIMAL = /^-?\d+(\.\d+)?$/

/** `START` plus `ms`, as the wire writes it. */
export function at(ms: number, from: string = START): string {
  return new Date(Date.parse(from) + ms).toISOString()
}

/**
 * Asserts the contract's one error shape (CONTRACT.md section 0): the status, the stable code,
 * a message, details, and a `requestId` equal to the `X-Request-Id` header.
 */
export function expectError(res: JsonResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(res.body?.error?.code, JSON.stringify(res.body)).toBe(code)
  expect(res.body.error.message).toEqual(expect.any(String))
  expect(res.body.error.details).toEqual(expect.any(Object))
  expect(res.headers.get('x-request-id')).toBeTruthy()
  expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'))
  expect(res.headers.get('x-mock-time')).toMatch(ISO_MS)
}

/** Asserts a refusal that, as malformed or invalid input must, left the journal untouched. */
export async function expectRefused(
  client: Client,
  call: () => Promise<JsonResponse>,
  status: number,
  code: string,
): Promise<JsonResponse> {
  const before = await client.journal()
  const res = await call()
  expectError(res, status, code)
  expect(await client.journal()).toEqual(before)
  return res
}

export interface JsonResponse<T = any> {
  status: number
  headers: Headers
  body: T
}

export interface Client {
  broker: MockBroker
  url: string
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<T>>
  get<T = any>(path: string, headers?: Record<string, string>): Promise<JsonResponse<T>>
  post<T = any>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<T>>
  patch<T = any>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<T>>
  del<T = any>(path: string, headers?: Record<string, string>): Promise<JsonResponse<T>>
  /** POST /mock/configure, asserting it worked. */
  configure(config: ConfigureRequestInput): Promise<void>
  advance(ms: number): Promise<void>
  /** POST an order to the account (DEMO unless named), asserting `201`; answers the order. */
  submitOrder(order: Record<string, unknown>, accountId?: string): Promise<any>
  /** GET one order of the account (DEMO unless named), asserting `200`. */
  getOrder(orderId: string, accountId?: string): Promise<any>
  /** Injects a market event now (`POST /mock/inject`), asserting it was taken. */
  injectMarket(event: Record<string, unknown>): Promise<void>
  /** The journal position from /mock/state. */
  journal(): Promise<{ seq: number; hash: string; epoch: number }>
  close(): Promise<void>
}

export async function startClient(
  config: ConfigureRequestInput = {},
  options: { controlToken?: string; fixturesDir?: string; orderRetention?: number } = {},
): Promise<Client> {
  const broker = await startMockBroker({ port: 0, config, ...options })
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['Content-Type'] ??= 'application/json'
    }
    const res = await fetch(`${broker.url}${path}`, init)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      // Left as text: some tests look at bodies that are not JSON on purpose.
    }
    return { status: res.status, headers: res.headers, body: parsed as any }
  }
  const client: Client = {
    broker,
    url: broker.url,
    request,
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
    patch: (path, body, headers) => request('PATCH', path, body, headers),
    del: (path, headers) => request('DELETE', path, undefined, headers),
    async configure(config) {
      const res = await request('POST', '/mock/configure', config)
      if (res.status !== 200)
        throw new Error(`configure failed: ${res.status} ${JSON.stringify(res.body)}`)
    },
    async advance(ms) {
      const res = await request('POST', '/mock/advance', { ms })
      if (res.status !== 200)
        throw new Error(`advance failed: ${res.status} ${JSON.stringify(res.body)}`)
    },
    async submitOrder(order, accountId = 'DEMO') {
      const res = await request('POST', `/v1/accounts/${accountId}/orders`, order)
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return res.body
    },
    async getOrder(orderId, accountId = 'DEMO') {
      const res = await request('GET', `/v1/accounts/${accountId}/orders/${orderId}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    },
    async injectMarket(event) {
      const res = await request('POST', '/mock/inject', { type: 'market', event })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    },
    async journal() {
      const res = await request('GET', '/mock/state')
      return res.body.journal
    },
    close: () => broker.close(),
  }
  return client
}
