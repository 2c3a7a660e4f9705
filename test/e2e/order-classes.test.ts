/**
 * Order classes over a real port (CONTRACT.md section 1): a bracket through its lifecycle, an oco
 * whose partial fill reduces its partner, a cancel of a parent taking its legs along, and the
 * 422s for exits that make no sense. AAPL is flat at 99.95 / 100.05 until `/mock/inject` moves it;
 * venue latency is 10 ms of virtual time, so the pending states are visible.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLAT_WORLD, expectRefused, startClient, type Client } from '../support/broker.js'

const WORLD = { ...FLAT_WORLD, executionConfig: { latencyMin: 10, latencyMax: 10 } }
const ORDERS = '/v1/accounts/DEMO/orders'
const BRACKET = {
  symbol: 'AAPL',
  side: 'buy',
  qty: '10',
  type: 'market',
  timeInForce: 'gtc',
  orderClass: 'bracket',
  takeProfit: { limitPrice: '110' },
  stopLoss: { stopPrice: '95', limitPrice: '94.5' },
}

let client: Client

beforeAll(async () => {
  client = await startClient(WORLD)
})

afterAll(async () => {
  await client.close()
})

const submit = (order: Record<string, unknown>) => client.submitOrder(order)
const getOrder = (id: string) => client.getOrder(id)

const jump = (price: string) => client.injectMarket({ kind: 'price_jump', symbol: 'AAPL', price })

it('runs a bracket: exits held, armed on the fill, the take-profit cancels the stop-loss', async () => {
  await client.configure(WORLD)
  const entry = await submit(BRACKET)
  expect(entry).toMatchObject({
    orderClass: 'bracket',
    status: 'pending_new',
    takeProfit: { limitPrice: '110' },
    stopLoss: { stopPrice: '95', limitPrice: '94.5' },
  })
  expect(entry.legs).toHaveLength(2)
  const [tpId, slId] = entry.legs as [string, string]
  expect(await getOrder(tpId)).toMatchObject({
    parentId: entry.id,
    side: 'sell',
    type: 'limit',
    limitPrice: '110',
    status: 'pending_new',
  })
  expect(await getOrder(slId)).toMatchObject({ type: 'stop_limit', stopPrice: '95' })

  await client.advance(10)
  expect((await getOrder(entry.id)).status).toBe('filled')
  await client.advance(10)
  expect((await getOrder(tpId)).status).toBe('new')
  expect((await getOrder(slId)).status).toBe('new')

  await jump('111') // the bid crosses the take-profit
  const { bid } = (await client.get('/v1/quotes/AAPL')).body
  expect(Number(bid)).toBeGreaterThan(110)
  expect(await getOrder(tpId)).toMatchObject({ status: 'filled', avgFillPrice: bid })
  expect((await getOrder(slId)).status).toBe('canceled')
  const positions = await client.get('/v1/accounts/DEMO/positions')
  expect(positions.body).toEqual([])
})

it('reduces an oco partner by a partial fill and cancels it on completion', async () => {
  await client.configure({
    ...WORLD,
    marketConfig: { ...WORLD.marketConfig, liquidity: 40, depthLevels: 1 },
    accounts: [
      {
        id: 'DEMO',
        cash: '100000',
        positions: [{ symbol: 'AAPL', qty: '100', avgEntryPrice: '100' }],
      },
    ],
  })
  const parent = await submit({
    symbol: 'AAPL',
    side: 'sell',
    qty: '100',
    type: 'limit',
    timeInForce: 'gtc',
    orderClass: 'oco',
    takeProfit: { limitPrice: '105' },
    stopLoss: { stopPrice: '95' },
  })
  expect(parent.limitPrice).toBe('105')
  const [slId] = parent.legs as [string]
  await client.advance(10)
  await jump('106') // the bid crosses the take-profit, with a touch smaller than 100 shares
  const partial = await getOrder(parent.id)
  expect(partial.status).toBe('partially_filled')
  expect((await getOrder(slId)).qty).toBe(String(100 - Number(partial.filledQty)))
  const events = await client.get('/mock/events?type=order.reduced')
  expect(events.status).toBe(200)
  expect(events.body.events.map((e: any) => e.data.order.id)).toEqual([slId])

  await client.advance(60_000)
  expect((await getOrder(parent.id)).status).toBe('filled')
  expect((await getOrder(slId)).status).toBe('canceled')
})

it('cancels the open legs with their parent', async () => {
  await client.configure(WORLD)
  const entry = await submit({
    ...BRACKET,
    type: 'limit',
    limitPrice: '90',
    stopLoss: { stopPrice: '85' },
  })
  await client.advance(10)
  const res = await client.del(`${ORDERS}/${entry.id}`)
  expect(res.status).toBe(200)
  expect(res.body.status).toBe('pending_cancel')
  await client.advance(10)
  for (const id of [entry.id, ...entry.legs]) expect((await getOrder(id)).status).toBe('canceled')
})

it('refuses exits on the wrong side of the price with 422 invalid_order, creating nothing', async () => {
  await client.configure(WORLD)
  const res = await expectRefused(
    client,
    () => client.post(ORDERS, { ...BRACKET, takeProfit: { limitPrice: '90' } }),
    422,
    'invalid_order',
  )
  expect(res.body.error.details.field).toBe('takeProfit.limitPrice')
  expect(res.body.error.message).toContain('above')
  await expectRefused(
    client,
    () => client.post(ORDERS, { ...BRACKET, orderClass: 'oto' }),
    422,
    'invalid_order',
  )
  expect((await client.get(ORDERS)).body.items ?? (await client.get(ORDERS)).body).toEqual([])
})
