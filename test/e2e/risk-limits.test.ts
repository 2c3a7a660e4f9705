/**
 * Pre-trade risk end to end, over a real port (CONTRACT.md section 1, "Orders"; section 3,
 * `accounts[].limits`): every refusal answers 422 with its code and a message naming the limit,
 * records the order `rejected` with `rejectReason` `<code>: <message>` (visible in the order list
 * and the journal, and never `pending_new`), and leaves the account's money alone; the order just
 * inside each limit is accepted, so the limit is the configured one. The unit-level checks are
 * src/sim/execution/risk-checks.test.ts; this file proves the same through configure, the HTTP
 * routes and the virtual clock.
 *
 * The market is flat AAPL at 99.95 / 100.05 (mid 100, 10 bps); venue latency is 20 ms.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { expectError, startClient, type Client, type JsonResponse } from '../support/broker.js'

const ID = 'RISK'
const ORDERS = `/v1/accounts/${ID}/orders`

type AccountConfig = {
  cash?: string
  leverage?: number
  positions?: { symbol: string; qty: string; avgEntryPrice: string }[]
  limits?: Record<string, string>
}

function world(account: AccountConfig = {}) {
  return {
    seed: 7,
    symbols: [{ symbol: 'AAPL', price: '100' }],
    marketConfig: { volatility: 0, spread: 10, liquidity: 1000 },
    executionConfig: { latencyMin: 20, latencyMax: 20 },
    accounts: [{ id: ID, cash: '100000', ...account }],
  }
}

const BUY = { symbol: 'AAPL', side: 'buy', type: 'market', qty: '10' }
const limitBuy = (qty: string, limitPrice: string) => ({
  ...BUY,
  type: 'limit',
  qty,
  limitPrice,
  timeInForce: 'gtc',
})

let client: Client

beforeAll(async () => {
  client = await startClient(world())
})

afterAll(async () => {
  await client.close()
})

async function account(): Promise<any> {
  const res = await client.get(`/v1/accounts/${ID}`)
  expect(res.status).toBe(200)
  return res.body
}

async function accepted(order: Record<string, unknown>): Promise<any> {
  const created = await client.submitOrder(order, ID)
  expect(created.status).toBe('pending_new')
  return created
}

const jump = (price: string) => client.injectMarket({ kind: 'price_jump', symbol: 'AAPL', price })

/**
 * Submits an order the risk checks must refuse with `code` and checks everything the contract
 * promises about it, over HTTP; answers the error body.
 */
async function expectRiskRejected(
  order: Record<string, unknown>,
  code: string,
  limit?: string,
): Promise<any> {
  const moneyBefore = await account()
  const { seq } = await client.journal()
  const clientOrderId = `refused-${seq}`
  const res: JsonResponse = await client.post(ORDERS, { ...order, clientOrderId })
  expectError(res, 422, code)
  const { error } = res.body
  if (limit !== undefined) {
    expect(error.message).toContain(limit)
    expect(error.details.limit).toBe(limit)
  }
  const recorded = error.details.order
  expect(recorded).toMatchObject({
    accountId: ID,
    clientOrderId,
    status: 'rejected',
    rejectReason: `${code}: ${error.message}`,
    filledQty: '0',
    acceptedAt: null,
  })

  // The order list shows it among all orders, not among the open ones.
  const all = (await client.get(`${ORDERS}?status=all&limit=500`)).body
  expect(all.find((o: any) => o.id === recorded.id)).toEqual(recorded)
  const open = (await client.get(ORDERS)).body
  expect(open.map((o: any) => o.id)).not.toContain(recorded.id)
  expect((await client.get(`${ORDERS}/by-client-id/${clientOrderId}`)).body).toEqual(recorded)

  // Journaled as rejected straight away: never pending_new, never new.
  const events = (await client.get(`/mock/events?after=${seq}&limit=100`)).body.events
  const own = events.filter(
    (e: any) => e.type.startsWith('order.') && e.data.order.id === recorded.id,
  )
  expect(own.map((e: any) => e.type)).toEqual(['order.rejected'])

  // Nothing else changed: the refusal took no money and holds no buying power.
  expect(await account()).toEqual(moneyBefore)
  return res.body
}

it('refuses a quantity over maxOrderQty, and accepts the limit itself', async () => {
  await client.configure(world({ limits: { maxOrderQty: '50' } }))
  const body = await expectRiskRejected({ ...BUY, qty: '51' }, 'risk_limit_exceeded', 'maxOrderQty')
  expect(body.error.details).toMatchObject({ value: '51', max: '50' })
  await accepted({ ...BUY, qty: '50' })
})

it('refuses a notional over maxOrderNotional, priced at the limit or else at the ask', async () => {
  await client.configure(world({ limits: { maxOrderNotional: '5000' } }))
  const limit = await expectRiskRejected(
    limitBuy('50', '100.01'),
    'risk_limit_exceeded',
    'maxOrderNotional',
  )
  expect(limit.error.details).toMatchObject({ value: '5000.5', max: '5000' })
  // A market buy of 50 is priced at the ask: 50 × 100.05.
  const market = await expectRiskRejected(
    { ...BUY, qty: '50' },
    'risk_limit_exceeded',
    'maxOrderNotional',
  )
  expect(market.error.details).toMatchObject({ value: '5002.5' })
  await accepted(limitBuy('50', '100.00'))
})

it('refuses a resulting position over maxPosition, counting the starting position', async () => {
  await client.configure(
    world({
      positions: [{ symbol: 'AAPL', qty: '60', avgEntryPrice: '95' }],
      limits: { maxPosition: '100' },
    }),
  )
  const body = await expectRiskRejected({ ...BUY, qty: '41' }, 'risk_limit_exceeded', 'maxPosition')
  expect(body.error.details).toMatchObject({ value: '101', max: '100' })
  await accepted(limitBuy('40', '90'))
  // The resting 40 counts too: the position would be 60 + 40 + 1.
  await client.advance(20)
  await expectRiskRejected({ ...BUY, qty: '1' }, 'risk_limit_exceeded', 'maxPosition')
})

it("refuses opening orders once the day's loss reaches dailyLossLimit, but lets a position shrink", async () => {
  await client.configure(
    world({
      positions: [{ symbol: 'AAPL', qty: '100', avgEntryPrice: '100' }],
      limits: { dailyLossLimit: '500' },
    }),
  )
  await jump('95') // marked at 95: 100 × 5 = 500 lost today
  const body = await expectRiskRejected(
    { ...BUY, qty: '1' },
    'risk_limit_exceeded',
    'dailyLossLimit',
  )
  expect(body.error.details).toMatchObject({ value: '500', max: '500' })
  await accepted({ ...BUY, side: 'sell', qty: '10' })
})

it('lets opening orders through while the loss is under dailyLossLimit', async () => {
  await client.configure(
    world({
      positions: [{ symbol: 'AAPL', qty: '100', avgEntryPrice: '100' }],
      limits: { dailyLossLimit: '500' },
    }),
  )
  await jump('95.01') // 499 lost
  await accepted({ ...BUY, qty: '1' })
})

it('refuses an order beyond the buying power with insufficient_buying_power', async () => {
  await client.configure(world({ cash: '1000' }))
  const body = await expectRiskRejected(limitBuy('10', '100.01'), 'insufficient_buying_power')
  expect(body.error.details).toMatchObject({ required: '1000.1', available: '1000' })
  await accepted(limitBuy('10', '100.00'))
})

it('refuses selling more than is held with insufficient_position (no shorting)', async () => {
  await client.configure(world({ positions: [{ symbol: 'AAPL', qty: '10', avgEntryPrice: '90' }] }))
  const body = await expectRiskRejected(
    { ...BUY, side: 'sell', qty: '11' },
    'insufficient_position',
  )
  expect(body.error.details).toMatchObject({ requested: '11', available: '10' })
  await accepted({ ...BUY, side: 'sell', qty: '10' })
  // The 10 are spoken for by the open sell until it fills.
  await expectRiskRejected({ ...BUY, side: 'sell', qty: '1' }, 'insufficient_position')
})

it('refuses orders in a halted symbol with market_halted until it resumes', async () => {
  await client.configure(world())
  await client.post('/mock/inject', { type: 'market', event: { kind: 'halt', symbol: 'AAPL' } })
  expect((await client.get('/v1/symbols')).body[0]).toMatchObject({ status: 'halted' })
  const body = await expectRiskRejected(BUY, 'market_halted')
  expect(body.error.message).toContain('AAPL')
  await client.post('/mock/inject', { type: 'market', event: { kind: 'resume', symbol: 'AAPL' } })
  await accepted(BUY)
})

it('holds buying power for a resting order and gives back exactly as much when it is canceled', async () => {
  // Leverage, a starting position and cents, so the value is not a round number by accident:
  // equity 12345.67 + 7 × 100 = 13045.67, times 2, less the 700 held in AAPL: 25391.34.
  await client.configure(
    world({
      cash: '12345.67',
      leverage: 2,
      positions: [{ symbol: 'AAPL', qty: '7', avgEntryPrice: '93.21' }],
    }),
  )
  const before = (await account()).buyingPower
  expect(before).toBe('25391.34')

  const order = await accepted(limitBuy('10', '90.5'))
  expect((await account()).buyingPower).toBe('24486.34') // 905 held while pending_new
  await client.advance(20)
  expect((await client.get(`${ORDERS}/${order.id}`)).body.status).toBe('new')
  expect((await account()).buyingPower).toBe('24486.34')

  // A sell that only reduces the position needs none.
  const sell = await accepted({ ...limitBuy('5', '110'), side: 'sell' })
  expect((await account()).buyingPower).toBe('24486.34')

  const cancel = await client.del(`${ORDERS}/${order.id}`)
  expect(cancel.status).toBe(200)
  expect(cancel.body.status).toBe('pending_cancel')
  expect((await account()).buyingPower).toBe('24486.34') // still held while the cancel is in flight
  await client.advance(20)
  expect((await client.get(`${ORDERS}/${order.id}`)).body.status).toBe('canceled')
  expect((await account()).buyingPower).toBe(before)
  expect((await client.get(`${ORDERS}/${sell.id}`)).body.status).toBe('new')
})
