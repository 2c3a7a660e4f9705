/**
 * Several accounts in one world, over a real port (CONTRACT.md section 1, "Accounts and auth"):
 * what one account does never shows in another's orders, fills, positions, money or journal
 * events; an order id under the wrong account is `404 not_found` on every route and changes
 * nothing; with API keys, one account's key reaches none of the other's orders.
 *
 * alice starts with 50000 USD and nothing else; bob with 20000 USD and 100 AAPL bought at 90
 * (`accounts[].positions`). The market is flat AAPL at 99.95 / 100.05 (mid 100, 10 bps), with no
 * venue latency, so every market order has filled by the next call.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { expectRefused, startClient, type Client } from '../support/broker.js'

const MARKET = {
  seed: 7,
  symbols: [{ symbol: 'AAPL', price: '100' }],
  marketConfig: { volatility: 0, spread: 10, liquidity: 1000 },
}
const ALICE = { id: 'alice', cash: '50000' }
const BOB = {
  id: 'bob',
  cash: '20000',
  positions: [{ symbol: 'AAPL', qty: '100', avgEntryPrice: '90' }],
}
const TWO_ACCOUNTS = { ...MARKET, accounts: [ALICE, BOB] }
const KEYED = {
  ...MARKET,
  accounts: [
    { ...ALICE, apiKey: 'alice-key' },
    { ...BOB, apiKey: 'bob-key' },
  ],
}
const ALICE_KEY = { Authorization: 'Bearer alice-key' }
const BOB_KEY = { Authorization: 'Bearer bob-key' }

const BUY = { symbol: 'AAPL', side: 'buy', type: 'market', qty: '10' }
const RESTING = { ...BUY, type: 'limit', limitPrice: '95', qty: '5', timeInForce: 'gtc' }

let client: Client

beforeAll(async () => {
  client = await startClient(TWO_ACCOUNTS)
})

afterAll(async () => {
  await client.close()
})

async function submit(
  accountId: string,
  order: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<any> {
  const res = await client.post(`/v1/accounts/${accountId}/orders`, order, headers)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  expect(res.body.accountId).toBe(accountId)
  return res.body
}

async function get(path: string, headers?: Record<string, string>): Promise<any> {
  const res = await client.get(path, headers)
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200)
  return res.body
}

/** Both accounts trade AAPL: alice buys 10 and rests a buy; bob sells 40 of his 100. */
async function trade() {
  // The same clientOrderId in both accounts is two orders: it is unique per account only.
  const aliceFilled = await submit('alice', { ...BUY, clientOrderId: 'same-id' })
  const aliceResting = await submit('alice', { ...RESTING, clientOrderId: 'resting' })
  const bobFilled = await submit('bob', {
    ...BUY,
    side: 'sell',
    qty: '40',
    clientOrderId: 'same-id',
  })
  return { aliceFilled, aliceResting, bobFilled }
}

it("keeps each account's orders, fills, positions, money and events to itself", async () => {
  await client.configure(TWO_ACCOUNTS)
  const { aliceFilled, aliceResting, bobFilled } = await trade()

  const ids = (list: any[]) => list.map((item) => item.id)
  expect(ids(await get('/v1/accounts/alice/orders?status=all'))).toEqual([
    aliceFilled.id,
    aliceResting.id,
  ])
  expect(ids(await get('/v1/accounts/bob/orders?status=all'))).toEqual([bobFilled.id])
  expect(ids(await get('/v1/accounts/bob/orders'))).toEqual([]) // bob has nothing open

  const aliceFills = await get('/v1/accounts/alice/fills')
  const bobFills = await get('/v1/accounts/bob/fills')
  expect(aliceFills.map((f: any) => [f.accountId, f.orderId, f.side, f.qty, f.price])).toEqual([
    ['alice', aliceFilled.id, 'buy', '10', '100.05'],
  ])
  expect(bobFills.map((f: any) => [f.accountId, f.orderId, f.side, f.qty, f.price])).toEqual([
    ['bob', bobFilled.id, 'sell', '40', '99.95'],
  ])

  // alice: 10 bought at 100.05, marked at 100. bob: 60 left of 100 at 90, 40 sold at 99.95.
  const positions = async (id: string) =>
    (await get(`/v1/accounts/${id}/positions`)).map((p: any) => [
      p.symbol,
      p.qty,
      p.avgEntryPrice,
      p.unrealizedPnl,
      p.realizedPnl,
    ])
  expect(await positions('alice')).toEqual([['AAPL', '10', '100.05', '-0.5', '0']])
  expect(await positions('bob')).toEqual([['AAPL', '60', '90', '600', '398']])
  const money = async (id: string) => {
    const a = await get(`/v1/accounts/${id}`)
    return [a.cash, a.marketValue, a.equity, a.realizedPnl, a.unrealizedPnl]
  }
  // alice's cash: 50000 − 1000.5; bob's: 20000 + 3998 (the starting position cost him nothing).
  expect(await money('alice')).toEqual(['48999.5', '1000', '49999.5', '0', '-0.5'])
  expect(await money('bob')).toEqual(['23998', '6000', '29998', '398', '600'])

  // A move of the shared price marks both, each by its own position.
  await client.post('/mock/inject', {
    type: 'market',
    event: { kind: 'price_jump', symbol: 'AAPL', price: '110' },
  })
  expect(await money('alice')).toEqual(['48999.5', '1100', '50099.5', '0', '99.5'])
  expect(await money('bob')).toEqual(['23998', '6600', '30598', '398', '1200'])

  // Each account's journal events are its own.
  const events = async (id: string) =>
    (await get(`/mock/events?accountId=${id}&limit=1000`)).events as any[]
  const aliceEvents = await events('alice')
  const bobEvents = await events('bob')
  expect(aliceEvents.length).toBeGreaterThan(0)
  expect(bobEvents.length).toBeGreaterThan(0)
  expect(aliceEvents.every((e) => e.accountId === 'alice')).toBe(true)
  expect(bobEvents.every((e) => e.accountId === 'bob')).toBe(true)
  const aliceOrderIds = new Set([aliceFilled.id, aliceResting.id])
  for (const event of bobEvents) {
    const orderId = event.data.order?.id ?? event.data.fill?.orderId
    expect(aliceOrderIds.has(orderId)).toBe(false)
  }

  // Cancel-all in bob's account leaves alice's resting order alone.
  const canceled = await client.del('/v1/accounts/bob/orders')
  expect(canceled.status).toBe(200)
  expect(canceled.body).toEqual([])
  expect((await get(`/v1/accounts/alice/orders/${aliceResting.id}`)).status).toBe('new')
})

it("answers 404 for another account's order on every order route, and changes nothing", async () => {
  await client.configure(TWO_ACCOUNTS)
  const { aliceFilled, aliceResting } = await trade()
  const refusals = [
    () => client.get(`/v1/accounts/bob/orders/${aliceFilled.id}`),
    () => client.get(`/v1/accounts/bob/orders/${aliceResting.id}`),
    () => client.get('/v1/accounts/bob/orders/by-client-id/resting'),
    () => client.patch(`/v1/accounts/bob/orders/${aliceResting.id}`, { qty: '3' }),
    () => client.del(`/v1/accounts/bob/orders/${aliceResting.id}`),
  ]
  for (const call of refusals) await expectRefused(client, call, 404, 'not_found')
  // bob's own order of that clientOrderId is his, not alice's.
  const bobSame = await get('/v1/accounts/bob/orders/by-client-id/same-id')
  expect(bobSame).toMatchObject({ accountId: 'bob', side: 'sell', qty: '40' })
  // Filtering bob's fills by alice's order finds none of hers.
  expect(await get(`/v1/accounts/bob/fills?orderId=${aliceFilled.id}`)).toEqual([])
  expect((await get(`/v1/accounts/alice/orders/${aliceResting.id}`)).status).toBe('new')
})

it("keeps an account's orders and fills away from another account's key", async () => {
  await client.configure(KEYED)
  const aliceOrder = await submit('alice', RESTING, ALICE_KEY)
  const aliceFilled = await submit('alice', BUY, ALICE_KEY)
  const refusals = [
    () => client.get('/v1/accounts/alice/orders?status=all', BOB_KEY),
    () => client.get(`/v1/accounts/alice/orders/${aliceOrder.id}`, BOB_KEY),
    () => client.get('/v1/accounts/alice/fills', BOB_KEY),
    () => client.get('/v1/accounts/alice/positions', BOB_KEY),
    () => client.patch(`/v1/accounts/alice/orders/${aliceOrder.id}`, { qty: '3' }, BOB_KEY),
    () => client.del(`/v1/accounts/alice/orders/${aliceOrder.id}`, BOB_KEY),
  ]
  for (const call of refusals) await expectRefused(client, call, 403, 'forbidden')
  // With his own key, bob reaches his own account, which shows nothing of alice's.
  expect(await get('/v1/accounts/bob/orders?status=all', BOB_KEY)).toEqual([])
  expect(await get('/v1/accounts/bob/fills', BOB_KEY)).toEqual([])
  await expectRefused(
    client,
    () => client.get(`/v1/accounts/bob/orders/${aliceOrder.id}`, BOB_KEY),
    404,
    'not_found',
  )
  // alice's own key still sees both her orders, untouched.
  const aliceOrders = await get('/v1/accounts/alice/orders?status=all', ALICE_KEY)
  expect(aliceOrders.map((o: any) => [o.id, o.status])).toEqual([
    [aliceOrder.id, 'new'],
    [aliceFilled.id, 'filled'],
  ])
})
