/**
 * The control plane over a real port (CONTRACT.md sections 3 and 4): configure (scenarios,
 * overrides, refusals), reset, advance, state, the event journal, market-event injection, and the
 * ops routes (`/healthz`, `/readyz`, `/openapi.json`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  FLAT_WORLD,
  ISO_MS,
  START,
  at,
  expectError,
  expectRefused,
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

async function state(): Promise<any> {
  const res = await client.get('/mock/state')
  expect(res.status).toBe(200)
  return res.body
}

async function inject(event: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return client.post('/mock/inject', { type: 'market', event, ...extra })
}

async function quote(): Promise<any> {
  return (await client.get('/v1/quotes/AAPL')).body
}

/** The journal and the config: a refused configure must change neither. */
async function world(): Promise<{ journal: unknown; config: unknown }> {
  const { journal, config } = await state()
  return { journal, config }
}

it('configures a new timeline at seq 0 with the next epoch', async () => {
  await client.configure(FLAT_WORLD)
  const { epoch } = await client.journal()
  const res = await client.post('/mock/configure', FLAT_WORLD)
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ epoch: epoch + 1, seq: 0, hash: expect.any(String), time: START })
  expect(await client.journal()).toEqual({ epoch: epoch + 1, seq: 0, hash: res.body.hash })
})

it('configures the default world from an empty body or no body at all', async () => {
  for (const send of [
    () => client.post('/mock/configure', {}),
    () => client.request('POST', '/mock/configure'),
  ]) {
    await client.configure(FLAT_WORLD)
    expect((await send()).status).toBe(200)
    const { config, accounts, symbols } = await state()
    expect(config.seed).toBe(42)
    expect(config.scenario).toBeNull()
    expect(accounts.map((a: any) => [a.id, a.cash])).toEqual([['DEMO', '100000']])
    expect(symbols.map((s: any) => s.symbol)).toEqual(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'TSLA'])
  }
})

it('configures a named scenario', async () => {
  const res = await client.post('/mock/configure', { scenario: 'normal', seed: 1 })
  expect(res.status).toBe(200)
  const { config, symbols } = await state()
  expect(config.scenario).toBe('normal')
  expect(config.seed).toBe(1)
  expect(config.marketConfig).toMatchObject({ volatility: 2, spread: 5, liquidity: 1000 })
  expect(symbols.map((s: any) => s.symbol)).toEqual(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'TSLA'])
})

it('configures an inline scenario object', async () => {
  const res = await client.post('/mock/configure', {
    scenario: {
      name: 'calm',
      description: 'one flat symbol',
      symbols: [{ symbol: 'IBM', price: '250' }],
      marketConfig: { volatility: 0, spread: 20 },
    },
  })
  expect(res.status).toBe(200)
  const { config, quotes } = await state()
  expect(config.scenario).toBe('calm')
  expect(quotes).toEqual([expect.objectContaining({ symbol: 'IBM', bid: '249.75', ask: '250.25' })])
})

it('lets explicit keys override the scenario', async () => {
  const res = await client.post('/mock/configure', {
    scenario: 'normal',
    symbols: [{ symbol: 'AAPL', price: '100' }],
    marketConfig: { volatility: 0, spread: 50 },
    accounts: [{ id: 'ops', cash: '10' }],
  })
  expect(res.status).toBe(200)
  const { config, symbols, accounts, quotes } = await state()
  expect(config.scenario).toBe('normal')
  expect(config.marketConfig).toMatchObject({ volatility: 0, spread: 50 })
  expect(symbols.map((s: any) => s.symbol)).toEqual(['AAPL'])
  expect(accounts.map((a: any) => a.id)).toEqual(['ops'])
  expect(quotes[0]).toMatchObject({ bid: '99.75', ask: '100.25' })
})

it('answers 404 not_found for an unknown scenario and keeps the world', async () => {
  await client.configure(FLAT_WORLD)
  await client.post(ORDERS, MARKET_BUY)
  const before = await world()
  const res = await client.post('/mock/configure', { scenario: 'no_such_scenario' })
  expectError(res, 404, 'not_found')
  expect(await world()).toEqual(before)
})

it('answers 400 invalid_request for a configuration that does not hold together', async () => {
  await client.configure(FLAT_WORLD)
  await client.post(ORDERS, MARKET_BUY)
  const before = await world()
  const bad = [
    { executionConfig: { latencyMin: 50, latencyMax: 10 } },
    { symbols: [{ symbol: 'AAPL', price: '100.005' }] },
    { symbols: ['AAPL', 'aapl'] },
    {
      accounts: [
        { id: 'a', cash: '1' },
        { id: 'a', cash: '2' },
      ],
    },
    { seed: 'seven' },
    { seed: 1.5 },
    { marketConfig: { volatility: -1 } },
    { marketConfig: { spreadBps: 10 } },
    { clock: { mode: 'manual', start: 'yesterday' } },
    { clock: { mode: 'realtime', speed: 2_000_000 } },
    { session: { open: '25:00', close: '16:00', timezone: 'America/New_York' } },
    { scenario: '../etc/passwd' },
    { scenario: { name: 'x', bogus: true } },
    { unknownKey: 1 },
    [],
    '"normal"',
  ]
  for (const body of bad) {
    const res = await client.post('/mock/configure', body)
    expectError(res, 400, 'invalid_request')
    expect(await world(), JSON.stringify(body)).toEqual(before)
  }
  const res = await client.post('/mock/configure', bad[0])
  expect(res.body.error.details.issues).toEqual([
    expect.objectContaining({ path: ['executionConfig', 'latencyMin'] }),
  ])
})

it('resets to the start of the last configure: same future, same hash, next epoch', async () => {
  const script = async () => {
    await client.post(ORDERS, MARKET_BUY)
    await client.advance(2_500)
    await client.post(ORDERS, { ...MARKET_BUY, side: 'sell', qty: '4' })
    await client.advance(1_000)
    return client.journal()
  }
  await client.configure({ ...FLAT_WORLD, marketConfig: { volatility: 30, spread: 10 } })
  const configured = await client.journal()
  const first = await script()
  const quotesFirst = (await state()).quotes
  const reset = await client.post('/mock/reset')
  expect(reset.status).toBe(200)
  expect(reset.body).toEqual({
    epoch: first.epoch + 1,
    seq: 0,
    hash: configured.hash,
    time: START,
  })
  expect((await state()).orders).toEqual([])
  const second = await script()
  expect(second).toEqual({ ...first, epoch: first.epoch + 1 })
  expect((await state()).quotes).toEqual(quotesFirst)
})

it('advances by ms and answers from, to and the number of events', async () => {
  await client.configure(FLAT_WORLD)
  const before = await client.journal()
  const res = await client.post('/mock/advance', { ms: 5_000 })
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ from: START, to: at(5_000), events: expect.any(Number) })
  // One quote tick a second.
  expect(res.body.events).toBe(5)
  expect((await client.journal()).seq).toBe(before.seq + res.body.events)
  expect((await client.get('/v1/clock')).body.time).toBe(at(5_000))
})

it('advances to a time, and to the present time as a no-op', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.post('/mock/advance', { to: at(60_000) })
  expect(res.status).toBe(200)
  expect(res.body).toMatchObject({ from: START, to: at(60_000) })
  const still = await client.post('/mock/advance', { to: at(60_000) })
  expect(still.body).toEqual({ from: at(60_000), to: at(60_000), events: 0 })
  const zero = await client.post('/mock/advance', { ms: 0 })
  expect(zero.body).toEqual({ from: at(60_000), to: at(60_000), events: 0 })
})

it('runs latencies and timeline events in time order while advancing', async () => {
  await client.configure({ ...FLAT_WORLD, executionConfig: { latencyMin: 300, latencyMax: 300 } })
  await client.post(ORDERS, MARKET_BUY)
  await inject({ kind: 'price_jump', symbol: 'AAPL', price: '110' }, { at: at(200) })
  await client.advance(1_000)
  const order = (await client.get(`${ORDERS}/ord-000001`)).body
  // The jump at 200 ms came before the acknowledgement at 300 ms: the buy paid the new ask.
  expect(order).toMatchObject({ status: 'filled', filledAt: at(300) })
  expect(Number(order.avgFillPrice)).toBeGreaterThan(110)
  const events = (await client.get('/mock/events?limit=1000')).body.events
  const times = events.map((e: any) => e.time)
  expect(times).toEqual([...times].sort())
  expect(events.map((e: any) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1))
})

it('expires day orders at the session close and gtd orders at expireAt while advancing', async () => {
  await client.configure({
    ...FLAT_WORLD,
    marketConfig: { ...FLAT_WORLD.marketConfig, updateFrequency: 60_000 },
    session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
  })
  const resting = { symbol: 'AAPL', side: 'buy', qty: '1', type: 'limit', limitPrice: '99' }
  const day = (await client.post(ORDERS, resting)).body
  const gtd = (
    await client.post(ORDERS, { ...resting, timeInForce: 'gtd', expireAt: at(30 * 60_000) })
  ).body
  const gtc = (await client.post(ORDERS, { ...resting, timeInForce: 'gtc' })).body
  await client.post('/mock/advance', { to: '2026-01-05T21:00:00.000Z' })
  const status = async (id: string) => (await client.get(`${ORDERS}/${id}`)).body
  expect(await status(gtd.id)).toMatchObject({ status: 'expired', expiredAt: at(30 * 60_000) })
  expect(await status(day.id)).toMatchObject({
    status: 'expired',
    expiredAt: '2026-01-05T21:00:00.000Z',
  })
  expect((await status(gtc.id)).status).toBe('new')
  const expired = (await client.get('/mock/events?type=order.expired')).body.events
  expect(expired.map((e: any) => [e.data.order.id, e.time])).toEqual([
    [gtd.id, at(30 * 60_000)],
    [day.id, '2026-01-05T21:00:00.000Z'],
  ])
})

it('holds an order submitted while the market is closed until the open', async () => {
  await client.configure({
    ...FLAT_WORLD,
    clock: { start: '2026-01-05T22:00:00.000Z' },
    marketConfig: { ...FLAT_WORLD.marketConfig, updateFrequency: 60_000 },
    session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
  })
  expect((await client.get('/v1/clock')).body.isOpen).toBe(false)
  const order = (await client.post(ORDERS, MARKET_BUY)).body
  await client.post('/mock/advance', { to: '2026-01-06T14:29:59.999Z' })
  expect((await client.get(`${ORDERS}/${order.id}`)).body.filledQty).toBe('0')
  await client.post('/mock/advance', { to: '2026-01-06T14:30:00.000Z' })
  expect((await client.get(`${ORDERS}/${order.id}`)).body).toMatchObject({
    status: 'filled',
    filledAt: '2026-01-06T14:30:00.000Z',
  })
})

it('answers 400 for an advance into the past or a malformed advance, moving nothing', async () => {
  await client.configure(FLAT_WORLD)
  await client.advance(10_000)
  const bodies = [
    { to: START },
    { to: 'not a time' },
    { to: '2026-02-30T00:00:00.000Z' },
    { ms: -1 },
    { ms: 1.5 },
    { ms: '100' },
    { ms: 100, to: at(20_000) },
    {},
  ]
  for (const body of bodies) {
    await expectRefused(client, () => client.post('/mock/advance', body), 400, 'invalid_request')
    expect((await client.get('/v1/clock')).body.time, JSON.stringify(body)).toBe(at(10_000))
  }
})

it('reports the whole world in /mock/state', async () => {
  await client.configure({ ...FLAT_WORLD, executionConfig: { latencyMin: 100, latencyMax: 100 } })
  await client.post(ORDERS, MARKET_BUY)
  await client.advance(100)
  const res = await client.get('/mock/state')
  expect(res.status).toBe(200)
  const body = res.body
  expect(Object.keys(body).sort()).toEqual(
    ['accounts', 'clock', 'config', 'faults', 'journal', 'orders', 'quotes', 'symbols'].sort(),
  )
  expect(body.clock).toMatchObject({ time: at(100), mode: 'manual' })
  expect(body.config).toMatchObject({
    seed: 7,
    executionConfig: { latencyMin: 100, latencyMax: 100 },
    marketConfig: { volatility: 0, spread: 10, liquidity: 1000 },
    session: '24x7',
  })
  expect(body.symbols).toEqual([expect.objectContaining({ symbol: 'AAPL', status: 'trading' })])
  expect(body.quotes).toEqual([expect.objectContaining({ symbol: 'AAPL', bid: '99.95' })])
  expect(body.accounts).toEqual([
    expect.objectContaining({
      id: 'DEMO',
      cash: '98999.5',
      positions: [expect.objectContaining({ symbol: 'AAPL', qty: '10' })],
    }),
  ])
  expect(body.orders).toEqual([expect.objectContaining({ id: 'ord-000001', status: 'filled' })])
  expect(body.faults).toEqual([])
  expect(body.journal).toEqual({
    seq: expect.any(Number),
    hash: expect.any(String),
    epoch: expect.any(Number),
  })
  expect(body.journal.seq).toBeGreaterThan(0)
})

it('reports seq 0 for an empty journal', async () => {
  await client.configure(FLAT_WORLD)
  expect((await client.journal()).seq).toBe(0)
})

it('pages the event journal with after, limit and next', async () => {
  await client.configure(FLAT_WORLD)
  await client.advance(10_000)
  const page1 = await client.get('/mock/events?limit=4')
  expect(page1.status).toBe(200)
  expect(page1.body.events.map((e: any) => e.seq)).toEqual([1, 2, 3, 4])
  expect(page1.body.next).toBe(4)
  const page2 = await client.get(`/mock/events?limit=4&after=${page1.body.next}`)
  expect(page2.body.events.map((e: any) => e.seq)).toEqual([5, 6, 7, 8])
  const page3 = await client.get(`/mock/events?limit=4&after=${page2.body.next}`)
  expect(page3.body.events.map((e: any) => e.seq)).toEqual([9, 10])
  expect(page3.body.next).toBeNull()
  const beyond = await client.get('/mock/events?after=10')
  expect(beyond.body).toEqual({ events: [], next: null })
  expect(page1.body.events[0]).toEqual({
    seq: 1,
    type: 'quote.updated',
    time: at(1_000),
    accountId: null,
    data: expect.objectContaining({ quote: expect.objectContaining({ symbol: 'AAPL' }) }),
  })
})

it('filters events by exact type and by an order.* prefix', async () => {
  await client.configure(FLAT_WORLD)
  await client.post(ORDERS, MARKET_BUY)
  await client.advance(2_000)
  const all = (await client.get('/mock/events')).body.events
  const exact = (await client.get('/mock/events?type=order.filled')).body.events
  expect(exact.map((e: any) => e.type)).toEqual(['order.filled'])
  const orders = (await client.get('/mock/events?type=order.*')).body.events
  expect(orders.map((e: any) => e.type)).toEqual([
    'order.pending_new',
    'order.accepted',
    'order.filled',
  ])
  expect(orders).toEqual(all.filter((e: any) => e.type.startsWith('order.')))
  const fills = (await client.get('/mock/events?type=fill.created')).body.events
  expect(fills).toHaveLength(1)
  expect(fills[0].data.fill).toMatchObject({ id: 'fill-000001', qty: '10', price: '100.05' })
  expect((await client.get('/mock/events?type=nothing.here')).body.events).toEqual([])
})

it('filters events by accountId', async () => {
  await client.configure({
    ...FLAT_WORLD,
    accounts: [
      { id: 'alice', cash: '100000' },
      { id: 'bob', cash: '100000' },
    ],
  })
  await client.post('/v1/accounts/alice/orders', MARKET_BUY)
  await client.post('/v1/accounts/bob/orders', { ...MARKET_BUY, qty: '2' })
  await client.advance(1_000)
  const alice = (await client.get('/mock/events?accountId=alice')).body.events
  const bob = (await client.get('/mock/events?accountId=bob&type=order.*')).body.events
  expect(alice.length).toBeGreaterThan(0)
  expect(alice.every((e: any) => e.accountId === 'alice')).toBe(true)
  expect(bob.map((e: any) => [e.accountId, e.data.order.id])).toEqual([
    ['bob', 'ord-000002'],
    ['bob', 'ord-000002'],
    ['bob', 'ord-000002'],
  ])
})

it('answers 400 for a malformed events query', async () => {
  await client.configure(FLAT_WORLD)
  for (const query of ['after=-1', 'after=x', 'limit=0', 'limit=5000', 'type=Order', 'type=*']) {
    await expectRefused(client, () => client.get(`/mock/events?${query}`), 400, 'invalid_request')
  }
})

it('injects a price jump by pct now', async () => {
  await client.configure(FLAT_WORLD)
  const res = await inject({ kind: 'price_jump', symbol: 'AAPL', pct: 10 })
  expect(res.status).toBe(201)
  expect(res.body).toEqual({ id: 'mev-000001', at: START })
  const q = await quote()
  // The mid moves to 110; bid and ask stay symmetric around it.
  expect(Number(q.bid) + Number(q.ask)).toBeCloseTo(220, 9)
  expect(Number(q.ask)).toBeGreaterThan(110)
  const events = (await client.get('/mock/events?type=market.*')).body.events
  expect(events).toEqual([
    expect.objectContaining({ type: 'market.price_jump', time: START, accountId: null }),
  ])
})

it('injects a price jump to a price now', async () => {
  await client.configure(FLAT_WORLD)
  const res = await inject({ kind: 'price_jump', symbol: 'aapl', price: '120' })
  expect(res.status).toBe(201)
  const q = await quote()
  expect(Number(q.bid) + Number(q.ask)).toBeCloseTo(240, 9)
  expect(Number(q.bid)).toBeLessThan(120)
})

it('injects a price jump at a future time that fires when the clock gets there', async () => {
  await client.configure(FLAT_WORLD)
  const res = await inject({ kind: 'price_jump', symbol: 'AAPL', pct: -20 }, { at: at(5_000) })
  expect(res.status).toBe(201)
  expect(res.body).toEqual({ id: expect.stringMatching(/^mev-/), at: at(5_000) })
  await client.advance(4_999)
  expect(await quote()).toMatchObject({ bid: '99.95', ask: '100.05' })
  await client.advance(1)
  const q = await quote()
  expect(Number(q.bid) + Number(q.ask)).toBeCloseTo(160, 9)
  const fired = (await client.get('/mock/events?type=market.price_jump')).body.events
  expect(fired.map((e: any) => e.time)).toEqual([at(5_000)])
})

it('refuses an injection in the past, for an unknown symbol, or malformed, changing nothing', async () => {
  await client.configure(FLAT_WORLD)
  await client.advance(1_000)
  const jump = { kind: 'price_jump', symbol: 'AAPL', pct: 1 }
  await expectRefused(client, () => inject(jump, { at: START }), 400, 'invalid_request')
  await expectRefused(client, () => inject({ ...jump, symbol: 'ZZZZ' }), 422, 'unknown_symbol')
  const malformed = [
    { type: 'market', event: { kind: 'price_jump', symbol: 'AAPL', pct: 1, price: '2' } },
    { type: 'market', event: { kind: 'price_jump', symbol: 'AAPL' } },
    { type: 'market', event: { kind: 'meteor', symbol: 'AAPL' } },
    { type: 'weather', event: { kind: 'halt', symbol: 'AAPL' } },
    { type: 'market' },
  ]
  for (const body of malformed) {
    await expectRefused(client, () => client.post('/mock/inject', body), 400, 'invalid_request')
  }
  expect(await quote()).toMatchObject({ bid: '99.95', ask: '100.05' })
})

it('halts a symbol: submits answer 422 market_halted and are recorded rejected', async () => {
  await client.configure(FLAT_WORLD)
  const res = await inject({ kind: 'halt', symbol: 'AAPL' })
  expect(res.status).toBe(201)
  expect((await client.get('/v1/symbols')).body[0].status).toBe('halted')
  const before = await client.journal()
  const refused = await client.post(ORDERS, { ...MARKET_BUY, clientOrderId: 'during-halt' })
  expectError(refused, 422, 'market_halted')
  expect((await client.journal()).seq).toBeGreaterThan(before.seq)
  expect((await client.get(`${ORDERS}/by-client-id/during-halt`)).body).toMatchObject({
    status: 'rejected',
    rejectReason: expect.stringContaining('market_halted'),
  })
})

it('resumes a halted symbol', async () => {
  await client.configure(FLAT_WORLD)
  await inject({ kind: 'halt', symbol: 'AAPL' })
  const res = await inject({ kind: 'resume', symbol: 'AAPL' })
  expect(res.status).toBe(201)
  expect((await client.get('/v1/symbols')).body[0].status).toBe('trading')
  const submitted = await client.post(ORDERS, MARKET_BUY)
  expect(submitted.status).toBe(201)
  const types = (await client.get('/mock/events?type=market.*')).body.events.map((e: any) => e.type)
  expect(types).toEqual(['market.halt', 'market.resume'])
})

it('halts and resumes at scheduled times', async () => {
  await client.configure(FLAT_WORLD)
  await inject({ kind: 'halt', symbol: 'AAPL' }, { at: at(1_000) })
  await inject({ kind: 'resume', symbol: 'AAPL' }, { at: at(2_000) })
  expect((await client.get('/v1/symbols')).body[0].status).toBe('trading')
  await client.advance(1_000)
  expect((await client.get('/v1/symbols')).body[0].status).toBe('halted')
  expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(422)
  await client.advance(1_000)
  expect((await client.get('/v1/symbols')).body[0].status).toBe('trading')
  expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
})

it('answers liveness and readiness', async () => {
  const health = await client.get('/healthz')
  expect(health.status).toBe(200)
  expect(health.body).toEqual({ status: 'ok' })
  expect(health.headers.get('x-mock-time')).toMatch(ISO_MS)
  const ready = await client.get('/readyz')
  expect(ready.status).toBe(200)
  expect(ready.body).toEqual({ status: 'ready' })
})

it('serves the OpenAPI document', async () => {
  const res = await client.get('/openapi.json')
  expect(res.status).toBe(200)
  expect(res.body.openapi).toMatch(/^3\.1\./)
  const paths = Object.keys(res.body.paths)
  for (const path of [
    '/v1/ping',
    '/v1/accounts/{accountId}/orders',
    '/v1/accounts/{accountId}/orders/{orderId}',
    '/v1/accounts/{accountId}/fills',
    '/mock/configure',
    '/mock/advance',
    '/mock/events',
    '/mock/inject',
  ]) {
    expect(paths).toContain(path)
  }
})
