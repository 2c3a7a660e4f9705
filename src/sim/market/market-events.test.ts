/**
 * Market events on the core with a manual clock: gap, flash_crash, spread, liquidity and
 * stale_quotes (halt, resume and price_jump are covered over HTTP in test/e2e/control.test.ts).
 * Worlds are flat (nothing moves by itself) unless a test needs a moving model underneath.
 */
import { describe, expect, it } from 'vitest'
import {
  advance,
  allEvents,
  flatWorld,
  orderNow,
  quoteOf,
  refusal,
  submit,
  SYMBOL,
  unwrap,
} from '../../../test/support/sim-world.js'
import type { MarketEvent, Simulation } from '../index.js'

const inject = (sim: Simulation, event: MarketEvent, atMs?: number) =>
  unwrap(sim.injectMarketEvent(event, atMs))

const mid = (sim: Simulation) => {
  const q = quoteOf(sim)
  return (Number(q.bid) + Number(q.ask)) / 2
}

const typesOf = (sim: Simulation, prefix = 'market.') =>
  allEvents(sim)
    .filter((e) => e.type.startsWith(prefix))
    .map((e) => e.type)

const timeOf = (sim: Simulation, type: string) =>
  allEvents(sim).find((e) => e.type === type)?.timeMs

describe('gap', () => {
  it('moves the mid like a jump and is journaled market.gap, then quote.updated', () => {
    const sim = flatWorld()
    inject(sim, { kind: 'gap', symbol: SYMBOL, pct: -10 })
    expect(quoteOf(sim)).toMatchObject({ bid: '90', last: '90' })
    inject(sim, { kind: 'gap', symbol: SYMBOL, price: '120' })
    expect(quoteOf(sim).last).toBe('120')
    expect(typesOf(sim, '')).toEqual(['market.gap', 'quote.updated', 'market.gap', 'quote.updated'])
  })

  it('needs exactly one of pct and price', () => {
    const sim = flatWorld()
    expect(refusal(sim.injectMarketEvent({ kind: 'gap', symbol: SYMBOL })).code).toBe(
      'invalid_request',
    )
  })
})

describe('flash_crash', () => {
  const crash = {
    kind: 'flash_crash',
    symbol: SYMBOL,
    dropPct: 10,
    durationMs: 60_000,
    recoverPct: 50,
    recoverMs: 120_000,
  } as const

  it('drops the mid by dropPct over durationMs, then recovers recoverPct of the drop', () => {
    const sim = flatWorld()
    const start = sim.nowMs
    inject(sim, crash)
    advance(sim, 30_000)
    expect(mid(sim)).toBeCloseTo(95, 1)
    advance(sim, 30_000)
    expect(quoteOf(sim).bid).toBe('90')
    advance(sim, 60_000)
    expect(mid(sim)).toBeCloseTo(92.5, 1)
    advance(sim, 60_000)
    expect(quoteOf(sim).bid).toBe('95')
    expect(typesOf(sim)).toEqual(['market.flash_crash', 'market.flash_crash_ended'])
    expect(timeOf(sim, 'market.flash_crash_ended')).toBe(start + 180_000)
    const started = allEvents(sim).find((e) => e.type === 'market.flash_crash')
    expect(started?.data).toMatchObject({
      id: 'mev-000001',
      ...crash,
      bottomAt: '2026-01-05T14:31:00.000Z',
      until: '2026-01-05T14:33:00.000Z',
    })
  })

  it('steps once per updateFrequency, the bottom exactly dropPct below even in a moving market', () => {
    const sim = flatWorld({ market: { volatility: 5, updateFrequency: 1_000 } })
    advance(sim, 10_000)
    const before = mid(sim)
    inject(sim, { ...crash, recoverPct: 0 })
    const seqBefore = sim.journalPosition().seq
    advance(sim, 60_000)
    // The model waits during the crash: only the crash's 60 steps quote the symbol.
    const quotes = sim.events(seqBefore, 1000, { types: ['quote.updated'] })
    expect(quotes).toHaveLength(60)
    expect(mid(sim)).toBeCloseTo(before * 0.9, 1)
    // Afterwards the model takes over again.
    advance(sim, 5_000)
    expect(sim.events(seqBefore, 1000, { types: ['quote.updated'] })).toHaveLength(65)
  })

  it('crashes at once with durationMs 0 and fills a resting buy limit on the way down', () => {
    const sim = flatWorld()
    const order = submit(sim, { type: 'limit', limitPrice: '92' })
    inject(sim, { ...crash, durationMs: 0, recoverPct: 0, recoverMs: 0 })
    expect(quoteOf(sim).bid).toBe('90')
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'filled', avgFillPrice: '90.01' })
  })

  it('keeps a jump injected during the crash', () => {
    const sim = flatWorld()
    inject(sim, crash)
    advance(sim, 30_000)
    inject(sim, { kind: 'price_jump', symbol: SYMBOL, pct: 10 })
    advance(sim, 30_000)
    // 100 × 0.95 × 1.1 × (0.9 / 0.95) = 99.
    expect(mid(sim)).toBeCloseTo(99, 1)
  })

  it('refuses a drop outside (0, 100) and negative durations', () => {
    const sim = flatWorld()
    for (const bad of [{ dropPct: 100 }, { dropPct: 0 }, { recoverPct: 101 }, { durationMs: -1 }])
      expect(refusal(sim.injectMarketEvent({ ...crash, ...bad })).code).toBe('invalid_request')
  })
})

describe('spread', () => {
  it('overrides the spread at once and restores it after durationMs', () => {
    const sim = flatWorld({ market: { spread: 10 } })
    expect(quoteOf(sim)).toMatchObject({ bid: '99.95', ask: '100.05' })
    inject(sim, { kind: 'spread', symbol: SYMBOL, bps: 100, durationMs: 5_000 })
    expect(quoteOf(sim)).toMatchObject({ bid: '99.5', ask: '100.5' })
    advance(sim, 4_999)
    expect(quoteOf(sim)).toMatchObject({ bid: '99.5', ask: '100.5' })
    advance(sim, 1)
    expect(quoteOf(sim)).toMatchObject({ bid: '99.95', ask: '100.05' })
    expect(typesOf(sim)).toEqual(['market.spread', 'market.spread_restored'])
  })

  it('lets a later spread replace an earlier one, whose end then changes nothing', () => {
    const sim = flatWorld({ market: { spread: 10 } })
    inject(sim, { kind: 'spread', symbol: SYMBOL, bps: 100, durationMs: 5_000 })
    inject(sim, { kind: 'spread', symbol: SYMBOL, bps: 200 }, sim.nowMs + 1_000)
    advance(sim, 10_000)
    expect(quoteOf(sim)).toMatchObject({ bid: '99', ask: '101' })
    expect(typesOf(sim)).toEqual(['market.spread', 'market.spread'])
  })
})

describe('liquidity', () => {
  it('multiplies the touch sizes; factor 0 quotes none and a market buy does not fill', () => {
    const sim = flatWorld({ market: { liquidity: 1_000 } })
    inject(sim, { kind: 'liquidity', symbol: SYMBOL, factor: 0.01 })
    expect(Number(quoteOf(sim).askSize)).toBeLessThanOrEqual(15)
    inject(sim, { kind: 'liquidity', symbol: SYMBOL, factor: 0, durationMs: 10_000 })
    expect(quoteOf(sim)).toMatchObject({ bidSize: '0', askSize: '0' })
    const order = submit(sim, { qty: '10', timeInForce: 'day' })
    advance(sim, 5_000)
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'new', filledQty: '0' })
    advance(sim, 5_000)
    expect(typesOf(sim)).toEqual([
      'market.liquidity',
      'market.liquidity',
      'market.liquidity_restored',
    ])
    expect(orderNow(sim, order.id).status).toBe('filled')
  })
})

describe('stale_quotes', () => {
  it('publishes no quote while stale, matches against the last one, then requotes', () => {
    const sim = flatWorld({ market: { volatility: 20 } })
    inject(sim, { kind: 'stale_quotes', symbol: SYMBOL, durationMs: 10_000 })
    const stale = quoteOf(sim)
    const seqBefore = sim.journalPosition().seq
    advance(sim, 9_999)
    expect(sim.events(seqBefore, 1000, { types: ['quote.updated'] })).toEqual([])
    expect(quoteOf(sim)).toEqual(stale)
    const order = submit(sim, { qty: '5' })
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'filled', avgFillPrice: stale.ask })
    advance(sim, 1)
    expect(typesOf(sim)).toEqual(['market.stale_quotes', 'market.stale_quotes_ended'])
    const fresh = quoteOf(sim)
    expect(fresh.time).toBe('2026-01-05T14:30:10.000Z')
    // The price moved underneath while the quotes were stale.
    expect(fresh.bid).not.toBe(stale.bid)
  })

  it('hides jumps while stale too', () => {
    const sim = flatWorld()
    inject(sim, { kind: 'stale_quotes', symbol: SYMBOL, durationMs: 1_000 })
    inject(sim, { kind: 'price_jump', symbol: SYMBOL, price: '150' })
    expect(quoteOf(sim).last).toBe('100')
    advance(sim, 1_000)
    expect(quoteOf(sim).last).toBe('150')
  })

  it('needs a positive duration', () => {
    const sim = flatWorld()
    const event = { kind: 'stale_quotes', symbol: SYMBOL, durationMs: 0 } as const
    expect(refusal(sim.injectMarketEvent(event)).code).toBe('invalid_request')
  })
})

describe('no liquidity', () => {
  it('quotes zero sizes with marketConfig.liquidity 0, so a market order stays unfilled', () => {
    const sim = flatWorld({ market: { liquidity: 0 } })
    expect(quoteOf(sim)).toMatchObject({ bidSize: '0', askSize: '0' })
    const order = submit(sim, { qty: '1', timeInForce: 'day' })
    advance(sim, 60_000)
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'new', filledQty: '0' })
    const ioc = submit(sim, { qty: '1', timeInForce: 'ioc' })
    expect(orderNow(sim, ioc.id).status).toBe('canceled')
  })
})
