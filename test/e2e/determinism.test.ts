/**
 * Determinism over HTTP (CONTRACT.md sections 0 and 4): the same configuration and the same
 * script of calls give the same journal hash and the same events, after a reset and on a second
 * server; another seed gives another market; ids come from counters.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { at, startClient, type Client } from '../support/broker.js'

/** A moving market with latency, commission and random sizes: plenty for the seed to decide. */
const WORLD = {
  seed: 11,
  symbols: [
    { symbol: 'AAPL', price: '100' },
    { symbol: 'MSFT', price: '400' },
  ],
  marketConfig: { volatility: 40, spread: 10, liquidity: 300 },
  executionConfig: {
    latencyMin: 20,
    latencyMax: 200,
    partialFillRatio: 0.5,
    commission: { perShare: '0.005', minimum: '1' },
  },
  accounts: [
    { id: 'alice', cash: '1000000', allowShort: true },
    { id: 'bob', cash: '50000' },
  ],
}

let first: Client
let second: Client

beforeAll(async () => {
  ;[first, second] = await Promise.all([startClient(WORLD), startClient({})])
})

afterAll(async () => {
  await Promise.all([first.close(), second.close()])
})

/** A fixed script of calls touching every kind of command; answers the statuses it saw. */
async function script(client: Client): Promise<number[]> {
  const statuses: number[] = []
  const call = async (res: Promise<{ status: number; body: any }>) => {
    const answer = await res
    statuses.push(answer.status)
    return answer.body
  }
  const alice = '/v1/accounts/alice/orders'
  await call(client.post(alice, { symbol: 'AAPL', side: 'buy', qty: '800', type: 'market' }))
  const resting = await call(
    client.post(alice, {
      symbol: 'MSFT',
      side: 'buy',
      qty: '50',
      type: 'limit',
      limitPrice: '399',
      timeInForce: 'gtc',
      clientOrderId: 'rest-1',
    }),
  )
  await call(client.post('/v1/accounts/bob/orders', { symbol: 'MSFT', side: 'buy', qty: '5' }))
  await call(client.post('/mock/advance', { ms: 1_500 }))
  await call(client.patch(`${alice}/${resting.id}`, { limitPrice: '398.5' }))
  await call(
    client.post('/mock/inject', {
      type: 'market',
      event: { kind: 'price_jump', symbol: 'MSFT', pct: -2 },
      at: at(4_000),
    }),
  )
  await call(client.post(alice, { symbol: 'AAPL', side: 'sell', qty: '1200', type: 'market' }))
  await call(client.post('/mock/advance', { ms: 3_000 }))
  await call(client.del(alice))
  await call(client.post('/v1/accounts/bob/orders', { symbol: 'AAPL', side: 'buy', qty: '1e6' }))
  await call(client.post('/v1/accounts/bob/orders', { symbol: 'AAPL', side: 'buy', qty: '9999' }))
  await call(client.del('/v1/accounts/alice/positions/AAPL'))
  await call(client.post('/mock/advance', { to: at(10_000) }))
  return statuses
}

async function events(client: Client): Promise<unknown[]> {
  const out: unknown[] = []
  let after = 0
  for (;;) {
    const page = (await client.get(`/mock/events?after=${after}&limit=1000`)).body
    out.push(...page.events)
    if (page.next === null) return out
    after = page.next
  }
}

it('gives the same hash for the same script after a reset', async () => {
  await first.configure(WORLD)
  const statuses = await script(first)
  // Submits, an advance, a replace, a scheduled jump, cancel-all, a malformed and a refused
  // order, a close: the script exercises what it claims to.
  expect(statuses).toEqual([201, 201, 201, 200, 200, 201, 201, 200, 200, 400, 422, 200, 200])
  const once = await first.journal()
  const eventsOnce = await events(first)
  expect(once.seq).toBeGreaterThan(20)
  const reset = await first.post('/mock/reset')
  expect(reset.status).toBe(200)
  expect(await script(first)).toEqual(statuses)
  const twice = await first.journal()
  expect(twice.epoch).toBe(once.epoch + 1)
  expect(twice.hash).toBe(once.hash)
  expect(twice.seq).toBe(once.seq)
  expect(await events(first)).toEqual(eventsOnce)
})

it('gives the same hash, events and state for the same script on another server', async () => {
  await first.configure(WORLD)
  await script(first)
  await second.configure(WORLD)
  await script(second)
  const [a, b] = [await first.journal(), await second.journal()]
  expect(b.hash).toBe(a.hash)
  expect(b.seq).toBe(a.seq)
  expect(await events(second)).toEqual(await events(first))
  const stateA = (await first.get('/mock/state')).body
  const stateB = (await second.get('/mock/state')).body
  expect({ ...stateB, journal: null }).toEqual({ ...stateA, journal: null })
})

it('gives a different hash when one call differs', async () => {
  await first.configure(WORLD)
  await script(first)
  const base = await first.journal()
  await first.configure(WORLD)
  await first.post('/mock/advance', { ms: 1 })
  await script(first)
  expect((await first.journal()).hash).not.toBe(base.hash)
})

it('gives the same quotes for the same seed and different ones for another seed', async () => {
  const quotesAfter = async (client: Client, seed: number) => {
    await client.configure({ ...WORLD, seed })
    await client.post('/mock/advance', { ms: 30_000 })
    return (await client.get('/v1/quotes')).body
  }
  const a = await quotesAfter(first, 11)
  const b = await quotesAfter(second, 11)
  const c = await quotesAfter(second, 12)
  expect(b).toEqual(a)
  expect(c.map((q: any) => [q.bid, q.ask])).not.toEqual(a.map((q: any) => [q.bid, q.ask]))
  expect((await first.journal()).hash).not.toBe((await second.journal()).hash)
})

it('numbers orders, fills and market events from counters, restarting with each timeline', async () => {
  for (const client of [first, second]) {
    await client.configure({ ...WORLD, executionConfig: {} })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await client.post('/v1/accounts/alice/orders', {
        symbol: 'AAPL',
        side: 'buy',
        qty: '1',
      })
      ids.push(res.body.id)
    }
    expect(ids).toEqual(['ord-000001', 'ord-000002', 'ord-000003'])
    const fills = (await client.get('/v1/accounts/alice/fills')).body.map((f: any) => f.id)
    expect(fills).toEqual(['fill-000001', 'fill-000002', 'fill-000003'])
    const injected = await client.post('/mock/inject', {
      type: 'market',
      event: { kind: 'halt', symbol: 'AAPL' },
    })
    expect(injected.body.id).toBe('mev-000001')
    await client.post('/mock/reset')
    const again = await client.post('/v1/accounts/alice/orders', {
      symbol: 'AAPL',
      side: 'buy',
      qty: '1',
    })
    expect(again.body.id).toBe('ord-000001')
  }
})
