/**
 * The synthetic depth: its geometry and decay, the linear refill of what fills take, and that the
 * refill shows quote by quote in a running world. Refill tests compare a world whose book was
 * taken with a control world on the same seed that traded nothing: both draw the same touch
 * sizes (the `sizes/<SYMBOL>` stream does not depend on fills), so the control's quote is the
 * full touch of every quote.
 */
import { expect, it } from 'vitest'
import {
  advance,
  flatWorld,
  fillsOf,
  orderNow,
  quoteOf,
  submit,
  unwrap,
  type FlatWorldOptions,
} from '../../../test/support/sim-world.js'
import { Decimal } from '../decimal.js'
import {
  afterTake,
  availableAt,
  depthStep,
  levelPrice,
  levelSize,
  missingAt,
  type LevelDepletion,
} from './book-depth.js'
import { toInstrument } from './instrument.js'
import { SymbolMarket } from './symbol-market.js'
import { Rng } from '../random/rng.js'

const d = Decimal.parse
const TICK = d('0.01')
const LOT = d('1')

it('spaces levels half the quoted spread apart, at least one tick', () => {
  expect(depthStep(d('100'), d('100.01'), TICK).toString()).toBe('0.01')
  expect(depthStep(d('189.95'), d('190.05'), TICK).toString()).toBe('0.05')
  expect(depthStep(d('99.5'), d('100.55'), TICK).toString()).toBe('0.52')
})

it('prices ask levels up and bid levels down from the touch, none below one tick', () => {
  const step = d('0.05')
  expect(levelPrice('ask', d('190.05'), step, 3, TICK)?.toString()).toBe('190.2')
  expect(levelPrice('bid', d('189.95'), step, 3, TICK)?.toString()).toBe('189.8')
  expect(levelPrice('bid', d('0.1'), step, 1, TICK)?.toString()).toBe('0.05')
  expect(levelPrice('bid', d('0.1'), step, 2, TICK)).toBeNull()
})

it('decays level sizes by 0.7 a level, in whole lots, at least one lot', () => {
  const sizes = [0, 1, 2, 3, 4].map((i) => levelSize(d('1000'), i, LOT).toString())
  expect(sizes).toEqual(['1000', '700', '490', '343', '240'])
  const lots = [0, 1, 2, 3].map((i) => levelSize(d('1000'), i, d('100')).toString())
  expect(lots).toEqual(['1000', '700', '400', '300'])
  expect(levelSize(d('2'), 4, LOT).toString()).toBe('1')
  expect(levelSize(d('0'), 3, LOT).toString()).toBe('0')
})

it('refills a depletion linearly between its from and until times', () => {
  const depletion: LevelDepletion = {
    level: 0,
    missing: d('100'),
    refillFromMs: 1_000,
    refillUntilMs: 6_000,
  }
  const missing = [0, 1_000, 2_000, 3_500, 6_000, 9_000].map((t) =>
    missingAt(depletion, t).toString(),
  )
  expect(missing).toEqual(['100', '100', '80', '50', '0', '0'])
  expect(availableAt(d('150'), depletion, 2_000, LOT).toString()).toBe('70')
  expect(availableAt(d('150'), depletion, 1_000, d('100')).toString()).toBe('0')
})

it('adds a second take to what is still missing and restarts the refill clock', () => {
  const first = afterTake(undefined, 2, d('100'), 1_000, { refillMs: 5_000, periodStartMs: 1_000 })
  expect(first).toMatchObject({ level: 2, refillFromMs: 1_000, refillUntilMs: 6_000 })
  const second = afterTake(first, 2, d('30'), 3_000, { refillMs: 5_000, periodStartMs: 3_000 })
  expect(second.missing.toString()).toBe('90')
  expect(second).toMatchObject({ refillFromMs: 3_000, refillUntilMs: 8_000 })
})

it('ends the refill on the tick grid, whatever quote the fill took from', () => {
  // An event requoted 200 ms after the tick at 1000: back in full at the next tick.
  const fromEvent = afterTake(undefined, 0, d('10'), 1_200, {
    refillMs: 1_000,
    periodStartMs: 1_000,
  })
  expect(fromEvent).toMatchObject({ refillFromMs: 1_200, refillUntilMs: 2_000 })
  expect(missingAt(fromEvent, 1_200).toString()).toBe('10')
  expect(missingAt(fromEvent, 1_600).toString()).toBe('5')
  // A stale quote from 0, taken after the tick at 20000: refills from that tick.
  const fromStale = afterTake(undefined, 0, d('10'), 0, { refillMs: 5_000, periodStartMs: 20_000 })
  expect(fromStale).toMatchObject({ refillFromMs: 20_000, refillUntilMs: 25_000 })
  expect(missingAt(fromStale, 0).toString()).toBe('10')
})

it('refills nothing within the quote a fill took from, even with depthRefillMs 0', () => {
  const taken = afterTake(undefined, 0, d('10'), 1_000, { refillMs: 0, periodStartMs: 1_000 })
  expect(missingAt(taken, 1_000).toString()).toBe('10')
  expect(missingAt(taken, 1_001).toString()).toBe('0')
})

it('keeps its depletion as plain data in the market snapshot', () => {
  const instrument = toInstrument({
    symbol: 'TEST',
    name: 'TEST',
    price: '100',
    tickSize: '0.01',
    lotSize: '1',
    currency: 'USD',
    model: null,
  })
  const params = { spreadBps: 0, liquidity: 100 }
  const market = SymbolMarket.open(instrument, d('100'), 0, params, new Rng('depth'))
  market.consume('ask', d('30'), 1, { refillMs: 5_000, periodStartMs: 0 })
  const state = JSON.parse(JSON.stringify(market.snapshot()))
  expect(state.depth.ask).toEqual([
    { level: 1, missing: '30', refillFromMs: 0, refillUntilMs: 5_000 },
  ])
  const restored = new SymbolMarket(instrument, state)
  expect(restored.depth('ask', 5)).toEqual(market.depth('ask', 5))
  expect(restored.snapshot()).toEqual(market.snapshot())
})

function depthWorld(market: NonNullable<FlatWorldOptions['market']> = {}) {
  return flatWorld({ cash: '10000000', allowShort: true, market: { liquidity: 100, ...market } })
}

it('refills taken depth gradually over depthRefillMs, quote by quote', () => {
  const refill = { depthRefillMs: 5_000, updateFrequency: 1_000 }
  const sim = depthWorld(refill)
  const control = depthWorld(refill)
  const taken = Number(quoteOf(sim).askSize)
  const order = submit(sim, { type: 'market', qty: '10000', timeInForce: 'ioc' })
  expect(orderNow(sim, order.id).status).toBe('canceled')
  expect(quoteOf(sim).askSize).toBe('0')

  const shown: number[] = []
  for (let k = 1; k <= 6; k++) {
    advance(sim, 1_000)
    advance(control, 1_000)
    const full = Number(quoteOf(control).askSize)
    const missing = (taken * (5 - Math.min(k, 5))) / 5
    const expected = Math.max(0, Math.floor(full - missing))
    expect(Number(quoteOf(sim).askSize), `quote ${k}`).toBe(expected)
    shown.push(Number(quoteOf(sim).askSize) / full)
  }
  // The share of the touch on offer grows quote by quote until the whole touch is back.
  for (let k = 1; k < shown.length; k++) expect(shown[k]!).toBeGreaterThanOrEqual(shown[k - 1]!)
  expect(shown.slice(4)).toEqual([1, 1])
})

it('offers less of the deeper levels too while they refill', () => {
  const refill = { depthRefillMs: 5_000, updateFrequency: 1_000 }
  const sim = depthWorld(refill)
  const control = depthWorld(refill)
  submit(sim, { type: 'market', qty: '10000', timeInForce: 'ioc' })
  advance(sim, 2_000)
  advance(control, 2_000)
  const walk = (world: typeof sim) => {
    const order = submit(world, { type: 'market', qty: '10000', timeInForce: 'ioc' })
    return fillsOf(world, order.id).reduce((total, f) => total + Number(f.qty), 0)
  }
  const partly = walk(sim)
  const whole = walk(control)
  expect(partly).toBeGreaterThan(0)
  expect(partly).toBeLessThan(whole)
})

it('shows the whole book again at the next quote with the default depthRefillMs', () => {
  const sim = depthWorld()
  const control = depthWorld()
  expect(sim.config.marketConfig.depthRefillMs).toBe(1_000)
  submit(sim, { type: 'market', qty: '10000', timeInForce: 'ioc' })
  advance(sim, 1_000)
  advance(control, 1_000)
  expect(quoteOf(sim)).toEqual(quoteOf(control))
})

it('shows the whole book again at the next tick with the default, after an event requoted', () => {
  const sim = depthWorld()
  const control = depthWorld()
  advance(sim, 200)
  advance(control, 200)
  for (const world of [sim, control])
    unwrap(world.injectMarketEvent({ kind: 'price_jump', symbol: 'TEST', price: '100.50' }))
  submit(sim, { type: 'market', qty: '10000', timeInForce: 'ioc' })
  expect(quoteOf(sim).askSize).toBe('0')
  advance(sim, 800)
  advance(control, 800)
  expect(quoteOf(sim)).toEqual(quoteOf(control))
})

it('defaults depthRefillMs to the configured updateFrequency', () => {
  const sim = depthWorld({ updateFrequency: 250 })
  expect(sim.config.marketConfig.depthRefillMs).toBe(250)
})

it('fills nothing from an empty book: no liquidity, or a liquidity factor of 0', () => {
  const dry = depthWorld({ liquidity: 0 })
  const market = submit(dry, { type: 'market', qty: '10' })
  const fok = submit(dry, { type: 'market', qty: '10', timeInForce: 'fok' })
  advance(dry, 5_000)
  expect(fillsOf(dry, market.id)).toEqual([])
  expect(orderNow(dry, market.id).status).toBe('new')
  expect(orderNow(dry, fok.id).status).toBe('canceled')

  const drained = depthWorld()
  unwrap(drained.injectMarketEvent({ kind: 'liquidity', symbol: 'TEST', factor: 0 }))
  const ioc = submit(drained, { type: 'market', qty: '10', timeInForce: 'ioc' })
  const sell = submit(drained, { side: 'sell', type: 'market', qty: '10' })
  advance(drained, 5_000)
  expect(orderNow(drained, ioc.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
  expect(fillsOf(drained, sell.id)).toEqual([])
})
