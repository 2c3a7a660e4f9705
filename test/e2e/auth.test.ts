/**
 * Authentication over a real port: account API keys on `/v1` (CONTRACT.md section 1, "Accounts
 * and auth") and the control token on `/mock` (section 0). Two servers: one open control plane
 * with keyed accounts, one started with a control token.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  FLAT_WORLD,
  expectError,
  expectRefused,
  startClient,
  type Client,
} from '../support/broker.js'

const KEYED_WORLD = {
  ...FLAT_WORLD,
  accounts: [
    { id: 'alice', cash: '100000', apiKey: 'alice-key' },
    { id: 'bob', cash: '100000', apiKey: 'bob-key' },
    { id: 'open', cash: '100000' },
  ],
}
const ALICE = { Authorization: 'Bearer alice-key' }
const BOB = { Authorization: 'Bearer bob-key' }
const CONTROL = { Authorization: 'Bearer secret' }
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', qty: '1', type: 'market' }

let client: Client
let guarded: Client

beforeAll(async () => {
  client = await startClient(KEYED_WORLD)
  guarded = await startClient(FLAT_WORLD, { controlToken: 'secret' })
})

afterAll(async () => {
  await client.close()
  await guarded.close()
})

it('answers 401 unauthorized on a keyed account without a key', async () => {
  await client.configure(KEYED_WORLD)
  const res = await expectRefused(
    client,
    () => client.get('/v1/accounts/alice'),
    401,
    'unauthorized',
  )
  expect(res.body.error.details).toMatchObject({ accountId: 'alice' })
  await expectRefused(
    client,
    () => client.post('/v1/accounts/alice/orders', MARKET_BUY),
    401,
    'unauthorized',
  )
  await expectRefused(client, () => client.get('/v1/accounts/alice/positions'), 401, 'unauthorized')
})

it('answers 401 for a key no account has, or a header that is not a bearer token', async () => {
  await client.configure(KEYED_WORLD)
  for (const header of ['Bearer nobody-key', 'Basic YWxpY2U6a2V5', 'alice-key', 'Bearer']) {
    await expectRefused(
      client,
      () => client.get('/v1/accounts/alice', { Authorization: header }),
      401,
      'unauthorized',
    )
  }
})

it("answers 403 forbidden with another account's key", async () => {
  await client.configure(KEYED_WORLD)
  await expectRefused(client, () => client.get('/v1/accounts/alice', BOB), 403, 'forbidden')
  await expectRefused(
    client,
    () => client.post('/v1/accounts/alice/orders', MARKET_BUY, BOB),
    403,
    'forbidden',
  )
  await expectRefused(client, () => client.del('/v1/accounts/alice/orders', BOB), 403, 'forbidden')
})

it('answers 200 with the account its own key', async () => {
  await client.configure(KEYED_WORLD)
  const account = await client.get('/v1/accounts/alice', ALICE)
  expect(account.status).toBe(200)
  expect(account.body.id).toBe('alice')
  const order = await client.post('/v1/accounts/alice/orders', MARKET_BUY, ALICE)
  expect(order.status).toBe(201)
  expect(order.body.accountId).toBe('alice')
  expect((await client.get('/v1/accounts/alice/orders?status=all', ALICE)).body).toHaveLength(1)
  expect((await client.get('/v1/accounts/alice/fills', ALICE)).status).toBe(200)
})

it('accepts the bearer scheme in any case', async () => {
  await client.configure(KEYED_WORLD)
  const res = await client.get('/v1/accounts/alice', { Authorization: 'bearer alice-key' })
  expect(res.status).toBe(200)
})

it('leaves an account without a key open, with or without a key', async () => {
  await client.configure(KEYED_WORLD)
  expect((await client.get('/v1/accounts/open')).status).toBe(200)
  expect((await client.get('/v1/accounts/open', ALICE)).status).toBe(200)
  expect((await client.post('/v1/accounts/open/orders', MARKET_BUY)).status).toBe(201)
})

it('lists only the accounts the caller may see', async () => {
  await client.configure(KEYED_WORLD)
  const ids = async (headers?: Record<string, string>) =>
    (await client.get('/v1/accounts', headers)).body.map((a: any) => a.id)
  expect(await ids()).toEqual(['open'])
  expect(await ids(ALICE)).toEqual(['alice', 'open'])
  expect(await ids(BOB)).toEqual(['bob', 'open'])
  expect(await ids({ Authorization: 'Bearer nobody-key' })).toEqual(['open'])
})

it('keeps market data and ops routes open', async () => {
  await client.configure(KEYED_WORLD)
  for (const path of ['/v1/ping', '/v1/clock', '/v1/symbols', '/v1/quotes', '/healthz']) {
    expect((await client.get(path)).status, path).toBe(200)
  }
})

it('requires the control token on /mock/* when one is set', async () => {
  const calls = [
    () => guarded.get('/mock/state'),
    () => guarded.get('/mock/events'),
    () => guarded.post('/mock/advance', { ms: 1_000 }),
    () => guarded.post('/mock/reset'),
    () => guarded.post('/mock/configure', {}),
    () =>
      guarded.post('/mock/inject', {
        type: 'market',
        event: { kind: 'halt', symbol: 'AAPL' },
      }),
  ]
  for (const call of calls) expectError(await call(), 401, 'unauthorized')
  const wrong = { Authorization: 'Bearer not-the-secret' }
  expectError(await guarded.get('/mock/state', wrong), 401, 'unauthorized')
  expectError(await guarded.post('/mock/advance', { ms: 1_000 }, wrong), 401, 'unauthorized')
  // Nothing moved: the clock is where it started and the first timeline is still current.
  const state = await guarded.get('/mock/state', CONTROL)
  expect(state.status).toBe(200)
  expect(state.body.clock.time).toBe('2026-01-05T14:30:00.000Z')
  expect(state.body.journal).toMatchObject({ epoch: 1, seq: 0 })
  expect(state.body.symbols[0].status).toBe('trading')
})

it('answers /mock/* with the control token', async () => {
  const configured = await guarded.post('/mock/configure', FLAT_WORLD, CONTROL)
  expect(configured.status).toBe(200)
  const advanced = await guarded.post('/mock/advance', { ms: 1_000 }, CONTROL)
  expect(advanced.status).toBe(200)
  expect((await guarded.get('/mock/events', CONTROL)).status).toBe(200)
  expect((await guarded.post('/mock/reset', {}, CONTROL)).status).toBe(200)
})

it('leaves /v1 and the ops routes alone when a control token is set', async () => {
  expect((await guarded.get('/v1/ping')).status).toBe(200)
  expect((await guarded.get('/v1/accounts/DEMO')).status).toBe(200)
  expect((await guarded.post('/v1/accounts/DEMO/orders', MARKET_BUY)).status).toBe(201)
  expect((await guarded.get('/healthz')).status).toBe(200)
  expect((await guarded.get('/readyz')).status).toBe(200)
  expect((await guarded.get('/openapi.json')).status).toBe(200)
})
