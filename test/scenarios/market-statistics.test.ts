/**
 * The shipped scenarios behave as their names promise, measured on the world they configure
 * (fixed seeds, so every run sees the same numbers): `volatile` moves clearly more than `normal`,
 * `trending` ends away from its start in the drift's direction, and every scenario keeps prices
 * positive and on the tick grid over a simulated week.
 *
 * To keep the suite fast, the week runs with one quote a minute (`updateFrequency: 60000`) instead
 * of the scenarios' one a second; the models scale their steps with it, so daily statistics hold.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigureRequest, type ConfigureRequestInput } from '../../src/api/index.js'
import { Decimal, type Simulation } from '../../src/sim/index.js'
import { BrokerRuntime } from '../../src/server/broker-runtime.js'
import { SCENARIOS_DIR, scenarioLoader, toConfigInput } from '../../src/server/scenarios.js'

const DAY_MS = 24 * 60 * 60 * 1000
const SCENARIOS = readdirSync(SCENARIOS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))

async function world(config: ConfigureRequestInput): Promise<Simulation> {
  const input = await toConfigInput(ConfigureRequest.parse(config), scenarioLoader())
  return BrokerRuntime.boot(input).sim
}

function mid(sim: Simulation, symbol: string): number {
  const quote = sim.quote(symbol)
  if (!quote.ok) throw new Error(quote.error.message)
  return (Number(quote.value.bid) + Number(quote.value.ask)) / 2
}

/** Standard deviation of daily log returns of `symbol` over `days`, in percent. */
async function realizedDailyVolPct(scenario: string, seed: number, days: number): Promise<number> {
  const sim = await world({
    scenario,
    seed,
    symbols: ['AAPL'],
    marketConfig: { updateFrequency: 60_000 },
    timeline: [],
  })
  const closes = [mid(sim, 'AAPL')]
  for (let day = 0; day < days; day++) {
    sim.advanceBy(DAY_MS)
    closes.push(mid(sim, 'AAPL'))
  }
  const returns = closes.slice(1).map((close, i) => Math.log(close / (closes[i] as number)))
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1)
  return Math.sqrt(variance) * 100
}

describe('scenario statistics', () => {
  it('makes volatile clearly more volatile than normal', async () => {
    const normal = await realizedDailyVolPct('normal', 11, 60)
    const volatile = await realizedDailyVolPct('volatile', 11, 60)
    expect(normal, `seed 11: normal ${normal.toFixed(2)}%`).toBeGreaterThan(1.4)
    expect(normal).toBeLessThan(2.6)
    expect(
      volatile / normal,
      `seed 11: volatile ${volatile.toFixed(2)}% vs normal ${normal.toFixed(2)}%`,
    ).toBeGreaterThan(2.5)
  })

  it('ends trending away from its start in the direction of the drift', async () => {
    for (const drift of [3, -3]) {
      const sim = await world({
        scenario: 'trending',
        seed: 5,
        marketConfig: { updateFrequency: 60_000, drift },
      })
      const symbols = sim.instruments().map((i) => i.symbol)
      const starts = symbols.map((s) => mid(sim, s))
      sim.advanceBy(7 * DAY_MS)
      symbols.forEach((symbol, i) => {
        const change = mid(sim, symbol) / (starts[i] as number) - 1
        expect(
          Math.sign(change),
          `seed 5, drift ${drift}: ${symbol} moved ${(change * 100).toFixed(1)}%`,
        ).toBe(Math.sign(drift))
        expect(Math.abs(change)).toBeGreaterThan(0.05)
      })
    }
  })

  it.each(SCENARIOS)(
    'keeps %s positive and on the tick grid over a simulated week',
    async (scenario) => {
      const sim = await world({
        scenario,
        seed: 3,
        clock: { mode: 'manual' },
        marketConfig: { updateFrequency: 60_000 },
      })
      const ticks = new Map(sim.instruments().map((i) => [i.symbol, Decimal.parse(i.tickSize)]))
      for (let hour = 0; hour < 7 * 24; hour++) {
        sim.advanceBy(60 * 60 * 1000)
        const quotes = sim.quotes()
        if (!quotes.ok) throw new Error(quotes.error.message)
        for (const quote of quotes.value) {
          const tick = ticks.get(quote.symbol) as Decimal
          for (const price of [quote.bid, quote.ask]) {
            const value = Decimal.parse(price)
            expect(value.isPositive(), `${scenario} ${quote.symbol} ${price}`).toBe(true)
            expect(
              value.isMultipleOf(tick),
              `${scenario} ${quote.symbol} ${price} on tick ${tick}`,
            ).toBe(true)
          }
        }
      }
    },
  )
})
