/**
 * Accounts over a real port (CONTRACT.md section 1, "Accounts and auth"): the default DEMO
 * account, configured accounts, their money after a trade, and the 404 of an unknown account on
 * every account route. API keys have their own file (auth.test.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLAT_WORLD, expectRefused, startClient, type Client } from '../support/broker.js'

const TWO_ACCOUNTS = {
  ...FLAT_WORLD,
  accounts: [
    { id: 'alice', cash: '5000' },
    { id: 'bob', cash: 250.5, currency: 'EUR' },
  ],
}

const FRESH_DEMO = {
  id: 'DEMO',
  currency: 'USD',
  cash: '100000',
  equity: '100000',
  buyingPower: '100000',
  marketValue: '0',
  realizedPnl: '0',
  unrealizedPnl: '0',
  commissionsPaid: '0',
  status: 'active',
}

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

it('lists the one DEMO account of an unconfigured world', async () => {
  await client.configure({})
  const res = await client.get('/v1/accounts')
  expect(res.status).toBe(200)
  expect(res.body).toEqual([FRESH_DEMO])
})

it('answers one account', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.get('/v1/accounts/DEMO')
  expect(res.status).toBe(200)
  expect(res.body).toEqual(FRESH_DEMO)
})

it('lists the configured accounts in order, with cash given as a number or a string', async () => {
  await client.configure(TWO_ACCOUNTS)
  const res = await client.get('/v1/accounts')
  expect(res.status).toBe(200)
  expect(res.body.map((a: any) => [a.id, a.currency, a.cash, a.equity])).toEqual([
    ['alice', 'USD', '5000', '5000'],
    ['bob', 'EUR', '250.5', '250.5'],
  ])
  expect((await client.get('/v1/accounts/bob')).body).toMatchObject({ id: 'bob', cash: '250.5' })
})

it('no longer has DEMO once accounts are configured', async () => {
  await client.configure(TWO_ACCOUNTS)
  await expectRefused(client, () => client.get('/v1/accounts/DEMO'), 404, 'not_found')
})

it('keeps equity equal to cash plus market value after a trade', async () => {
  await client.configure(FLAT_WORLD)
  const submitted = await client.post('/v1/accounts/DEMO/orders', {
    symbol: 'AAPL',
    side: 'buy',
    qty: '3',
    type: 'market',
  })
  expect(submitted.status).toBe(201)
  await client.advance(0)
  const account = (await client.get('/v1/accounts/DEMO')).body
  // 3 × 100.05 is 300.15 exactly (in binary floating point it is 300.15000000000003).
  expect(account).toMatchObject({
    cash: '99699.85',
    marketValue: '300',
    equity: '99999.85',
    unrealizedPnl: '-0.15',
    realizedPnl: '0',
    commissionsPaid: '0',
  })
})

it('answers 404 not_found for an unknown account on every account route', async () => {
  await client.configure(FLAT_WORLD)
  const order = { symbol: 'AAPL', side: 'buy', qty: '1' }
  const calls = [
    () => client.get('/v1/accounts/nobody'),
    () => client.get('/v1/accounts/nobody/orders'),
    () => client.post('/v1/accounts/nobody/orders', order),
    () => client.del('/v1/accounts/nobody/orders'),
    () => client.get('/v1/accounts/nobody/orders/ord-000001'),
    () => client.patch('/v1/accounts/nobody/orders/ord-000001', { qty: '2' }),
    () => client.del('/v1/accounts/nobody/orders/ord-000001'),
    () => client.get('/v1/accounts/nobody/orders/by-client-id/x'),
    () => client.get('/v1/accounts/nobody/positions'),
    () => client.get('/v1/accounts/nobody/positions/AAPL'),
    () => client.del('/v1/accounts/nobody/positions/AAPL'),
    () => client.get('/v1/accounts/nobody/fills'),
  ]
  for (const call of calls) await expectRefused(client, call, 404, 'not_found')
})

it('answers 400 for an account id that cannot exist', async () => {
  await client.configure(FLAT_WORLD)
  await expectRefused(client, () => client.get('/v1/accounts/a%20b'), 400, 'invalid_request')
  await expectRefused(
    client,
    () => client.get(`/v1/accounts/${'x'.repeat(65)}/orders`),
    400,
    'invalid_request',
  )
})
