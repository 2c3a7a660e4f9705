/**
 * Historical replay in the core, with hand-built fixtures (the shell's CSV parsing is tested in
 * src/server): a tick file shows each row at its own time exactly, shifted onto the clock; bars
 * follow the documented path; several symbols replay one file; matching and market events work
 * on replayed quotes; fixtures that cannot be replayed are refused naming the line; and the same
 * configuration gives the same journal hash, also after a reset.
 */
import { describe, expect, it } from 'vitest'
import {
  advance,
  flatConfig,
  jump,
  orderNow,
  quoteOf,
  refusal,
  submit,
  SYMBOL,
  unwrap,
} from '../../../../test/support/sim-world.js'
import {
  barFixture,
  tickFixture,
  tickRows,
  type TickCells,
} from '../../../../test/support/replay-fixtures.js'
import {
  configureSimulation,
  Simulation,
  type ConfigBody,
  type InstrumentInput,
  type ReplayFixture,
} from '../../index.js'

const START = '2026-01-05T14:30:00.000Z'
const START_MS = Date.parse(START)
const HISTORICAL: InstrumentInput = { symbol: SYMBOL, model: 'historical' }

/** A world whose `TEST` replays `fixture`; `market` and `symbols` adjust it. */
function replayConfig(
  fixture: ReplayFixture,
  market: NonNullable<ConfigBody['marketConfig']> = {},
  symbols: InstrumentInput[] = [HISTORICAL],
) {
  return { ...flatConfig({ symbols, market: { source: fixture.name, ...market } }), fixture }
}

function replayWorld(...args: Parameters<typeof replayConfig>): Simulation {
  return unwrap(configureSimulation(replayConfig(...args), 1))
}

const TICKS: TickCells[] = [
  [0, '10.00', '10.02', '300', '500', '10.01'],
  [1_000, '10.01', '10.03', '200', '100', '10.03'],
  [3_000, '9.98', '10.00', '700', '900', '9.98'],
  [7_000, '10.05', '10.07', '100', '100', '10.06'],
]

const quoteOfRow = ([offsetMs, bid, ask, bidSize, askSize, last]: TickCells) => ({
  symbol: SYMBOL,
  bid,
  ask,
  bidSize,
  askSize,
  last,
  time: new Date(START_MS + offsetMs).toISOString(),
})

/** Strips trailing zeros as the quote's decimals do. */
const canonical = (cells: TickCells): TickCells =>
  cells.map((c) =>
    typeof c === 'string' && c.includes('.') ? c.replace(/\.?0+$/, '') : c,
  ) as TickCells

describe('a tick file', () => {
  it('shows each row at its own time, exactly as written', () => {
    const sim = replayWorld(tickFixture(TICKS))
    let now = 0
    for (const row of TICKS) {
      advance(sim, row[0] - now)
      now = row[0]
      expect(quoteOf(sim)).toEqual(quoteOfRow(canonical(row)))
    }
  })

  it('shows the last row at or before each tick, and holds the last row after the end', () => {
    const sim = replayWorld(tickFixture(TICKS))
    advance(sim, 2_000)
    expect(quoteOf(sim)).toMatchObject({
      bid: '10.01',
      time: new Date(START_MS + 2_000).toISOString(),
    })
    advance(sim, 4_000)
    expect(quoteOf(sim).bid).toBe('9.98')
    advance(sim, 60_000)
    expect(quoteOf(sim)).toMatchObject({ bid: '10.05', ask: '10.07', last: '10.06' })
  })

  it('samples rows at the market ticks: rows between two ticks are skipped', () => {
    const sim = replayWorld(tickFixture(TICKS), { updateFrequency: 2_000 })
    const bids: string[] = []
    for (let i = 0; i < 4; i++) {
      advance(sim, 2_000)
      bids.push(quoteOf(sim).bid)
    }
    expect(bids).toEqual(['10.01', '9.98', '9.98', '10.05'])
  })

  it('is shifted onto the clock: the first row lands at clock.start, offsets kept', () => {
    const later = '2030-06-03T08:00:00.000Z'
    const sim = unwrap(
      configureSimulation(
        { ...replayConfig(tickFixture(TICKS)), clock: { mode: 'manual', start: later } },
        1,
      ),
    )
    expect(quoteOf(sim)).toMatchObject({ bid: '10', time: later })
    advance(sim, 3_000)
    expect(quoteOf(sim)).toMatchObject({ bid: '9.98', time: '2030-06-03T08:00:03.000Z' })
  })

  it('shows liquidity in whole lots where sizes are missing, and the rounded mid as last', () => {
    const fixture = tickFixture([
      [0, '10.00', '10.01'],
      [1_000, '10.01', '10.02', null, null, '10.02'],
    ])
    const sim = replayWorld(fixture, { liquidity: 250.7 })
    // The mid 10.005 rounds half-even to 10.00; 10.015 would round to 10.02.
    expect(quoteOf(sim)).toMatchObject({ bidSize: '250', askSize: '250', last: '10' })
    advance(sim, 1_000)
    expect(quoteOf(sim)).toMatchObject({ bid: '10.01', last: '10.02' })
  })
})

describe('bars', () => {
  const MINUTE = 60_000
  // A down bar, then an up bar: 10 → 12 → 8 → 9, then 9 → 7 → 13 → 11.
  const BARS = barFixture([
    [0, '10.00', '12.00', '8.00', '9.00'],
    [MINUTE, '9.00', '13.00', '7.00', '11.00'],
  ])

  const lastAt = (sim: Simulation, ms: number) => {
    advance(sim, ms - (sim.nowMs - START_MS))
    return quoteOf(sim).last
  }

  it('follow open, high, low, close at quarter bars, in straight lines, then hold the close', () => {
    const sim = replayWorld(BARS)
    expect(quoteOf(sim).last).toBe('10')
    expect(lastAt(sim, 5_000)).toBe('10.67') // a third of the way from 10 to 12: 10.666…
    expect(lastAt(sim, 15_000)).toBe('12')
    expect(lastAt(sim, 30_000)).toBe('8')
    expect(lastAt(sim, 45_000)).toBe('9')
    expect(lastAt(sim, 59_000)).toBe('9')
    expect(lastAt(sim, MINUTE)).toBe('9')
    expect(lastAt(sim, MINUTE + 15_000)).toBe('7')
    expect(lastAt(sim, MINUTE + 30_000)).toBe('13')
    expect(lastAt(sim, MINUTE + 45_000)).toBe('11')
    expect(lastAt(sim, 10 * MINUTE)).toBe('11')
  })

  it('quote half the spread around the path price, outward to the tick, sizes from liquidity', () => {
    const sim = replayWorld(BARS, { spread: 100, liquidity: 500 })
    // 10 ± 0.5% of 10 / 2 = ± 0.05.
    expect(quoteOf(sim)).toMatchObject({
      bid: '9.95',
      ask: '10.05',
      last: '10',
      bidSize: '500',
      askSize: '500',
    })
    advance(sim, 5_000)
    // 10.67 ± 0.053350: bid rounds down, ask up.
    expect(quoteOf(sim)).toMatchObject({ bid: '10.61', ask: '10.73', last: '10.67' })
  })

  it('are at least one tick wide with no spread', () => {
    expect(quoteOf(replayWorld(BARS, { spread: 0 }))).toMatchObject({ bid: '10', ask: '10.01' })
  })
})

describe('several symbols', () => {
  const MULTI: ReplayFixture = {
    name: 'multi',
    fingerprint: 'test',
    format: 'ticks',
    series: [
      {
        symbol: 'AAA',
        rows: tickRows([
          [0, '1.00', '1.01'],
          [2_000, '1.10', '1.11'],
        ]),
      },
      {
        symbol: 'BBB',
        rows: tickRows(
          [
            [1_000, '50.00', '50.05'],
            [2_000, '51.00', '51.05'],
          ],
          4,
        ),
      },
    ],
  }
  const both: InstrumentInput[] = [
    { symbol: 'AAA', model: 'historical' },
    { symbol: 'BBB', model: 'historical' },
  ]

  it('replay their own rows from one file; a symbol shows its first row until it starts', () => {
    const sim = replayWorld(MULTI, {}, both)
    expect([quoteOf(sim, 'AAA').bid, quoteOf(sim, 'BBB').bid]).toEqual(['1', '50'])
    advance(sim, 2_000)
    expect([quoteOf(sim, 'AAA').bid, quoteOf(sim, 'BBB').bid]).toEqual(['1.1', '51'])
  })

  it('all replay a file without a symbol column', () => {
    const sim = replayWorld(tickFixture(TICKS), {}, [
      { symbol: 'AAA', model: 'historical' },
      { symbol: 'BBB', model: 'historical' },
    ])
    advance(sim, 3_000)
    expect([quoteOf(sim, 'AAA').bid, quoteOf(sim, 'BBB').bid]).toEqual(['9.98', '9.98'])
  })

  it('leave a model symbol beside them on exactly the path it has alone', () => {
    const moving = { volatility: 20, spread: 5 }
    const alone = unwrap(configureSimulation(flatConfig({ symbols: ['MSFT'], market: moving }), 1))
    const mixed = replayWorld(MULTI, moving, [{ symbol: 'AAA', model: 'historical' }, 'MSFT'])
    for (let i = 0; i < 20; i++) {
      advance(alone, 1_000)
      advance(mixed, 1_000)
      expect(quoteOf(mixed, 'MSFT')).toEqual(quoteOf(alone, 'MSFT'))
    }
  })
})

describe('on replayed quotes', () => {
  it('matching runs as usual: a resting buy fills when the replayed ask comes down to it', () => {
    const sim = replayWorld(tickFixture(TICKS))
    const order = submit(sim, { type: 'limit', limitPrice: '10.00', qty: '100' })
    advance(sim, 1_000)
    expect(orderNow(sim, order.id).status).toBe('new')
    advance(sim, 2_000)
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'filled', avgFillPrice: '10' })
  })

  it('a jump holds until the next tick, a halt stops the replay, stale quotes hide it', () => {
    const sim = replayWorld(tickFixture(TICKS))
    jump(sim, '20.00')
    expect(quoteOf(sim).last).toBe('20')
    advance(sim, 1_000)
    expect(quoteOf(sim).bid).toBe('10.01')
    unwrap(sim.injectMarketEvent({ kind: 'halt', symbol: SYMBOL }))
    advance(sim, 2_000)
    expect(quoteOf(sim).bid).toBe('10.01')
    unwrap(sim.injectMarketEvent({ kind: 'resume', symbol: SYMBOL }))
    unwrap(sim.injectMarketEvent({ kind: 'stale_quotes', symbol: SYMBOL, durationMs: 10_000 }))
    advance(sim, 5_000)
    expect(quoteOf(sim).bid).toBe('10.01')
  })
})

describe('a fixture that cannot be replayed', () => {
  const refused = (config: ReturnType<typeof replayConfig> | ConfigBody) => {
    const error = refusal(configureSimulation(config, 1))
    expect(error.code).toBe('invalid_request')
    expect(error.details).toEqual({ path: 'marketConfig.source' })
    return error.message
  }
  const withRow = (row: TickCells) => tickFixture([TICKS[0] as TickCells, row])

  it('is refused when no source is named or the fixture was not loaded', () => {
    expect(refused(flatConfig({ symbols: [HISTORICAL] }))).toMatch(/set marketConfig.source/)
    const config = replayConfig(tickFixture(TICKS))
    expect(refused({ ...config, fixture: undefined })).toMatch(/fixture ticks was not loaded/)
  })

  it('is refused when it has no rows for a historical symbol', () => {
    const fixture: ReplayFixture = {
      ...tickFixture(TICKS),
      series: [{ symbol: 'AAA', rows: tickRows(TICKS) }],
    }
    expect(refused(replayConfig(fixture))).toBe('fixture ticks has no rows for TEST (it has AAA)')
  })

  it('names the line of a price off the tick grid, a size off the lot grid, a crossed quote', () => {
    expect(refused(replayConfig(withRow([1_000, '10.015', '10.03'])))).toBe(
      "fixture ticks, line 3: bid 10.015 is not on TEST's tick grid (tickSize 0.01)",
    )
    const lots = replayConfig(withRow([1_000, '10.01', '10.03', '150', '100']), {}, [
      { ...HISTORICAL, lotSize: '100' },
    ])
    expect(refused(lots)).toMatch(/^fixture ticks, line 3: bidSize 150 is not a whole number/)
    expect(refused(replayConfig(withRow([1_000, '10.03', '10.03'])))).toBe(
      'fixture ticks, line 3: bid 10.03 must be below ask 10.03',
    )
    expect(refused(replayConfig(withRow([1_000, '0', '10.03'])))).toMatch(/line 3: bid 0 must be/)
  })

  it('names the line where time goes back', () => {
    expect(refused(replayConfig(withRow([0, '10.01', '10.03'])))).toBe(
      "fixture ticks, line 3: time must be later than the previous TEST row's",
    )
  })

  it('is refused for bars that do not enclose open and close, or a single bar', () => {
    const bad = barFixture([
      [0, '10', '12', '8', '9'],
      [60_000, '9', '10', '8', '11'],
    ])
    expect(refused(replayConfig(bad))).toMatch(/^fixture bars, line 3: high 10 and low 8 must/)
    expect(refused(replayConfig(barFixture([[0, '10', '12', '8', '9']])))).toMatch(
      /TEST needs at least 2 bars/,
    )
  })

  it('is not checked when no symbol replays it', () => {
    const config = replayConfig(withRow([0, 'x', 'y']), {}, ['TEST'])
    expect(configureSimulation(config, 1).ok).toBe(true)
  })
})

describe('determinism', () => {
  it('gives the same hash for the same configuration, and again after a reset', () => {
    const config = replayConfig(tickFixture(TICKS), { volatility: 5 }, [HISTORICAL, 'MSFT'])
    const run = (sim: Simulation) => {
      submit(sim, { type: 'limit', limitPrice: '10.00', qty: '100' })
      advance(sim, 10_000)
      return sim.journalPosition()
    }
    const first = unwrap(configureSimulation(config, 1))
    const hash = run(first).hash
    expect(run(unwrap(configureSimulation(config, 1))).hash).toBe(hash)
    const reset = Simulation.create(first.config, { epoch: 2, fixture: first.fixture })
    expect(run(reset)).toMatchObject({ hash, epoch: 2 })
  })
})
