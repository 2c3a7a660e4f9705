/**
 * The HTTP effects of fault rules over a real port (CONTRACT.md section 3, "Fault rules"), the way
 * a service under test meets them through fetch: `error`, `latency`, `timeout` (with and without
 * `afterEffect`), `reset`, `malformed` and `rate_limit`; and when rules fire: `times`, `after`,
 * `window` (virtual time) and `probability` (seeded: the same pattern every run and after reset).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ConfigureRequestInput } from '../../src/api/index.js'
import { FLAT_WORLD, START, at, expectError, startClient, type Client } from '../support/broker.js'

const ORDERS = '/v1/accounts/DEMO/orders'
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

beforeEach(async () => {
  await client.configure(FLAT_WORLD)
})

async function addRule(rule: Record<string, unknown>): Promise<string> {
  const res = await client.post('/mock/inject', { type: 'fault', rule })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id
}

/** Statuses of `n` calls to GET /v1/clock. */
async function clockStatuses(n: number): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < n; i++) statuses.push((await client.get('/v1/clock')).status)
  return statuses
}

/** A fetch that gives up after `ms` of wall-clock time, as a client with a timeout does. */
async function fetchWithTimeout(path: string, init: RequestInit, ms: number): Promise<unknown> {
  try {
    await fetch(`${client.url}${path}`, { ...init, signal: AbortSignal.timeout(ms) })
    return null
  } catch (error) {
    return error
  }
}

function postJson(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }
}

describe('error', () => {
  it('answers 503 twice with the contract body and Retry-After, then lets the submit through', async () => {
    const id = await addRule({
      match: { operation: 'submitOrder' },
      times: 2,
      effect: { kind: 'error', status: 503, retryAfter: 1 },
    })
    for (let i = 0; i < 2; i++) {
      const res = await client.post(ORDERS, MARKET_BUY)
      expectError(res, 503, 'injected_fault')
      expect(res.body.error.details).toEqual({ ruleId: id })
      expect(res.body.error.message).toContain(id)
      expect(res.headers.get('retry-after')).toBe('1')
    }
    expect((await client.get(`${ORDERS}?status=all`)).body).toEqual([])
    const res = await client.post(ORDERS, MARKET_BUY)
    expect(res.status).toBe(201)
    expect(res.headers.get('retry-after')).toBeNull()
  })

  it('answers the code and message the rule names, without Retry-After unless asked', async () => {
    await addRule({
      match: { operation: 'getAccount' },
      effect: { kind: 'error', status: 502, code: 'bad_gateway', message: 'upstream is down' },
    })
    const res = await client.get('/v1/accounts/DEMO')
    expectError(res, 502, 'bad_gateway')
    expect(res.body.error.message).toBe('upstream is down')
    expect(res.headers.get('retry-after')).toBeNull()
  })

  it('skips the first `after` matching calls', async () => {
    await addRule({
      match: { operation: 'submitOrder' },
      after: 1,
      times: 1,
      effect: { kind: 'error', status: 500 },
    })
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
    expectError(await client.post(ORDERS, MARKET_BUY), 500, 'injected_fault')
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
  })

  it('fires only inside its window of virtual time', async () => {
    await addRule({
      match: { operation: 'getClock' },
      window: { from: at(60_000), to: at(120_000) },
      effect: { kind: 'error', status: 503 },
    })
    expect(await clockStatuses(1)).toEqual([200])
    await client.advance(60_000)
    expect(await clockStatuses(2)).toEqual([503, 503])
    await client.advance(60_000)
    expect(await clockStatuses(1)).toEqual([200])
  })

  it('applies before auth: a request without its account key is faulted too', async () => {
    await client.configure({
      ...FLAT_WORLD,
      accounts: [{ id: 'KEYED', cash: '1000', apiKey: 'k' }],
    })
    await addRule({
      match: { accountId: 'KEYED' },
      times: 1,
      effect: { kind: 'error', status: 503 },
    })
    expectError(await client.get('/v1/accounts/KEYED'), 503, 'injected_fault')
    expectError(await client.get('/v1/accounts/KEYED'), 401, 'unauthorized')
  })

  it('never touches the control plane or the ops routes', async () => {
    await addRule({ match: { path: '*' }, effect: { kind: 'error', status: 500 } })
    expect((await client.get('/v1/ping')).status).toBe(500)
    expect((await client.get('/mock/state')).status).toBe(200)
    expect((await client.get('/mock/faults')).status).toBe(200)
    expect((await client.get('/healthz')).status).toBe(200)
  })
})

describe('probability', () => {
  const HALF = {
    ...FLAT_WORLD,
    seed: 11,
    faults: [
      {
        match: { operation: 'getClock' },
        probability: 0.5,
        effect: { kind: 'error', status: 500 },
      },
    ],
  } satisfies ConfigureRequestInput

  it('fires in the same seeded pattern on every run and after a reset', async () => {
    await client.configure(HALF)
    const first = await clockStatuses(40)
    expect(first).toContain(200)
    expect(first).toContain(500)
    await client.configure(HALF)
    expect(await clockStatuses(40)).toEqual(first)
    expect((await client.post('/mock/reset')).status).toBe(200)
    expect(await clockStatuses(40)).toEqual(first)
    await client.configure({ ...HALF, seed: 12 })
    expect(await clockStatuses(40)).not.toEqual(first)
  })

  it('fires about half the time over many calls', async () => {
    await client.configure(HALF)
    const fired = (await clockStatuses(200)).filter((status) => status === 500).length
    expect(fired).toBeGreaterThan(70)
    expect(fired).toBeLessThan(130)
    const faults = (await client.get('/mock/faults')).body.faults
    expect(faults[0]).toMatchObject({ matched: 200, fired })
  })
})

describe('latency', () => {
  it('delays the answer by at least the configured wall-clock time, then answers', async () => {
    await addRule({
      match: { operation: 'getClock' },
      times: 1,
      effect: { kind: 'latency', ms: 150 },
    })
    const started = performance.now()
    const res = await client.get('/v1/clock')
    expect(performance.now() - started).toBeGreaterThanOrEqual(150)
    expect(res.status).toBe(200)
    expect(res.body.time).toBe(START)
  })

  it('draws the delay from a distribution', async () => {
    await addRule({
      match: { operation: 'getQuote' },
      times: 1,
      effect: { kind: 'latency', distribution: { type: 'uniform', min: 100, max: 120 } },
    })
    const started = performance.now()
    expect((await client.get('/v1/quotes/AAPL')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(100)
    const events = (await client.get('/mock/events?type=fault.applied')).body.events
    expect(events[0].data.delayMs).toBeGreaterThanOrEqual(100)
    expect(events[0].data.delayMs).toBeLessThanOrEqual(120)
  })

  it('runs nothing for a client that gave up during the delay', async () => {
    await addRule({
      match: { operation: 'submitOrder' },
      times: 1,
      effect: { kind: 'latency', ms: 2000 },
    })
    const order = { ...MARKET_BUY, clientOrderId: 'gave-up-1' }
    expect(await fetchWithTimeout(ORDERS, postJson(order), 100)).toBeInstanceOf(Error)
    // Recorded once the broker saw the connection close (without waiting out the delay).
    while ((await client.get('/mock/requests?path=/v1/accounts/*')).body.requests.length === 0) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    const [record] = (await client.get('/mock/requests?path=/v1/accounts/*')).body.requests
    expect(record).toMatchObject({ operation: 'submitOrder', status: null })
    expect(record.durationMs).toBeLessThan(2000)
    expectError(await client.get(`${ORDERS}/by-client-id/gave-up-1`), 404, 'not_found')
  })
})

describe('timeout', () => {
  it('with afterEffect: the client times out, yet the order exists and a retry replays it', async () => {
    await addRule({
      match: { operation: 'submitOrder' },
      times: 1,
      effect: { kind: 'timeout', afterEffect: true },
    })
    const order = { ...MARKET_BUY, clientOrderId: 'did-it-go-1' }
    const error = (await fetchWithTimeout(ORDERS, postJson(order), 300)) as Error
    expect(error?.name).toBe('TimeoutError')
    const found = await client.get(`${ORDERS}/by-client-id/did-it-go-1`)
    expect(found.status).toBe(200)
    const retry = await client.post(ORDERS, order)
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body.id).toBe(found.body.id)
    expect((await client.get(`${ORDERS}?status=all`)).body).toHaveLength(1)
  })

  it('without afterEffect: the client times out and nothing happened', async () => {
    await addRule({ match: { operation: 'submitOrder' }, times: 1, effect: { kind: 'timeout' } })
    const order = { ...MARKET_BUY, clientOrderId: 'lost-1' }
    const error = (await fetchWithTimeout(ORDERS, postJson(order), 300)) as Error
    expect(error?.name).toBe('TimeoutError')
    expectError(await client.get(`${ORDERS}/by-client-id/lost-1`), 404, 'not_found')
    expect((await client.post(ORDERS, order)).status).toBe(201)
  })

  it('does not keep the server from closing', async () => {
    const other = await startClient(FLAT_WORLD)
    const res = await other.post('/mock/inject', {
      type: 'fault',
      rule: { match: { operation: 'getClock' }, effect: { kind: 'timeout' } },
    })
    expect(res.status).toBe(201)
    const held = fetch(`${other.url}/v1/clock`).catch((error: unknown) => error)
    // The request is held once the journal of the other server can see the rule fire.
    while ((await other.get('/mock/faults')).body.faults[0].fired === 0) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    await other.close()
    expect(await held).toBeInstanceOf(Error)
  })
})

describe('reset', () => {
  it('drops the connection without an answer; the next request is served', async () => {
    await addRule({ match: { operation: 'getAccount' }, times: 1, effect: { kind: 'reset' } })
    const error = (await fetchWithTimeout('/v1/accounts/DEMO', {}, 5000)) as Error & {
      cause?: { code?: string; message?: string }
    }
    expect(error).toBeInstanceOf(TypeError)
    expect(`${error.cause?.code} ${error.cause?.message}`).toMatch(
      /ECONNRESET|socket hang up|other side closed/,
    )
    expect((await client.get('/v1/accounts/DEMO')).status).toBe(200)
  })
})

describe('malformed', () => {
  it('answers 200 application/json with a body that is not JSON', async () => {
    await addRule({ match: { operation: 'getAccount' }, times: 1, effect: { kind: 'malformed' } })
    const res = await fetch(`${client.url}/v1/accounts/DEMO`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await res.text()
    expect(text.length).toBeGreaterThan(0)
    expect(() => JSON.parse(text)).toThrow()
    expect(res.headers.get('x-request-id')).toBeTruthy()
    expect(res.headers.get('x-mock-time')).toBe(START)
  })

  it('runs the operation before garbling its answer', async () => {
    await addRule({ match: { operation: 'submitOrder' }, times: 1, effect: { kind: 'malformed' } })
    const res = await client.post(ORDERS, { ...MARKET_BUY, clientOrderId: 'garbled-1' })
    expect(res.status).toBe(200)
    expect(typeof res.body).toBe('string')
    expect((await client.get(`${ORDERS}/by-client-id/garbled-1`)).status).toBe(200)
  })
})

describe('rate_limit', () => {
  it('answers 429 past the limit with Retry-After and X-RateLimit-*, and recovers (virtual window)', async () => {
    await addRule({
      match: { operation: 'getClock' },
      effect: { kind: 'rate_limit', limit: 2, windowMs: 1500, clock: 'virtual' },
    })
    const headers = (res: { headers: Headers }) =>
      ['limit', 'remaining', 'reset'].map((h) => res.headers.get(`x-ratelimit-${h}`))
    const first = await client.get('/v1/clock')
    expect(first.status).toBe(200)
    expect(headers(first)).toEqual(['2', '1', '2'])
    expect(headers(await client.get('/v1/clock'))).toEqual(['2', '0', '2'])
    await client.advance(1000)
    const limited = await client.get('/v1/clock')
    expectError(limited, 429, 'rate_limited')
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(headers(limited)).toEqual(['2', '0', '1'])
    expect(limited.body.error.details).toMatchObject({ limit: 2, windowMs: 1500 })
    await client.advance(500)
    const recovered = await client.get('/v1/clock')
    expect(recovered.status).toBe(200)
    expect(headers(recovered)).toEqual(['2', '1', '2'])
  })

  it('puts the headers on every answer under the rule, errors of other rules included', async () => {
    await addRule({
      match: { operation: 'getQuote' },
      effect: { kind: 'rate_limit', limit: 10, windowMs: 1000, clock: 'virtual' },
    })
    await addRule({
      match: { operation: 'getQuote' },
      times: 1,
      effect: { kind: 'error', status: 500 },
    })
    const faulted = await client.get('/v1/quotes/AAPL')
    expectError(faulted, 500, 'injected_fault')
    expect(faulted.headers.get('x-ratelimit-remaining')).toBe('9')
    const unknown = await client.get('/v1/quotes/NOPE')
    expectError(unknown, 404, 'not_found')
    expect(unknown.headers.get('x-ratelimit-remaining')).toBe('8')
    expect((await client.get('/v1/clock')).headers.get('x-ratelimit-limit')).toBeNull()
  })

  it('counts a wall-clock window by default', async () => {
    await addRule({
      match: { operation: 'getClock' },
      effect: { kind: 'rate_limit', limit: 1, windowMs: 200 },
    })
    expect(await clockStatuses(2)).toEqual([200, 429])
    // The window is wall-clock time here (the one test that waits on the wall clock).
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(await clockStatuses(1)).toEqual([200])
  })
})
