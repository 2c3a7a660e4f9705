/**
 * The order routes over a real port (CONTRACT.md section 1, "Orders"): submit and its
 * idempotency, list and its paging, get, replace, cancel and cancel-all, and the risk refusals
 * that record a rejected order. Venue latency is 100 ms of virtual time where the pending states
 * matter, so each step is seen before `/mock/advance` moves past it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  FLAT_WORLD,
  START,
  at,
  expectError,
  expectRefused,
  startClient,
  type Client,
} from '../support/broker.js'

const LATENT_WORLD = { ...FLAT_WORLD, executionConfig: { latencyMin: 100, latencyMax: 100 } }
const ORDERS = '/v1/accounts/DEMO/orders'
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
const RESTING_BUY = {
  symbol: 'AAPL',
  side: 'buy',
  qty: '10',
  type: 'limit',
  limitPrice: '99',
  timeInForce: 'gtc',
}

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

const submit = (order: Record<string, unknown>) => client.submitOrder(order)
const getOrder = (id: string) => client.getOrder(id)

it('answers 201 with the new order, pending_new, echoing the request', async () => {
  await client.configure(LATENT_WORLD)
  const res = await client.post(ORDERS, {
    clientOrderId: 'c-1',
    symbol: 'aapl',
    side: 'buy',
    qty: '10',
    type: 'limit',
    limitPrice: '99.50',
    timeInForce: 'gtc',
    strategyId: 'alpha',
    metadata: { note: 'hello', n: 1 },
  })
  expect(res.status).toBe(201)
  expect(res.headers.get('idempotent-replayed')).toBeNull()
  expect(res.body).toEqual({
    id: 'ord-000001',
    clientOrderId: 'c-1',
    accountId: 'DEMO',
    symbol: 'AAPL',
    side: 'buy',
    qty: '10',
    type: 'limit',
    limitPrice: '99.5',
    stopPrice: null,
    trailPrice: null,
    trailPercent: null,
    timeInForce: 'gtc',
    expireAt: null,
    strategyId: 'alpha',
    metadata: { note: 'hello', n: 1 },
    orderClass: 'simple',
    takeProfit: null,
    stopLoss: null,
    status: 'pending_new',
    filledQty: '0',
    leavesQty: '10',
    avgFillPrice: null,
    rejectReason: null,
    replacedBy: null,
    replaces: null,
    parentId: null,
    legs: [],
    createdAt: START,
    updatedAt: START,
    acceptedAt: null,
    filledAt: null,
    canceledAt: null,
    expiredAt: null,
  })
})

it('keeps an order pending_new until the venue latency has passed', async () => {
  await client.configure(LATENT_WORLD)
  const order = await submit(RESTING_BUY)
  await client.advance(99)
  expect((await getOrder(order.id)).status).toBe('pending_new')
  await client.advance(1)
  expect(await getOrder(order.id)).toMatchObject({ status: 'new', acceptedAt: at(100) })
})

it('fills a market buy at the ask once acknowledged', async () => {
  await client.configure(LATENT_WORLD)
  const order = await submit(MARKET_BUY)
  await client.advance(100)
  expect(await getOrder(order.id)).toMatchObject({
    status: 'filled',
    filledQty: '10',
    leavesQty: '0',
    avgFillPrice: '100.05',
    filledAt: at(100),
  })
})

it('replays a resubmitted clientOrderId with 200 and Idempotent-Replayed: true', async () => {
  await client.configure(FLAT_WORLD)
  const first = await client.post(ORDERS, { ...RESTING_BUY, clientOrderId: 'idem-1' })
  expect(first.status).toBe(201)
  const before = await client.journal()
  // The same parameters, the quantity and price written as numbers this time.
  const again = await client.post(ORDERS, {
    ...RESTING_BUY,
    qty: 10,
    limitPrice: 99.0,
    clientOrderId: 'idem-1',
  })
  expect(again.status).toBe(200)
  expect(again.headers.get('idempotent-replayed')).toBe('true')
  expect(again.body.id).toBe(first.body.id)
  expect(await client.journal()).toEqual(before)
  const all = await client.get(`${ORDERS}?status=all`)
  expect(all.body).toHaveLength(1)
})

it('answers 409 duplicate_client_order_id for a reused clientOrderId with other parameters', async () => {
  await client.configure(FLAT_WORLD)
  const first = await submit({ ...RESTING_BUY, clientOrderId: 'idem-2' })
  const res = await expectRefused(
    client,
    () => client.post(ORDERS, { ...RESTING_BUY, qty: '11', clientOrderId: 'idem-2' }),
    409,
    'duplicate_client_order_id',
  )
  expect(res.body.error.details).toMatchObject({ clientOrderId: 'idem-2', orderId: first.id })
})

it('lists open orders by default, and closed or all on request', async () => {
  await client.configure(FLAT_WORLD)
  const filled = await submit(MARKET_BUY)
  const resting = await submit(RESTING_BUY)
  const ids = (res: any) => res.body.map((o: any) => o.id)
  const open = await client.get(ORDERS)
  expect(open.status).toBe(200)
  expect(ids(open)).toEqual([resting.id])
  expect(ids(await client.get(`${ORDERS}?status=open`))).toEqual([resting.id])
  expect(ids(await client.get(`${ORDERS}?status=closed`))).toEqual([filled.id])
  expect(ids(await client.get(`${ORDERS}?status=all`))).toEqual([filled.id, resting.id])
  await expectRefused(client, () => client.get(`${ORDERS}?status=done`), 400, 'invalid_request')
})

it('filters the order list by symbol', async () => {
  await client.configure({
    ...FLAT_WORLD,
    symbols: [
      { symbol: 'AAPL', price: '100' },
      { symbol: 'MSFT', price: '400' },
    ],
  })
  const aapl = await submit(RESTING_BUY)
  const msft = await submit({ ...RESTING_BUY, symbol: 'MSFT', limitPrice: '390' })
  const list = async (symbol: string) =>
    (await client.get(`${ORDERS}?status=all&symbol=${symbol}`)).body.map((o: any) => o.id)
  expect(await list('AAPL')).toEqual([aapl.id])
  expect(await list('msft')).toEqual([msft.id])
  expect(await list('TSLA')).toEqual([])
})

it('pages the order list with limit and after', async () => {
  await client.configure(FLAT_WORLD)
  const ids: string[] = []
  for (let i = 0; i < 5; i++) ids.push((await submit(RESTING_BUY)).id)
  expect(ids).toEqual(['ord-000001', 'ord-000002', 'ord-000003', 'ord-000004', 'ord-000005'])
  const page = async (query: string) =>
    (await client.get(`${ORDERS}?status=all&${query}`)).body.map((o: any) => o.id)
  expect(await page('limit=2')).toEqual(ids.slice(0, 2))
  expect(await page(`limit=2&after=${ids[1]}`)).toEqual(ids.slice(2, 4))
  expect(await page(`limit=2&after=${ids[3]}`)).toEqual(ids.slice(4))
  expect(await page(`limit=2&after=${ids[4]}`)).toEqual([])
  await expectRefused(client, () => client.get(`${ORDERS}?limit=0`), 400, 'invalid_request')
  await expectRefused(client, () => client.get(`${ORDERS}?limit=1001`), 400, 'invalid_request')
  await expectRefused(client, () => client.get(`${ORDERS}?limit=two`), 400, 'invalid_request')
})

it('gets an order by id and by clientOrderId', async () => {
  await client.configure(FLAT_WORLD)
  const order = await submit({ ...RESTING_BUY, clientOrderId: 'mine/1 x' })
  const byId = await client.get(`${ORDERS}/${order.id}`)
  expect(byId.status).toBe(200)
  expect(byId.body).toMatchObject({ id: order.id, clientOrderId: 'mine/1 x', status: 'new' })
  const byClientId = await client.get(`${ORDERS}/by-client-id/${encodeURIComponent('mine/1 x')}`)
  expect(byClientId.status).toBe(200)
  expect(byClientId.body).toEqual(byId.body)
})

it('answers 404 for an unknown order id or clientOrderId', async () => {
  await client.configure(FLAT_WORLD)
  await submit(RESTING_BUY)
  await expectRefused(client, () => client.get(`${ORDERS}/ord-999999`), 404, 'not_found')
  await expectRefused(client, () => client.get(`${ORDERS}/by-client-id/none`), 404, 'not_found')
  await expectRefused(
    client,
    () => client.patch(`${ORDERS}/ord-999999`, { limitPrice: '98' }),
    404,
    'not_found',
  )
  await expectRefused(client, () => client.del(`${ORDERS}/ord-999999`), 404, 'not_found')
})

it('replaces an order: the new one pending_new with replaces, the old one replaced after the latency', async () => {
  await client.configure(LATENT_WORLD)
  const old = await submit(RESTING_BUY)
  await client.advance(100)
  expect((await getOrder(old.id)).status).toBe('new')
  const res = await client.patch(`${ORDERS}/${old.id}`, { limitPrice: 99.5, qty: '20' })
  expect(res.status).toBe(200)
  expect(res.body).toMatchObject({
    id: 'ord-000002',
    status: 'pending_new',
    replaces: old.id,
    limitPrice: '99.5',
    qty: '20',
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'gtc',
  })
  expect(await getOrder(old.id)).toMatchObject({ status: 'pending_replace', replacedBy: null })
  await client.advance(100)
  expect(await getOrder(old.id)).toMatchObject({ status: 'replaced', replacedBy: res.body.id })
  expect(await getOrder(res.body.id)).toMatchObject({ status: 'new', replaces: old.id })
})

it('answers 409 order_not_replaceable for a filled order', async () => {
  await client.configure(FLAT_WORLD)
  const filled = await submit(MARKET_BUY)
  expect((await getOrder(filled.id)).status).toBe('filled')
  await expectRefused(
    client,
    () => client.patch(`${ORDERS}/${filled.id}`, { qty: '5' }),
    409,
    'order_not_replaceable',
  )
})

it('answers 400 for a replace that changes nothing', async () => {
  await client.configure(FLAT_WORLD)
  const order = await submit(RESTING_BUY)
  await expectRefused(
    client,
    () => client.patch(`${ORDERS}/${order.id}`, {}),
    400,
    'invalid_request',
  )
  await expectRefused(
    client,
    () => client.patch(`${ORDERS}/${order.id}`, { side: 'sell' }),
    400,
    'invalid_request',
  )
})

it('cancels an order: 200 pending_cancel, then canceled after the latency', async () => {
  await client.configure(LATENT_WORLD)
  const order = await submit(RESTING_BUY)
  await client.advance(100)
  const res = await client.del(`${ORDERS}/${order.id}`)
  expect(res.status).toBe(200)
  expect(res.body).toMatchObject({ id: order.id, status: 'pending_cancel', canceledAt: null })
  expect((await getOrder(order.id)).status).toBe('pending_cancel')
  await client.advance(100)
  expect(await getOrder(order.id)).toMatchObject({
    status: 'canceled',
    canceledAt: at(200),
    leavesQty: '0',
  })
  expect((await client.get(ORDERS)).body).toEqual([])
})

it('lets a fill win the race against a cancel', async () => {
  await client.configure(LATENT_WORLD)
  const order = await submit(RESTING_BUY)
  await client.advance(100)
  expect((await client.del(`${ORDERS}/${order.id}`)).body.status).toBe('pending_cancel')
  // The ask drops to 98.55, through the limit of 99, before the cancel reaches the venue.
  const jump = await client.post('/mock/inject', {
    type: 'market',
    event: { kind: 'price_jump', symbol: 'AAPL', pct: -1.5 },
  })
  expect(jump.status).toBe(201)
  await client.advance(100)
  expect(await getOrder(order.id)).toMatchObject({ status: 'filled', filledQty: '10' })
})

it('answers 409 order_not_cancelable for a filled order', async () => {
  await client.configure(FLAT_WORLD)
  const filled = await submit(MARKET_BUY)
  expect((await getOrder(filled.id)).status).toBe('filled')
  const res = await expectRefused(
    client,
    () => client.del(`${ORDERS}/${filled.id}`),
    409,
    'order_not_cancelable',
  )
  expect(res.body.error.details).toMatchObject({ orderId: filled.id, status: 'filled' })
})

it('cancels every open order with DELETE on the list', async () => {
  await client.configure(LATENT_WORLD)
  const a = await submit(RESTING_BUY)
  const b = await submit({ ...RESTING_BUY, limitPrice: '98' })
  const done = await submit(MARKET_BUY)
  await client.advance(100)
  expect((await getOrder(done.id)).status).toBe('filled')
  const res = await client.del(ORDERS)
  expect(res.status).toBe(200)
  expect(res.body.map((o: any) => [o.id, o.status])).toEqual([
    [a.id, 'pending_cancel'],
    [b.id, 'pending_cancel'],
  ])
  await client.advance(100)
  expect((await getOrder(a.id)).status).toBe('canceled')
  expect((await getOrder(b.id)).status).toBe('canceled')
  expect((await client.get(ORDERS)).body).toEqual([])
  const none = await client.del(ORDERS)
  expect(none.status).toBe(200)
  expect(none.body).toEqual([])
})

it('refuses an order beyond the buying power with 422 and records it rejected', async () => {
  await client.configure(FLAT_WORLD)
  const before = await client.journal()
  const res = await client.post(ORDERS, { ...MARKET_BUY, qty: '2000', clientOrderId: 'too-big' })
  expectError(res, 422, 'insufficient_buying_power')
  expect((await client.journal()).seq).toBeGreaterThan(before.seq)
  const recorded = await client.get(`${ORDERS}/by-client-id/too-big`)
  expect(recorded.body).toMatchObject({
    status: 'rejected',
    rejectReason: expect.stringContaining('insufficient_buying_power'),
    filledQty: '0',
  })
  const events = await client.get(`/mock/events?after=${before.seq}&type=order.rejected`)
  expect(events.body.events.map((e: any) => e.data.order.id)).toEqual([recorded.body.id])
})

it('refuses a sell without a position with 422 insufficient_position', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.post(ORDERS, { ...MARKET_BUY, side: 'sell', clientOrderId: 'naked' })
  expectError(res, 422, 'insufficient_position')
  expect((await client.get(`${ORDERS}/by-client-id/naked`)).body.status).toBe('rejected')
})

it('refuses an order over an account limit with 422 risk_limit_exceeded', async () => {
  await client.configure({
    ...FLAT_WORLD,
    accounts: [{ id: 'DEMO', cash: '100000', limits: { maxOrderQty: '5' } }],
  })
  const res = await client.post(ORDERS, { ...MARKET_BUY, clientOrderId: 'limited' })
  expectError(res, 422, 'risk_limit_exceeded')
  expect(res.body.error.details).toMatchObject({ limit: 'maxOrderQty', max: '5' })
  expect((await client.get(`${ORDERS}/by-client-id/limited`)).body.status).toBe('rejected')
  expect((await client.post(ORDERS, { ...MARKET_BUY, qty: '5' })).status).toBe(201)
})

it('cancels an ioc remainder and a fok that cannot fill completely', async () => {
  await client.configure(FLAT_WORLD)
  const fok = await submit({ ...RESTING_BUY, timeInForce: 'fok' })
  const ioc = await submit({ ...RESTING_BUY, timeInForce: 'ioc' })
  expect(await getOrder(fok.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
  expect(await getOrder(ioc.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
})
