/**
 * The same configuration and the same calls give the same journal, hash and ids (CONTRACT.md
 * section 4), on a world that uses every random stream: a moving market, latency ranges, fill
 * probability, rejections and partial fills.
 */
import { describe, expect, it } from 'vitest'
import { orderRequest, unwrap } from '../../test/support/sim-world.js'
import { configureSimulation, Simulation, type ConfigInput, type OrderRequest } from './index.js'

const CONFIG: ConfigInput = {
  seed: 1234,
  symbols: ['AAPL', 'MSFT'],
  marketConfig: { volatility: 20, spread: 5, liquidity: 200, updateFrequency: 500 },
  executionConfig: {
    latencyMin: 5,
    latencyMax: 80,
    fillProbability: 0.5,
    partialFillRatio: 0.6,
    rejectionRate: 0.1,
    slippageBps: 3,
    commission: { perShare: '0.005', minimum: '1' },
  },
  accounts: [
    { id: 'A', cash: '1000000', allowShort: true },
    { id: 'B', cash: '500000' },
  ],
}

function build(input: ConfigInput = CONFIG, epoch = 1): Simulation {
  return unwrap(configureSimulation(input, epoch))
}

const aapl = (overrides: Partial<OrderRequest>) => orderRequest({ symbol: 'AAPL', ...overrides })

/** A fixed script of calls touching every command; answers what the calls answered. */
function runScript(sim: Simulation): unknown[] {
  const answers: unknown[] = []
  const record = (result: unknown) => answers.push(result)
  record(sim.submitOrder('A', aapl({ qty: '500' })))
  record(sim.submitOrder('B', aapl({ type: 'limit', limitPrice: '189.50', qty: '300' })))
  record(sim.submitOrder('A', aapl({ side: 'sell', type: 'stop', stopPrice: '185.00' })))
  record(sim.advanceBy(3_000))
  record(sim.submitOrder('B', orderRequest({ symbol: 'MSFT', type: 'market', qty: '50' })))
  record(sim.replaceOrder('B', 'ord-000002', { limitPrice: '189.80' }))
  record(sim.injectMarketEvent({ kind: 'price_jump', symbol: 'AAPL', pct: -2 }))
  record(sim.advanceBy(2_000))
  record(sim.cancelAllOrders('A'))
  record(sim.submitOrder('A', aapl({ type: 'trailing_stop', side: 'sell', trailPercent: '0.5' })))
  record(sim.advanceBy(20_000))
  record(sim.closePosition('B', 'MSFT'))
  record(sim.advanceBy(5_000))
  return answers
}

const quotesOf = (sim: Simulation, symbol: string) =>
  sim
    .events(0, 100_000, { types: ['quote.updated'] })
    .map((e) => e.data.quote as { symbol: string })
    .filter((q) => q.symbol === symbol)

describe('determinism', () => {
  it('gives the same hash, journal and answers for the same config and calls, twice', () => {
    const first = build()
    const second = build()
    const answers = [runScript(first), runScript(second)]
    expect(answers[1]).toEqual(answers[0])
    expect(second.journalPosition()).toEqual(first.journalPosition())
    expect(second.events(0, 100_000)).toEqual(first.events(0, 100_000))
    expect(first.journalPosition().seq).toBeGreaterThan(100)
    expect(first.events(0, 100_000, { types: ['fill.created'] }).length).toBeGreaterThan(0)
  })

  it('gives the same hash after re-creating the world from its config, as reset does', () => {
    const first = build()
    runScript(first)
    const reset = Simulation.create(first.config, { epoch: 2 })
    runScript(reset)
    expect(reset.journalPosition()).toEqual({ ...first.journalPosition(), epoch: 2 })
  })

  it('gives another hash when one call differs', () => {
    const first = build()
    runScript(first)
    const other = build()
    other.submitOrder('B', aapl({ qty: '1' }))
    runScript(other)
    expect(other.journalPosition().hash).not.toBe(first.journalPosition().hash)
  })

  it('gives different quotes with another seed', () => {
    const first = build()
    const other = build({ ...CONFIG, seed: 1235 })
    first.advanceBy(10_000)
    other.advanceBy(10_000)
    expect(quotesOf(other, 'AAPL')).not.toEqual(quotesOf(first, 'AAPL'))
    expect(other.journalPosition().hash).not.toBe(first.journalPosition().hash)
  })

  it('keeps the quotes of a symbol unchanged when another symbol is added', () => {
    const alone = build({ ...CONFIG, symbols: ['AAPL'] })
    const withMore = build({ ...CONFIG, symbols: ['MSFT', 'AAPL', 'TSLA'] })
    expect(unwrap(withMore.quote('AAPL'))).toEqual(unwrap(alone.quote('AAPL')))
    alone.advanceBy(30_000)
    withMore.advanceBy(30_000)
    const quotes = quotesOf(alone, 'AAPL')
    expect(quotes).toHaveLength(60)
    expect(quotesOf(withMore, 'AAPL')).toEqual(quotes)
  })

  it('numbers orders and fills from counters, the same on every run', () => {
    const sim = build()
    runScript(sim)
    const ids = sim.allOrders().map((o) => o.id)
    expect(ids.slice(0, 3)).toEqual(['ord-000001', 'ord-000002', 'ord-000003'])
    expect(new Set(ids).size).toBe(ids.length)
  })
})
