/**
 * Historical replay over a real port: `marketConfig.source` names a file of fixtures/, symbols
 * with `model: historical` show its quotes shifted onto the virtual clock (exactly the file's for
 * ticks, the documented path for bars), orders trade against them, bad fixtures are refused with
 * the file and line, and the same calls give the same journal hash, also after a reset.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConfigureRequestInput } from '../../src/api/index.js'
import { START, at, expectRefused, startClient, type Client } from '../support/broker.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const TICKS = 'aapl-2024-01-02-ticks'
const HOUR = 3_600_000

const REPLAY = {
  seed: 3,
  symbols: [{ symbol: 'AAPL', model: 'historical' }, 'MSFT'],
  marketConfig: { source: TICKS },
} satisfies ConfigureRequestInput

/** The first data rows of the tick file, as `{ offsetMs, bid, ask, bidSize, askSize, last }`. */
function fileRows(count: number) {
  const lines = readFileSync(join(FIXTURES, `${TICKS}.csv`), 'utf8')
    .split('\n')
    .filter((line) => /^\d/.test(line))
    .slice(0, count)
  const firstMs = Date.parse(lines[0]?.split(',')[0] ?? '')
  return lines.map((line) => {
    const [time, bid, ask, bidSize, askSize, last] = line.split(',') as string[]
    const num = (text?: string) => String(Number(text))
    return {
      offsetMs: Date.parse(time as string) - firstMs,
      quote: {
        symbol: 'AAPL',
        bid: num(bid),
        ask: num(ask),
        bidSize: num(bidSize),
        askSize: num(askSize),
        last: num(last),
      },
    }
  })
}

let client: Client
let badDir: string

beforeAll(async () => {
  badDir = mkdtempSync(join(tmpdir(), 'mock-broker-fixtures-'))
  // The tick fixture beside two broken ones: this client reads fixtures from the temporary folder.
  copyFileSync(join(FIXTURES, `${TICKS}.csv`), join(badDir, `${TICKS}.csv`))
  writeFileSync(
    join(badDir, 'backwards.csv'),
    'time,bid,ask\n2024-01-02T14:30:05Z,1.00,1.01\n2024-01-02T14:30:00Z,1.00,1.01\n',
  )
  writeFileSync(join(badDir, 'ragged.csv'), 'time,bid,ask\n2024-01-02T14:30:00Z,1.00\n')
  client = await startClient(REPLAY, { fixturesDir: badDir })
})

afterAll(async () => {
  await client.close()
})

describe('a tick fixture', () => {
  it('is named in the resolved configuration', async () => {
    const other = await startClient(REPLAY)
    try {
      const { config } = (await other.get('/mock/state')).body
      expect(config.marketConfig).toMatchObject({ model: 'random_walk', source: TICKS })
      expect(config.symbols[0]).toMatchObject({ symbol: 'AAPL', model: 'historical' })
    } finally {
      await other.close()
    }
  })

  it("replays the file's quotes at the file's times, shifted onto the clock", async () => {
    const other = await startClient(REPLAY)
    try {
      let now = 0
      for (const { offsetMs, quote } of fileRows(25)) {
        await other.advance(offsetMs - now)
        now = offsetMs
        const res = await other.get('/v1/quotes/AAPL')
        expect(res.body).toEqual({ ...quote, time: at(offsetMs) })
      }
    } finally {
      await other.close()
    }
  })

  it('trades: a market buy fills at the replayed ask', async () => {
    const other = await startClient(REPLAY)
    try {
      const res = await other.post('/v1/accounts/DEMO/orders', {
        symbol: 'AAPL',
        side: 'buy',
        qty: '10',
        type: 'market',
      })
      expect(res.status).toBe(201)
      await other.advance(0)
      const fills = (await other.get('/v1/accounts/DEMO/fills')).body
      expect(fills).toMatchObject([{ price: '187.15', qty: '10' }])
    } finally {
      await other.close()
    }
  })
})

it('a bar fixture follows open, high, low, close through the day', async () => {
  const other = await startClient({
    symbols: [{ symbol: 'SPY', model: 'historical' }],
    marketConfig: { source: 'spy-2024-daily-bars', updateFrequency: 60_000, spread: 2 },
  })
  try {
    const lasts: string[] = []
    for (let i = 0; i < 5; i++) {
      lasts.push((await other.get('/v1/quotes/SPY')).body.last)
      await other.advance(6 * HOUR)
    }
    // 2024-01-02 is a down bar (high first); at +24 h the next bar opens.
    expect(lasts).toEqual(['475.21', '477.27', '471.29', '472.97', '471.49'])
    // 2024-01-03 closes above its open: its low comes first. 2 bps around it, outward to the tick.
    expect((await other.get('/v1/quotes/SPY')).body).toMatchObject({
      bid: '470.2',
      ask: '470.3',
      last: '470.25',
      time: at(30 * HOUR),
    })
  } finally {
    await other.close()
  }
})

describe('a bad fixture', () => {
  const configure =
    (source: string, extra: ConfigureRequestInput = {}) =>
    () =>
      client.post('/mock/configure', { ...REPLAY, marketConfig: { source }, ...extra })

  it('is 404 not_found when no file has its name, and 400 for a name with a path', async () => {
    const res = await expectRefused(client, configure('no-such-fixture'), 404, 'not_found')
    expect(res.body.error.details).toEqual({ source: 'no-such-fixture' })
    await expectRefused(client, configure('../scenarios/normal'), 400, 'invalid_request')
  })

  it('is 400 invalid_request naming the file and the line', async () => {
    const backwards = await expectRefused(client, configure('backwards'), 400, 'invalid_request')
    expect(backwards.body.error.message).toMatch(/^fixtures\/backwards\.csv, line 3: time /)
    expect(backwards.body.error.details).toEqual({ source: 'backwards', line: 3 })
    const ragged = await expectRefused(client, configure('ragged'), 400, 'invalid_request')
    expect(ragged.body.error.message).toMatch(/line 2: expected 3 cells/)
  })

  it('is 400 when its prices are off the tick grid of the symbol replaying them', async () => {
    const other = await startClient(REPLAY)
    try {
      const coarse = { symbols: [{ symbol: 'AAPL', model: 'historical', tickSize: '0.05' }] }
      const res = await expectRefused(
        other,
        () => other.post('/mock/configure', { ...REPLAY, ...coarse }),
        400,
        'invalid_request',
      )
      expect(res.body.error.message).toMatch(/^fixture aapl-2024-01-02-ticks, line 4: bid 187\.13/)
      expect(res.body.error.details).toEqual({ path: 'marketConfig.source' })
    } finally {
      await other.close()
    }
  })

  it('is 400 when a historical symbol has no source', async () => {
    const res = await client.post('/mock/configure', { ...REPLAY, marketConfig: {} })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/AAPL use the historical model/)
  })
})

it('gives the same journal hash for the same calls, and again after a reset', async () => {
  const other = await startClient(REPLAY)
  try {
    const run = async () => {
      await other.post('/v1/accounts/DEMO/orders', {
        symbol: 'AAPL',
        side: 'buy',
        qty: '5',
        type: 'limit',
        limitPrice: '186.90',
        timeInForce: 'gtc',
      })
      for (let i = 0; i < 10; i++) await other.advance(60_000)
      return other.journal()
    }
    const first = await run()
    await other.configure(REPLAY)
    const second = await run()
    expect(second.hash).toBe(first.hash)
    expect((await other.post('/mock/reset')).status).toBe(200)
    expect((await run()).hash).toBe(first.hash)
    expect((await other.get('/v1/clock')).body.time).toBe(at(10 * 60_000, START))
  } finally {
    await other.close()
  }
})
