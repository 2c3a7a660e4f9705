/**
 * The request journal over a real port (`GET /mock/requests`, CONTRACT.md section 3): what the
 * client sent to `/v1`, newest first, with status, wall-clock duration, account and the fault
 * applied; null statuses for requests that were never answered; filtered by `limit` and a `path`
 * glob; cleared by `DELETE /mock/requests`, configure and reset.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import {
  FLAT_WORLD,
  ISO_MS,
  START,
  expectError,
  startClient,
  type Client,
} from '../support/broker.js'

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

async function requests(query = ''): Promise<any[]> {
  const res = await client.get(`/mock/requests${query}`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.requests
}

async function addRule(rule: Record<string, unknown>): Promise<string> {
  const res = await client.post('/mock/inject', { type: 'fault', rule })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id
}

it('records each /v1 request, newest first, and nothing of the control plane', async () => {
  const submit = await client.post(ORDERS, MARKET_BUY, { 'X-Request-Id': 'mine-1' })
  await client.get('/v1/accounts/DEMO')
  await client.get('/mock/state')
  const [account, order] = await requests()
  expect(await requests()).toHaveLength(2)
  expect(order).toEqual({
    requestId: 'mine-1',
    time: expect.stringMatching(ISO_MS),
    virtualTime: START,
    method: 'POST',
    path: ORDERS,
    operation: 'submitOrder',
    status: submit.status,
    durationMs: expect.any(Number),
    accountId: 'DEMO',
    fault: null,
  })
  expect(Math.abs(Date.parse(order.time) - Date.now())).toBeLessThan(60_000)
  expect(account).toMatchObject({ method: 'GET', operation: 'getAccount', status: 200 })
})

it('records refusals and unknown routes with their status', async () => {
  await client.post(ORDERS, { ...MARKET_BUY, symbol: 'NOPE' })
  await client.get('/v1/nowhere')
  const [unknown, refused] = await requests()
  expect(refused).toMatchObject({ operation: 'submitOrder', status: 422 })
  expect(unknown).toMatchObject({ path: '/v1/nowhere', operation: null, status: 404 })
})

it('lists the fault each request met, and a null status where none was answered', async () => {
  const error = await addRule({
    match: { operation: 'getAccount' },
    times: 1,
    effect: { kind: 'error', status: 503 },
  })
  const reset = await addRule({
    match: { operation: 'getClock' },
    times: 1,
    effect: { kind: 'reset' },
  })
  const timeout = await addRule({
    match: { operation: 'ping' },
    times: 1,
    effect: { kind: 'timeout' },
  })
  expect((await client.get('/v1/accounts/DEMO')).status).toBe(503)
  await expect(fetch(`${client.url}/v1/clock`)).rejects.toThrow()
  await expect(
    fetch(`${client.url}/v1/ping`, { signal: AbortSignal.timeout(200) }),
  ).rejects.toThrow()
  // The held request is recorded when its connection closes, a moment after the client gave up.
  let records = await requests()
  while (records.length < 3) records = await requests()
  const byOperation = Object.fromEntries(records.map((r) => [r.operation, r]))
  expect(byOperation.getAccount).toMatchObject({
    status: 503,
    fault: { ruleId: error, kind: 'error' },
  })
  expect(byOperation.getClock).toMatchObject({
    status: null,
    fault: { ruleId: reset, kind: 'reset' },
  })
  expect(byOperation.ping).toMatchObject({
    status: null,
    fault: { ruleId: timeout, kind: 'timeout' },
  })
  expect(byOperation.ping.durationMs).toBeGreaterThanOrEqual(150)
})

it('answers the newest `limit`, and only paths matching the `path` glob', async () => {
  for (let i = 0; i < 3; i++) await client.get('/v1/clock')
  await client.get('/v1/accounts/DEMO/positions')
  await client.get('/v1/quotes/AAPL')
  expect((await requests('?limit=2')).map((r) => r.operation)).toEqual(['getQuote', 'getPositions'])
  expect((await requests('?path=/v1/accounts/*')).map((r) => r.operation)).toEqual(['getPositions'])
  expect(await requests('?path=/v1/clock&limit=2')).toHaveLength(2)
  expect(await requests('?path=/v1/c?ock')).toHaveLength(3)
})

it('refuses a limit outside 1 to 1000', async () => {
  expectError(await client.get('/mock/requests?limit=0'), 400, 'invalid_request')
  expectError(await client.get('/mock/requests?limit=1001'), 400, 'invalid_request')
})

it('is cleared by DELETE /mock/requests, configure and reset', async () => {
  await client.get('/v1/clock')
  await client.get('/v1/clock')
  expect(await client.del('/mock/requests')).toMatchObject({ status: 200, body: { cleared: 2 } })
  expect(await requests()).toEqual([])
  await client.get('/v1/clock')
  await client.configure(FLAT_WORLD)
  expect(await requests()).toEqual([])
  await client.get('/v1/clock')
  expect((await client.post('/mock/reset')).status).toBe(200)
  expect(await requests()).toEqual([])
})
