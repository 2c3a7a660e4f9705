/**
 * Price models inside a world: configured per market or per symbol, each symbol on its own stream
 * (so paths are reproducible and independent), quotes on the tick grid, spreads that widen with
 * volatility, and the statistics that survive tick rounding and sessions.
 */
import { expect, it } from 'vitest'
import { refusal, unwrap } from '../../../test/support/sim-world.js'
import {
  configureConfig,
  configureSimulation,
  Decimal,
  type ConfigBody,
  type PriceModelName,
  type QuoteView,
  type Simulation,
} from '../index.js'
import { logReturns, mean, relativeError, std } from '../../../test/support/price-paths.js'
import { SPREAD_BPS_MAX, volatilitySpreadBps } from './volatility-spread.js'

const MODELS: readonly PriceModelName[] = ['random_walk', 'mean_reversion', 'momentum']
const CLUSTERING = { alpha: 0.1, beta: 0.85 }
const DAY_MS = 24 * 60 * 60 * 1000
const WEEK_MS = 7 * DAY_MS

type MarketInput = NonNullable<ConfigBody['marketConfig']>

function world(body: ConfigBody): Simulation {
  return unwrap(configureSimulation({ clock: { mode: 'manual' }, ...body }, 1))
}

/** Advances `sim` by `ms` and answers every quote published meanwhile, per symbol. */
function quotesWhile(sim: Simulation, ms: number): Map<string, QuoteView[]> {
  const quotes = new Map<string, QuoteView[]>()
  const stop = sim.onEvent((event) => {
    if (event.type !== 'quote.updated') return
    const quote = event.data.quote as QuoteView
    const list = quotes.get(quote.symbol) ?? []
    list.push(quote)
    quotes.set(quote.symbol, list)
  })
  unwrap(sim.advanceBy(ms))
  stop()
  return quotes
}

function variants(): Array<{ label: string; market: MarketInput }> {
  return MODELS.flatMap((model) => [
    { label: model, market: { model, volatility: 5 } },
    {
      label: `${model} with clustering`,
      market: { model, volatility: 5, volatilityClustering: CLUSTERING },
    },
  ])
}

it('gives the same quotes for the same seed and other quotes for another seed', () => {
  for (const { label, market } of variants()) {
    const run = (seed: number) =>
      quotesWhile(world({ seed, symbols: ['AAPL', 'MSFT'], marketConfig: market }), 600_000)
    const first = run(7)
    expect(run(7), `${label}, seed=7`).toEqual(first)
    expect(run(8).get('AAPL'), `${label}, seed=8`).not.toEqual(first.get('AAPL'))
  }
})

it("keeps each symbol's path when another symbol is added", () => {
  for (const { label, market } of variants()) {
    const run = (symbols: string[]) =>
      quotesWhile(world({ seed: 11, symbols, marketConfig: market }), 600_000).get('MSFT')
    const alone = run(['MSFT'])
    expect(run(['AAPL', 'MSFT', 'TSLA']), `${label}, seed=11`).toEqual(alone)
    expect(run(['MSFT', 'NVDA']), `${label}, seed=11`).toEqual(alone)
  }
})

it('steps a symbol with the model it names, the others with the market model', () => {
  const seed = 21
  const mixed = quotesWhile(
    world({
      seed,
      symbols: [{ symbol: 'AAPL', model: 'mean_reversion' }, 'MSFT'],
      marketConfig: { model: 'momentum', volatility: 5 },
    }),
    600_000,
  )
  const only = (model: PriceModelName, symbol: string) =>
    quotesWhile(
      world({ seed, symbols: [symbol], marketConfig: { model, volatility: 5 } }),
      600_000,
    ).get(symbol)
  expect(mixed.get('AAPL'), `seed=${seed}`).toEqual(only('mean_reversion', 'AAPL'))
  expect(mixed.get('MSFT'), `seed=${seed}`).toEqual(only('momentum', 'MSFT'))
  expect(mixed.get('MSFT'), `seed=${seed}`).not.toEqual(only('random_walk', 'MSFT'))
})

const WEEK_SYMBOLS = [
  { symbol: 'PENNY', price: '0.05', tickSize: '0.01' },
  { symbol: 'FINE', price: '12.3456', tickSize: '0.0001' },
]

for (const { label, market } of variants()) {
  it(`keeps every quote on the tick grid and positive over a simulated week: ${label}`, () => {
    const seed = 5
    const ticks = new Map(WEEK_SYMBOLS.map((s) => [s.symbol, Decimal.parse(s.tickSize)]))
    const marketConfig = { ...market, volatility: 40, updateFrequency: 60_000, halfLife: 600_000 }
    const quotes = quotesWhile(world({ seed, symbols: WEEK_SYMBOLS, marketConfig }), WEEK_MS)
    for (const [symbol, list] of quotes) {
      const tick = ticks.get(symbol) as Decimal
      expect(list.length, `${label} ${symbol}`).toBe(WEEK_MS / 60_000)
      for (const quote of list) {
        const [bid, ask, last] = [quote.bid, quote.ask, quote.last].map((p) => Decimal.parse(p))
        const at = `${label}, seed=${seed}: ${JSON.stringify(quote)}`
        expect(bid?.gte(tick) && ask?.gt(bid) && last?.gte(tick), at).toBe(true)
        expect(
          [bid, ask, last].every((p) => p?.isMultipleOf(tick)),
          at,
        ).toBe(true)
      }
    }
  })
}

it('widens and narrows the spread with the volatility under clustering, within bounds', () => {
  const spreadsOf = (volatilityClustering: typeof CLUSTERING | null) => {
    const sim = world({
      seed: 3,
      symbols: [{ symbol: 'WIDE', price: '1000' }],
      marketConfig: { volatility: 5, spread: 20, volatilityClustering },
    })
    const quotes = quotesWhile(sim, 3 * 60 * 60 * 1000).get('WIDE') ?? []
    return quotes.map((q) => {
      const [bid, ask] = [Number(q.bid), Number(q.ask)] as [number, number]
      return ((ask - bid) / ((ask + bid) / 2)) * 10_000
    })
  }
  // Rounding bid down and ask up to the cent adds at most 0.2 bps at 1000.
  const plain = spreadsOf(null)
  expect(Math.min(...plain)).toBeGreaterThanOrEqual(19.8)
  expect(Math.max(...plain)).toBeLessThanOrEqual(20.3)
  const clustered = spreadsOf({ alpha: 0.3, beta: 0.6 })
  expect(Math.min(...clustered), 'seed=3').toBeLessThan(15)
  expect(Math.max(...clustered), 'seed=3').toBeGreaterThan(30)
  expect(Math.min(...clustered), 'seed=3').toBeGreaterThanOrEqual(9.8)
  expect(Math.max(...clustered), 'seed=3').toBeLessThanOrEqual(80.3)
})

it('scales the spread by the volatility ratio, clamped to [0.5, 4] and 10000 bps', () => {
  expect(volatilitySpreadBps(10, 1)).toBe(10)
  expect(volatilitySpreadBps(10, 1.5)).toBe(15)
  expect(volatilitySpreadBps(10, 0.1)).toBe(5)
  expect(volatilitySpreadBps(10, 9)).toBe(40)
  expect(volatilitySpreadBps(5000, 3)).toBe(SPREAD_BPS_MAX)
})

it('realizes the daily volatility per session when a session is configured', () => {
  const seed = 17
  const sim = world({
    seed,
    symbols: ['SPY'],
    session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
    marketConfig: { volatility: 2, updateFrequency: 60_000 },
  })
  // 390 one-minute ticks a session; the last quote of each session is its close.
  const lasts = (quotesWhile(sim, 365 * DAY_MS).get('SPY') ?? []).map((q) => Number(q.last))
  const closes = lasts.filter((_, i) => (i + 1) % 390 === 0)
  expect(closes.length).toBeGreaterThan(250)
  const daily = std(logReturns(closes))
  expect(relativeError(daily, 0.02), `seed=${seed}: daily σ ${daily}`).toBeLessThan(0.15)
})

it('trends in the direction of the drift', () => {
  for (const drift of [2, -2]) {
    const seed = 19
    const sim = world({
      seed,
      symbols: ['SPY'],
      marketConfig: { volatility: 2, drift, updateFrequency: 300_000 },
    })
    const lasts = (quotesWhile(sim, 60 * DAY_MS).get('SPY') ?? []).map((q) => Number(q.last))
    const end = lasts[lasts.length - 1] as number
    expect(Math.sign(end - 550), `seed=${seed}, drift ${drift}: ends at ${end}`).toBe(
      Math.sign(drift),
    )
    expect(Math.sign(mean(logReturns(lasts))), `seed=${seed}`).toBe(Math.sign(drift))
  }
})

it('pulls a jumped price halfway back to its starting price in one half-life', () => {
  const sim = world({
    seed: 1,
    symbols: [{ symbol: 'RANGE', price: '100.00' }],
    marketConfig: { model: 'mean_reversion', volatility: 0, spread: 0, halfLife: 1_800_000 },
  })
  unwrap(sim.injectMarketEvent({ kind: 'price_jump', symbol: 'RANGE', price: '120.00' }))
  unwrap(sim.advanceBy(1_800_000))
  const distance = Number(unwrap(sim.quote('RANGE')).last) - 100
  expect(relativeError(distance, 10), `distance ${distance}`).toBeLessThan(0.1)
})

it('resolves the model parameters with their defaults', () => {
  const config = unwrap(configureConfig({ symbols: ['AAPL', { symbol: 'X', model: 'momentum' }] }))
  expect(config.marketConfig).toMatchObject({
    model: 'random_walk',
    halfLife: 3_600_000,
    momentum: 0.3,
    volatilityClustering: null,
  })
  expect(config.symbols.map((s) => s.model)).toEqual([null, 'momentum'])
  const scenario = {
    name: 'clustered',
    body: { marketConfig: { volatilityClustering: CLUSTERING } },
  }
  expect(unwrap(configureConfig({ scenario })).marketConfig.volatilityClustering).toEqual(
    CLUSTERING,
  )
  const off = configureConfig({ scenario, marketConfig: { volatilityClustering: null } })
  expect(unwrap(off).marketConfig.volatilityClustering).toBeNull()
})

it('refuses model parameters outside their ranges', () => {
  const bad: Array<[MarketInput, string]> = [
    [{ volatilityClustering: { alpha: 0.5, beta: 0.5 } }, 'marketConfig.volatilityClustering'],
    [{ volatilityClustering: { alpha: -0.1, beta: 0.5 } }, 'marketConfig.volatilityClustering'],
    [{ momentum: 1 }, 'marketConfig.momentum'],
    [{ momentum: -0.1 }, 'marketConfig.momentum'],
    [{ halfLife: 0 }, 'marketConfig.halfLife'],
  ]
  for (const [marketConfig, path] of bad) {
    const error = refusal(configureConfig({ marketConfig }))
    expect(error.code, JSON.stringify(marketConfig)).toBe('invalid_request')
    expect(error.details.path).toBe(path)
  }
})
