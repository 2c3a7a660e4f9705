/**
 * The market events of the market-model issue over a real port (CONTRACT.md section 3): `gap`,
 * `flash_crash`, `spread`, `liquidity` and `stale_quotes` are accepted now or `at` a time,
 * journaled as `market.<kind>` with their ends, and malformed ones are refused without effect.
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

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

const inject = (event: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  client.post('/mock/inject', { type: 'market', event, ...extra })

const quote = async () => (await client.get('/v1/quotes/AAPL')).body

const marketEvents = async () =>
  (await client.get('/mock/events?type=market.*')).body.events.map((e: any) => [e.type, e.time])

it('injects each new kind and journals it, with the end of the timed ones', async () => {
  await client.configure(FLAT_WORLD)
  const events = [
    { kind: 'gap', symbol: 'AAPL', pct: -5 },
    { kind: 'spread', symbol: 'AAPL', bps: 100, durationMs: 1_000 },
    { kind: 'liquidity', symbol: 'AAPL', factor: 0.5, durationMs: 1_000 },
    { kind: 'stale_quotes', symbol: 'AAPL', durationMs: 1_000 },
    {
      kind: 'flash_crash',
      symbol: 'AAPL',
      dropPct: 5,
      durationMs: 2_000,
      recoverPct: 100,
      recoverMs: 2_000,
    },
  ]
  for (const event of events) expect((await inject(event)).status).toBe(201)
  await client.advance(5_000)
  expect(await marketEvents()).toEqual([
    ['market.gap', START],
    ['market.spread', START],
    ['market.liquidity', START],
    ['market.stale_quotes', START],
    ['market.flash_crash', START],
    ['market.spread_restored', at(1_000)],
    ['market.liquidity_restored', at(1_000)],
    ['market.stale_quotes_ended', at(1_000)],
    ['market.flash_crash_ended', at(4_000)],
  ])
  // Gapped to 95, crashed 5% and fully recovered: back at 95 with the configured 10 bps.
  expect(await quote()).toMatchObject({ bid: '94.95', ask: '95.05' })
})

it('schedules a spread override at a time and shows it in the quote then', async () => {
  await client.configure(FLAT_WORLD)
  const res = await inject({ kind: 'spread', symbol: 'AAPL', bps: 200 }, { at: at(2_000) })
  expect(res.status).toBe(201)
  await client.advance(2_000)
  expect(await quote()).toMatchObject({ bid: '99', ask: '101' })
})

it('refuses malformed or out-of-range events, changing nothing', async () => {
  await client.configure(FLAT_WORLD)
  const crash = { kind: 'flash_crash', symbol: 'AAPL', dropPct: 10, durationMs: 1, recoverPct: 0 }
  const malformed = [
    { kind: 'gap', symbol: 'AAPL' },
    { ...crash, recoverMs: 1, dropPct: 100 },
    crash,
    { kind: 'spread', symbol: 'AAPL', bps: 20_000 },
    { kind: 'spread', symbol: 'AAPL', bps: 10, durationMs: 0 },
    { kind: 'liquidity', symbol: 'AAPL', factor: -1 },
    { kind: 'stale_quotes', symbol: 'AAPL' },
    { kind: 'stale_quotes', symbol: 'AAPL', durationMs: 1.5 },
    { kind: 'halt', symbol: 'AAPL', durationMs: 10 },
  ]
  for (const event of malformed)
    await expectRefused(client, () => inject(event), 400, 'invalid_request')
  const unknown = { kind: 'spread', symbol: 'ZZZZ', bps: 10 }
  await expectRefused(client, () => inject(unknown), 422, 'unknown_symbol')
})
