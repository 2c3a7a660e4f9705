/**
 * The market side of `/v1` over a real port: ping, the clock, instruments and quotes
 * (CONTRACT.md section 1). Quotes of a flat world are known to the cent; a moving world is
 * checked only for moving.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  DECIMAL,
  FLAT_WORLD,
  ISO_MS,
  START,
  at,
  expectRefused,
  startClient,
  type Client,
} from '../support/broker.js'

const TWO_SYMBOLS = {
  ...FLAT_WORLD,
  symbols: [
    { symbol: 'AAPL', price: '100' },
    { symbol: 'MSFT', price: '400', tickSize: '0.05', lotSize: '10', name: 'Microsoft' },
  ],
}

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

it('answers ping with ok and the virtual time', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.get('/v1/ping')
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ ok: true, time: START })
})

it('answers the clock of a manual 24x7 world', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.get('/v1/clock')
  expect(res.status).toBe(200)
  expect(res.body).toEqual({
    time: START,
    mode: 'manual',
    speed: 1,
    isOpen: true,
    nextOpen: null,
    nextClose: null,
  })
})

it('moves the clock only when advanced', async () => {
  await client.configure(FLAT_WORLD)
  expect((await client.get('/v1/clock')).body.time).toBe(START)
  expect((await client.get('/v1/clock')).body.time).toBe(START)
  await client.advance(90_000)
  expect((await client.get('/v1/clock')).body.time).toBe(at(90_000))
  expect((await client.get('/v1/ping')).body.time).toBe(at(90_000))
})

it('reports the next open and close of a configured session', async () => {
  await client.configure({
    ...FLAT_WORLD,
    marketConfig: { ...FLAT_WORLD.marketConfig, updateFrequency: 60_000 },
    session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
  })
  // 2026-01-05 is a Monday; 14:30Z is 09:30 in New York.
  const res = await client.get('/v1/clock')
  expect(res.body).toMatchObject({
    time: START,
    isOpen: true,
    nextClose: '2026-01-05T21:00:00.000Z',
    nextOpen: '2026-01-06T14:30:00.000Z',
  })
  await client.post('/mock/advance', { to: '2026-01-05T22:00:00.000Z' })
  expect((await client.get('/v1/clock')).body).toMatchObject({
    isOpen: false,
    nextOpen: '2026-01-06T14:30:00.000Z',
    nextClose: '2026-01-06T21:00:00.000Z',
  })
})

it('lists the configured instruments', async () => {
  await client.configure(TWO_SYMBOLS)
  const res = await client.get('/v1/symbols')
  expect(res.status).toBe(200)
  expect(res.body).toEqual([
    {
      symbol: 'AAPL',
      name: 'Apple Inc.',
      tickSize: '0.01',
      lotSize: '1',
      currency: 'USD',
      status: 'trading',
    },
    {
      symbol: 'MSFT',
      name: 'Microsoft',
      tickSize: '0.05',
      lotSize: '10',
      currency: 'USD',
      status: 'trading',
    },
  ])
})

it('answers one quote at the configured price and spread', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.get('/v1/quotes/AAPL')
  expect(res.status).toBe(200)
  expect(res.body).toEqual({
    symbol: 'AAPL',
    bid: '99.95',
    ask: '100.05',
    bidSize: expect.stringMatching(DECIMAL),
    askSize: expect.stringMatching(DECIMAL),
    last: '100',
    time: START,
  })
})

it('takes the symbol of a quote in any case', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.get('/v1/quotes/aapl')
  expect(res.status).toBe(200)
  expect(res.body.symbol).toBe('AAPL')
})

it('lists every quote without ?symbols=', async () => {
  await client.configure(TWO_SYMBOLS)
  const res = await client.get('/v1/quotes')
  expect(res.status).toBe(200)
  expect(res.body.map((q: any) => q.symbol)).toEqual(['AAPL', 'MSFT'])
  expect(res.body[1]).toMatchObject({ bid: '399.8', ask: '400.2' })
})

it('lists the quotes of ?symbols= in the order asked', async () => {
  await client.configure(TWO_SYMBOLS)
  const res = await client.get('/v1/quotes?symbols=msft,AAPL')
  expect(res.status).toBe(200)
  expect(res.body.map((q: any) => q.symbol)).toEqual(['MSFT', 'AAPL'])
  const one = await client.get('/v1/quotes?symbols=AAPL')
  expect(one.body).toHaveLength(1)
  expect(one.body[0]).toMatchObject({ symbol: 'AAPL', bid: '99.95', ask: '100.05' })
})

it('answers 404 for the quote of an unknown symbol', async () => {
  await client.configure(FLAT_WORLD)
  await expectRefused(client, () => client.get('/v1/quotes/ZZZZ'), 404, 'not_found')
  await expectRefused(client, () => client.get('/v1/quotes?symbols=AAPL,ZZZZ'), 404, 'not_found')
})

it('answers 400 for a malformed ?symbols=', async () => {
  await client.configure(FLAT_WORLD)
  const res = await expectRefused(
    client,
    () => client.get('/v1/quotes?symbols='),
    400,
    'invalid_request',
  )
  expect(res.body.error.details.issues).toEqual(expect.any(Array))
  await expectRefused(client, () => client.get('/v1/quotes?symbols=AA$PL'), 400, 'invalid_request')
  await expectRefused(client, () => client.get('/v1/quotes/AA$PL'), 400, 'invalid_request')
})

it('keeps the quotes of a flat market still while time passes', async () => {
  await client.configure(FLAT_WORLD)
  await client.advance(60_000)
  const res = await client.get('/v1/quotes/AAPL')
  expect(res.body).toMatchObject({ bid: '99.95', ask: '100.05', time: at(60_000) })
})

it('moves the quotes of a volatile market as time passes', async () => {
  await client.configure({ ...FLAT_WORLD, marketConfig: { volatility: 50, spread: 10 } })
  const before = (await client.get('/v1/quotes/AAPL')).body
  await client.advance(60_000)
  const after = (await client.get('/v1/quotes/AAPL')).body
  expect(after.time).toBe(at(60_000))
  expect(after.time).toMatch(ISO_MS)
  expect([after.bid, after.ask]).not.toEqual([before.bid, before.ask])
  expect(Number(after.ask)).toBeGreaterThan(Number(after.bid))
})
