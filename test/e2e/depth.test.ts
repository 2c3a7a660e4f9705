/**
 * The synthetic book over a real port (CONTRACT.md section 1, "Matching"): market orders walk the
 * depth behind the quote, limits stop at their limit, ioc/fok see the whole book, taken depth
 * refills over `marketConfig.depthRefillMs`, and `no_liquidity` fills nothing.
 *
 * The world is `FLAT_WORLD` (AAPL 99.95 / 100.05, 10 bps) with more cash: its levels are half the
 * spread apart, so the ask levels are 100.05, 100.1, 100.15, 100.2 and 100.25, and level i offers
 * floor(touch × 0.7^i) shares, the touch being the quoted `askSize`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Decimal } from '../../src/sim/index.js'
import { FLAT_WORLD, expectRefused, startClient, type Client } from '../support/broker.js'

const BOOK_WORLD = { ...FLAT_WORLD, accounts: [{ id: 'DEMO', cash: '100000000' }] }
const ORDERS = '/v1/accounts/DEMO/orders'
const ASK_LEVELS = ['100.05', '100.1', '100.15', '100.2', '100.25']

let client: Client

beforeAll(async () => {
  client = await startClient(BOOK_WORLD)
})

afterAll(async () => {
  await client.close()
})

/** The level sizes behind a touch of `touch` shares, in integers so no float rounding. */
function levelSizes(touch: number): number[] {
  return ASK_LEVELS.map((_, i) => (i === 0 ? touch : Math.floor((touch * 7 ** i) / 10 ** i)))
}

async function askSize(): Promise<number> {
  return Number((await client.get('/v1/quotes/AAPL')).body.askSize)
}

async function buy(order: Record<string, unknown>): Promise<{ order: any; fills: any[] }> {
  const res = await client.post(ORDERS, { symbol: 'AAPL', side: 'buy', ...order })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  const now = (await client.get(`${ORDERS}/${res.body.id}`)).body
  const fills = (await client.get(`/v1/accounts/DEMO/fills?orderId=${res.body.id}`)).body
  return { order: now, fills }
}

it('walks a market buy larger than the touch through the depth, at the average price', async () => {
  await client.configure(BOOK_WORLD)
  const sizes = levelSizes(await askSize())
  const qty = sizes[0]! + sizes[1]! + 7
  const { order, fills } = await buy({ type: 'market', qty: String(qty) })

  expect(fills.map((f: any) => [f.price, f.qty, f.liquidity])).toEqual([
    ['100.05', String(sizes[0]), 'taker'],
    ['100.1', String(sizes[1]), 'taker'],
    ['100.15', '7', 'taker'],
  ])
  const notional = Decimal.sum(
    fills.map((f: any) => Decimal.parse(f.price).mul(Decimal.parse(f.qty))),
  )
  expect(order).toMatchObject({
    status: 'filled',
    filledQty: String(qty),
    avgFillPrice: notional.div(Decimal.fromInt(qty), 8).toString(),
  })
  expect(Decimal.parse(order.avgFillPrice).gt(Decimal.parse('100.05'))).toBe(true)
  expect(await askSize()).toBe(0)
})

it('leaves what the book cannot fill open, and cancels it for ioc', async () => {
  await client.configure(BOOK_WORLD)
  const depth = levelSizes(await askSize()).reduce((a, b) => a + b, 0)
  const gtc = await buy({ type: 'market', qty: String(depth + 100), timeInForce: 'gtc' })
  expect(gtc.fills.map((f: any) => f.price)).toEqual(ASK_LEVELS)
  expect(gtc.order).toMatchObject({
    status: 'partially_filled',
    filledQty: String(depth),
    leavesQty: '100',
  })

  await client.configure(BOOK_WORLD)
  const ioc = await buy({ type: 'market', qty: String(depth + 100), timeInForce: 'ioc' })
  expect(ioc.order).toMatchObject({ status: 'canceled', filledQty: String(depth) })
})

it('stops a marketable limit at its limit; fok fills only if that book covers it', async () => {
  await client.configure(BOOK_WORLD)
  const sizes = levelSizes(await askSize())
  const upToLimit = sizes[0]! + sizes[1]!
  const limit = { type: 'limit', limitPrice: '100.10' }
  const fok = await buy({ ...limit, qty: String(upToLimit + 1), timeInForce: 'fok' })
  expect(fok.order).toMatchObject({ status: 'canceled', filledQty: '0' })
  expect(fok.fills).toEqual([])

  const day = await buy({ ...limit, qty: String(upToLimit + 1) })
  expect(day.fills.map((f: any) => f.price)).toEqual(['100.05', '100.1'])
  expect(day.order).toMatchObject({ status: 'partially_filled', leavesQty: '1' })
})

it('refills taken depth over depthRefillMs, quote by quote', async () => {
  const slow = {
    ...BOOK_WORLD,
    marketConfig: { ...BOOK_WORLD.marketConfig, updateFrequency: 1_000, depthRefillMs: 5_000 },
  }
  // The same seed draws the same touch sizes: an untouched run shows each quote's full touch.
  await client.configure(slow)
  const full: number[] = []
  for (let k = 1; k <= 5; k++) {
    await client.advance(1_000)
    full.push(await askSize())
  }

  await client.configure(slow)
  expect((await client.get('/mock/state')).body.config.marketConfig.depthRefillMs).toBe(5_000)
  const taken = await askSize()
  await buy({ type: 'market', qty: '100000', timeInForce: 'ioc' })
  expect(await askSize()).toBe(0)
  for (let k = 1; k <= 5; k++) {
    await client.advance(1_000)
    const missing = (taken * (5 - k)) / 5
    expect(await askSize(), `quote ${k}`).toBe(Math.max(0, Math.floor(full[k - 1]! - missing)))
  }
})

it('refuses a negative or fractional depthRefillMs', async () => {
  for (const depthRefillMs of [-1, 1.5, 'soon']) {
    await expectRefused(
      client,
      () => client.post('/mock/configure', { marketConfig: { depthRefillMs } }),
      400,
      'invalid_request',
    )
  }
})

it('fills nothing in the no_liquidity scenario, however the order asks', async () => {
  await client.configure({ scenario: 'no_liquidity', clock: { mode: 'manual' } })
  const market = await buy({ type: 'market', qty: '10' })
  const ioc = await buy({ type: 'market', qty: '10', timeInForce: 'ioc' })
  const fok = await buy({ type: 'market', qty: '10', timeInForce: 'fok' })
  await client.advance(60_000)
  expect((await client.get(`${ORDERS}/${market.order.id}`)).body).toMatchObject({
    status: 'new',
    filledQty: '0',
  })
  expect(ioc.order).toMatchObject({ status: 'canceled', filledQty: '0' })
  expect(fok.order).toMatchObject({ status: 'canceled', filledQty: '0' })
  expect((await client.get('/v1/accounts/DEMO/fills')).body).toEqual([])
})
