/**
 * Positions and fills over a real port (CONTRACT.md section 1, "Positions" and the fill shape):
 * netting, the signed quantity of a short, closing at market, commissions, and the fill list with
 * its `orderId` filter and paging.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  FLAT_WORLD,
  START,
  at,
  expectRefused,
  startClient,
  type Client,
} from '../support/broker.js'

const ACCOUNT = '/v1/accounts/DEMO'

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

async function trade(side: 'buy' | 'sell', qty: string, extra: Record<string, unknown> = {}) {
  const res = await client.post(`${ACCOUNT}/orders`, {
    symbol: 'AAPL',
    side,
    qty,
    type: 'market',
    ...extra,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await client.advance(0)
  return res.body
}

it('lists no positions for a fresh account', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.get(`${ACCOUNT}/positions`)
  expect(res.status).toBe(200)
  expect(res.body).toEqual([])
})

it('opens a long position at the ask, marked at the last price', async () => {
  await client.configure(FLAT_WORLD)
  await trade('buy', '10')
  const expected = {
    symbol: 'AAPL',
    qty: '10',
    side: 'long',
    avgEntryPrice: '100.05',
    marketValue: '1000',
    costBasis: '1000.5',
    unrealizedPnl: '-0.5',
    realizedPnl: '0',
    lastPrice: '100',
  }
  const list = await client.get(`${ACCOUNT}/positions`)
  expect(list.status).toBe(200)
  expect(list.body).toEqual([expected])
  const one = await client.get(`${ACCOUNT}/positions/aapl`)
  expect(one.status).toBe(200)
  expect(one.body).toEqual(expected)
})

it('nets several buys into one position with an average entry price', async () => {
  await client.configure(FLAT_WORLD)
  await trade('buy', '10')
  await client.post('/mock/inject', {
    type: 'market',
    event: { kind: 'price_jump', symbol: 'AAPL', price: '110' },
  })
  await trade('buy', '10')
  const position = (await client.get(`${ACCOUNT}/positions/AAPL`)).body
  // 10 at 100.05 and 10 at the new ask (mid 110 plus half the spread).
  const ask = Number((await client.get('/v1/quotes/AAPL')).body.ask)
  expect(position.qty).toBe('20')
  expect(Number(position.avgEntryPrice)).toBeCloseTo((100.05 + ask) / 2, 9)
})

it('answers 404 for the position in a symbol the account does not hold', async () => {
  await client.configure(FLAT_WORLD)
  await expectRefused(client, () => client.get(`${ACCOUNT}/positions/AAPL`), 404, 'not_found')
  await expectRefused(client, () => client.get(`${ACCOUNT}/positions/ZZZZ`), 404, 'not_found')
})

it('closes a position with a market order for its whole quantity, leaving it flat', async () => {
  await client.configure(FLAT_WORLD)
  await trade('buy', '10')
  const res = await client.del(`${ACCOUNT}/positions/AAPL`)
  expect(res.status).toBe(200)
  expect(res.body).toMatchObject({
    id: 'ord-000002',
    symbol: 'AAPL',
    side: 'sell',
    qty: '10',
    type: 'market',
    status: 'pending_new',
  })
  await client.advance(0)
  expect((await client.get(`${ACCOUNT}/orders/${res.body.id}`)).body).toMatchObject({
    status: 'filled',
    avgFillPrice: '99.95',
  })
  await expectRefused(client, () => client.get(`${ACCOUNT}/positions/AAPL`), 404, 'not_found')
  expect((await client.get(`${ACCOUNT}/positions`)).body).toEqual([])
  // Bought at 100.05, sold at 99.95: 1 of realized loss, no commission.
  expect((await client.get(ACCOUNT)).body).toMatchObject({
    cash: '99999',
    equity: '99999',
    marketValue: '0',
    realizedPnl: '-1',
    unrealizedPnl: '0',
  })
})

it('answers 404 when closing a position that is flat', async () => {
  await client.configure(FLAT_WORLD)
  await expectRefused(client, () => client.del(`${ACCOUNT}/positions/AAPL`), 404, 'not_found')
})

it('reports a short position with a negative quantity, and closes it with a buy', async () => {
  await client.configure({
    ...FLAT_WORLD,
    accounts: [{ id: 'DEMO', cash: '100000', allowShort: true }],
  })
  await trade('sell', '5')
  expect((await client.get(`${ACCOUNT}/positions/AAPL`)).body).toMatchObject({
    qty: '-5',
    side: 'short',
    avgEntryPrice: '99.95',
  })
  const close = await client.del(`${ACCOUNT}/positions/AAPL`)
  expect(close.body).toMatchObject({ side: 'buy', qty: '5' })
  await client.advance(0)
  expect((await client.get(`${ACCOUNT}/positions`)).body).toEqual([])
})

it('emits one position.changed with qty "0" when a position closes', async () => {
  await client.configure(FLAT_WORLD)
  await trade('buy', '10')
  const { seq } = await client.journal()
  await client.del(`${ACCOUNT}/positions/AAPL`)
  await client.advance(0)
  const res = await client.get(`/mock/events?after=${seq}&type=position.changed`)
  expect(res.body.events).toHaveLength(1)
  expect(res.body.events[0]).toMatchObject({ accountId: 'DEMO', data: { position: { qty: '0' } } })
})

it('lists fills with their full shape, oldest first', async () => {
  await client.configure({
    ...FLAT_WORLD,
    executionConfig: { commission: { perShare: '0.01', minimum: '0' } },
  })
  const order = await trade('buy', '10', { clientOrderId: 'f-1' })
  const res = await client.get(`${ACCOUNT}/fills`)
  expect(res.status).toBe(200)
  expect(res.body).toEqual([
    {
      id: 'fill-000001',
      orderId: order.id,
      clientOrderId: 'f-1',
      accountId: 'DEMO',
      symbol: 'AAPL',
      side: 'buy',
      qty: '10',
      price: '100.05',
      commission: '0.1',
      liquidity: 'taker',
      time: START,
    },
  ])
  expect((await client.get(ACCOUNT)).body).toMatchObject({
    commissionsPaid: '0.1',
    cash: '98999.4',
  })
})

it('charges at least the minimum commission per order', async () => {
  await client.configure({
    ...FLAT_WORLD,
    executionConfig: { commission: { perShare: '0.005', minimum: '1' } },
  })
  await trade('buy', '10')
  await trade('buy', '400')
  const fills = (await client.get(`${ACCOUNT}/fills`)).body
  // 10 × 0.005 is below the minimum of 1; 400 × 0.005 is 2.
  expect(fills.map((f: any) => [f.qty, f.commission])).toEqual([
    ['10', '1'],
    ['400', '2'],
  ])
  expect((await client.get(ACCOUNT)).body.commissionsPaid).toBe('3')
})

it('filters fills by orderId', async () => {
  await client.configure(FLAT_WORLD)
  const first = await trade('buy', '10')
  await client.advance(1000)
  const second = await trade('buy', '5')
  const res = await client.get(`${ACCOUNT}/fills?orderId=${second.id}`)
  expect(res.status).toBe(200)
  expect(res.body.map((f: any) => [f.orderId, f.qty, f.time])).toEqual([[second.id, '5', at(1000)]])
  expect((await client.get(`${ACCOUNT}/fills?orderId=${first.id}`)).body).toHaveLength(1)
  expect((await client.get(`${ACCOUNT}/fills?orderId=ord-999999`)).body).toEqual([])
})

it('pages fills with limit and after', async () => {
  await client.configure(FLAT_WORLD)
  for (let i = 0; i < 4; i++) await trade('buy', '1')
  const all = (await client.get(`${ACCOUNT}/fills`)).body.map((f: any) => f.id)
  expect(all).toEqual(['fill-000001', 'fill-000002', 'fill-000003', 'fill-000004'])
  const page = async (query: string) =>
    (await client.get(`${ACCOUNT}/fills?${query}`)).body.map((f: any) => f.id)
  expect(await page('limit=3')).toEqual(all.slice(0, 3))
  expect(await page(`limit=3&after=${all[2]}`)).toEqual(all.slice(3))
  expect(await page(`after=${all[3]}`)).toEqual([])
  await expectRefused(client, () => client.get(`${ACCOUNT}/fills?limit=-1`), 400, 'invalid_request')
})
