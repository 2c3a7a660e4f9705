/**
 * The bounded order history over a real port (docs/BEHAVIOUR.md, "Order history"): past
 * `orderRetention` closed orders the oldest answer 404 and leave the lists, open ones stay.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLAT_WORLD, expectError, startClient, type Client } from '../support/broker.js'

const ORDERS = '/v1/accounts/DEMO/orders'

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD, { orderRetention: 4 })
})

afterAll(async () => {
  await client.close()
})

it('forgets the oldest closed orders past --order-retention and keeps open ones', async () => {
  const resting = await client.post(ORDERS, {
    symbol: 'AAPL',
    side: 'buy',
    qty: '1',
    type: 'limit',
    limitPrice: '50',
  })
  expect(resting.status).toBe(201)
  const ids: string[] = []
  for (let i = 0; i < 12; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell'
    const placed = await client.post(ORDERS, { symbol: 'AAPL', side, qty: '1', type: 'market' })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    ids.push(placed.body.id)
    expect((await client.post('/mock/advance', { ms: 1000 })).status).toBe(200)
  }
  expectError(await client.get(`${ORDERS}/${ids[0]}`), 404, 'not_found')
  expect((await client.get(`${ORDERS}/${ids[11]}`)).body.status).toBe('filled')
  expect((await client.get(`${ORDERS}/${resting.body.id}`)).body.status).toBe('new')
  const closed = await client.get(`${ORDERS}?status=closed&limit=100`)
  expect(closed.body.length).toBeGreaterThanOrEqual(4)
  expect(closed.body.length).toBeLessThan(12)
  const fills = await client.get('/v1/accounts/DEMO/fills?limit=100')
  expect(fills.body.length).toBe(closed.body.length)
})
