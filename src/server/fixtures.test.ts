/**
 * Fixtures from disk, through the same path a configure call takes (`toConfigInput`): the
 * shipped files load and configure, the tick file replays every one of its rows exactly at its
 * time, unknown and invalid names are refused, and a reset reuses the fixture read at configure.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError, ConfigureRequest, type ConfigureRequestInput } from '../api/index.js'
import { Decimal, isoTime, type TickRow } from '../sim/index.js'
import { unwrap } from './api-error.js'
import { BrokerRuntime } from './broker-runtime.js'
import { FIXTURES_DIR, fixtureLoader, fixtureSource } from './fixtures.js'
import { scenarioLoader, toConfigInput } from './scenarios.js'

const TICKS = 'aapl-2024-01-02-ticks'
const BARS = 'spy-2024-daily-bars'

async function boot(body: ConfigureRequestInput, dir = FIXTURES_DIR): Promise<BrokerRuntime> {
  const input = await toConfigInput(
    ConfigureRequest.parse(body),
    scenarioLoader(),
    fixtureLoader(dir),
  )
  return BrokerRuntime.boot(input)
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return (error as ApiError).code
}

describe('the shipped fixtures', () => {
  it('AAPL ticks replay every row exactly at its own time', async () => {
    const fixture = await fixtureLoader()(TICKS)
    expect(fixture.format).toBe('ticks')
    const rows = fixture.series[0]?.rows ?? []
    expect(rows.length).toBeGreaterThan(300)
    const runtime = await boot({
      symbols: [{ symbol: 'AAPL', model: 'historical' }],
      marketConfig: { source: TICKS },
    })
    const sim = runtime.sim
    const startMs = sim.nowMs
    const exact = (text: string | null) => Decimal.parse(text ?? 'NaN').toString()
    for (const row of rows as TickRow[]) {
      unwrap(sim.advanceTo(startMs + row.offsetMs))
      expect(unwrap(sim.quote('AAPL')), `line ${row.line}`).toEqual({
        symbol: 'AAPL',
        bid: exact(row.bid),
        ask: exact(row.ask),
        bidSize: exact(row.bidSize),
        askSize: exact(row.askSize),
        last: exact(row.last),
        time: isoTime(startMs + row.offsetMs),
      })
    }
  })

  it('SPY bars configure, with the bar length of a day', async () => {
    const runtime = await boot({
      symbols: [{ symbol: 'SPY', model: 'historical' }],
      marketConfig: { source: BARS, updateFrequency: 60_000 },
    })
    const sim = runtime.sim
    const lastAt = (hours: number) => {
      unwrap(sim.advanceTo(Date.parse(sim.config.clock.start) + hours * 3_600_000))
      return unwrap(sim.quote('SPY')).last
    }
    // 2024-01-02: open 475.21, high 477.27 at +6 h, low 471.29 at +12 h, close 472.97 at +18 h.
    expect([lastAt(0), lastAt(6), lastAt(12), lastAt(18), lastAt(23)]).toEqual([
      '475.21',
      '477.27',
      '471.29',
      '472.97',
      '472.97',
    ])
    expect(lastAt(24)).toBe('471.49')
  })
})

describe('loading', () => {
  it('refuses an unknown name with 404 and an invalid one with 400', async () => {
    expect(await codeOf(fixtureLoader()('no-such-fixture'))).toBe('not_found')
    expect(await codeOf(fixtureLoader()('../scenarios/normal'))).toBe('invalid_request')
  })

  it('takes the explicit source over the scenario one; an explicit null switches it off', () => {
    const scenario = { marketConfig: { source: 'a' } }
    expect(fixtureSource({}, scenario)).toBe('a')
    expect(fixtureSource({ marketConfig: { source: 'b' } }, scenario)).toBe('b')
    expect(fixtureSource({ marketConfig: { source: null } }, scenario)).toBeNull()
    expect(fixtureSource({}, {})).toBeNull()
  })

  it('is done once per configure: a reset replays the fixture read then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fixtures-'))
    copyFileSync(join(FIXTURES_DIR, `${TICKS}.csv`), join(dir, 'mine.csv'))
    const runtime = await boot(
      { symbols: [{ symbol: 'AAPL', model: 'historical' }], marketConfig: { source: 'mine' } },
      dir,
    )
    runtime.sim.advanceBy(600_000)
    const first = runtime.sim.journalPosition()
    writeFileSync(join(dir, 'mine.csv'), 'time,bid,ask\n2024-01-02T14:30:00Z,1.00,1.01\n')
    runtime.reset()
    runtime.sim.advanceBy(600_000)
    expect(runtime.sim.journalPosition()).toEqual({ ...first, epoch: first.epoch + 1 })
  })
})
