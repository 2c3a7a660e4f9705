/**
 * The shipped scenarios (scenarios/*.json) over a real port: each one validates against the same
 * zod schema configure uses and configures a working world; a scenario timeline fires its market
 * events at the right virtual times, identically on every run; `no_liquidity` fills nothing; and
 * `{ generate: N }` instruments show in the resolved configuration.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScenarioObject, type ScenarioObjectInput } from '../../src/api/index.js'
import { START, at, startClient, type Client } from '../support/broker.js'

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url))
const FILES = readdirSync(DIR).filter((file) => file.endsWith('.json'))
const NAMES = FILES.map((file) => file.replace(/\.json$/, ''))
const REQUIRED = [
  'normal',
  'volatile',
  'trending',
  'range',
  'flash_crash',
  'no_liquidity',
  'failure',
]
const MANUAL = { mode: 'manual' } as const
const MINUTE = 60_000

let client: Client

beforeAll(async () => {
  client = await startClient()
})

afterAll(async () => {
  await client.close()
})

/** Market events of the journal as `[type, time, symbol]`. */
async function marketEvents(): Promise<[string, string, string][]> {
  const res = await client.get('/mock/events?type=market.*&limit=1000')
  expect(res.status).toBe(200)
  return res.body.events.map((e: any) => [e.type, e.time, e.data.symbol])
}

describe('the shipped scenario files', () => {
  it('include every scenario the contract names', () => {
    expect(NAMES).toEqual(expect.arrayContaining(REQUIRED))
  })

  it.each(FILES)('%s validates against the scenario schema and is named after its file', (file) => {
    const parsed = ScenarioObject.safeParse(JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')))
    expect(parsed.error?.issues ?? []).toEqual([])
    expect(parsed.data?.name).toBe(file.replace(/\.json$/, ''))
    expect(parsed.data?.description?.length).toBeGreaterThan(20)
  })

  it.each(NAMES)('%s configures a world that runs for 15 virtual minutes', async (name) => {
    const res = await client.post('/mock/configure', { scenario: name, clock: MANUAL })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const { config, symbols, quotes } = (await client.get('/mock/state')).body
    expect(config.scenario).toBe(name)
    expect(symbols.length).toBeGreaterThan(0)
    expect(quotes).toHaveLength(symbols.length)
    for (let i = 0; i < 15; i++) await client.advance(MINUTE)
    expect((await client.get('/v1/clock')).body.time).toBe(at(15 * MINUTE))
    for (const q of (await client.get('/v1/quotes')).body) expect(Number(q.bid)).toBeGreaterThan(0)
  })
})

describe('a scenario timeline', () => {
  const flashCrashRun = async () => {
    await client.configure({ scenario: 'flash_crash', seed: 5, clock: MANUAL })
    for (let i = 0; i < 20; i++) await client.advance(MINUTE)
    return { events: await marketEvents(), journal: await client.journal() }
  }

  it('is in the resolved configuration with absolute times', async () => {
    await client.configure({ scenario: 'flash_crash', clock: MANUAL })
    const { timeline } = (await client.get('/mock/state')).body.config
    expect(timeline.map((e: any) => [e.at, e.event.kind])).toEqual([
      [at(5 * MINUTE), 'spread'],
      [at(5 * MINUTE), 'liquidity'],
      [at(5 * MINUTE), 'flash_crash'],
    ])
  })

  it('fires its events at the right virtual times', async () => {
    const { events } = await flashCrashRun()
    expect(events).toEqual([
      ['market.spread', at(5 * MINUTE), 'AAPL'],
      ['market.liquidity', at(5 * MINUTE), 'AAPL'],
      ['market.flash_crash', at(5 * MINUTE), 'AAPL'],
      // Due at the same time, timers fire in the order they were scheduled.
      ['market.spread_restored', at(16 * MINUTE), 'AAPL'],
      ['market.liquidity_restored', at(16 * MINUTE), 'AAPL'],
      ['market.flash_crash_ended', at(16 * MINUTE), 'AAPL'],
    ])
  })

  it('drops AAPL by about the configured 10% and recovers most of it', async () => {
    await client.configure({ scenario: 'flash_crash', seed: 5, clock: MANUAL })
    await client.advance(5 * MINUTE)
    const before = Number((await client.get('/v1/quotes/AAPL')).body.last)
    await client.advance(MINUTE)
    const bottom = Number((await client.get('/v1/quotes/AAPL')).body.last)
    expect(bottom / before).toBeCloseTo(0.9, 2)
    await client.advance(10 * MINUTE)
    const after = Number((await client.get('/v1/quotes/AAPL')).body.last)
    expect((after - bottom) / (before - bottom)).toBeCloseTo(0.7, 2)
  })

  it('replays identically on every run, after a reset and in another broker', async () => {
    const first = await flashCrashRun()
    const second = await flashCrashRun()
    expect(second).toEqual({ ...first, journal: { ...first.journal, epoch: second.journal.epoch } })
    expect((await client.post('/mock/reset')).status).toBe(200)
    for (let i = 0; i < 20; i++) await client.advance(MINUTE)
    expect(await marketEvents()).toEqual(first.events)
    expect((await client.journal()).hash).toBe(first.journal.hash)
    const other = await startClient({ scenario: 'flash_crash', seed: 5, clock: MANUAL })
    try {
      for (let i = 0; i < 20; i++) await other.advance(MINUTE)
      expect((await other.journal()).hash).toBe(first.journal.hash)
    } finally {
      await other.close()
    }
  })

  it('fires the failure timeline: stale MSFT quotes, an AAPL crash, a TSLA halt', async () => {
    await client.configure({ scenario: 'failure', clock: MANUAL })
    for (let i = 0; i < 11; i++) await client.advance(MINUTE)
    expect(await marketEvents()).toEqual([
      ['market.stale_quotes', at(2 * MINUTE), 'MSFT'],
      ['market.stale_quotes_ended', at(2 * MINUTE + 30_000), 'MSFT'],
      ['market.flash_crash', at(5 * MINUTE), 'AAPL'],
      ['market.halt', at(6 * MINUTE), 'TSLA'],
      ['market.resume', at(8 * MINUTE), 'TSLA'],
      ['market.flash_crash_ended', at(10 * MINUTE + 30_000), 'AAPL'],
    ])
  })

  it('can be inline, and an explicit timeline replaces the scenario one', async () => {
    const scenario = {
      name: 'inline-halt',
      symbols: ['AAPL'],
      timeline: [
        { at: '+1m', event: { kind: 'halt', symbol: 'aapl' } },
        { at: at(2 * MINUTE), event: { kind: 'resume', symbol: 'AAPL' } },
      ],
    } satisfies ScenarioObjectInput
    await client.configure({ scenario, clock: MANUAL })
    await client.advance(3 * MINUTE)
    expect(await marketEvents()).toEqual([
      ['market.halt', at(MINUTE), 'AAPL'],
      ['market.resume', at(2 * MINUTE), 'AAPL'],
    ])
    await client.configure({ scenario, clock: MANUAL, timeline: [] })
    await client.advance(3 * MINUTE)
    expect(await marketEvents()).toEqual([])
  })

  it('is refused when an entry names an unknown symbol or a time before the start', async () => {
    const halt = { kind: 'halt', symbol: 'AAPL' }
    for (const timeline of [
      [{ at: '+1m', event: { ...halt, symbol: 'MSFT' } }],
      [{ at: '2026-01-05T14:29:00.000Z', event: halt }],
      [{ at: 'soon', event: halt }],
    ]) {
      const res = await client.post('/mock/configure', { symbols: ['AAPL'], timeline })
      expect(res.status, JSON.stringify(timeline)).toBe(400)
      expect(res.body.error.code).toBe('invalid_request')
    }
  })
})

describe('no_liquidity', () => {
  it('quotes zero sizes, so a market buy does not fill', async () => {
    await client.configure({ scenario: 'no_liquidity', clock: MANUAL })
    const quote = (await client.get('/v1/quotes/AAPL')).body
    expect(quote).toMatchObject({ bidSize: '0', askSize: '0' })
    const orders = '/v1/accounts/DEMO/orders'
    const res = await client.post(orders, { symbol: 'AAPL', side: 'buy', qty: '1', type: 'market' })
    expect(res.status).toBe(201)
    await client.advance(MINUTE)
    const order = (await client.get(`${orders}/${res.body.id}`)).body
    expect(order).toMatchObject({ status: 'new', filledQty: '0' })
    expect((await client.get('/v1/accounts/DEMO/fills')).body).toEqual([])
  })
})

describe('generated instruments', () => {
  it('are listed in the resolved configuration, the same for the same seed', async () => {
    await client.configure({ seed: 9, symbols: { generate: 4 } })
    const first = (await client.get('/mock/state')).body
    expect(first.config.symbols).toHaveLength(4)
    expect(first.symbols.map((s: any) => s.symbol)).toEqual(
      first.config.symbols.map((s: any) => s.symbol),
    )
    await client.configure({ seed: 9, symbols: { generate: 4 } })
    expect((await client.get('/mock/state')).body.config.symbols).toEqual(first.config.symbols)
    await client.configure({ seed: 10, symbols: { generate: 4 } })
    expect((await client.get('/mock/state')).body.config.symbols).not.toEqual(first.config.symbols)
    expect(first.clock.time).toBe(START)
  })
})
