/**
 * Taker orders walk the synthetic depth (market/book-depth.ts) on a flat market: spread 0, so the
 * quote is 100.00 / 100.01 and the levels sit one tick apart (ask side 100.01, 100.02, …; bid side
 * 100.00, 99.99, …). The touch size is drawn per quote, so each test reads it from the quote and
 * derives the deeper levels by hand: level i offers floor(touch × 0.7^i), at least one share.
 */
import { expect, it } from 'vitest'
import {
  advance,
  allEvents,
  fillsOf,
  flatWorld,
  orderNow,
  quoteOf,
  statusesOf,
  submit,
  unwrap,
  type FlatWorldOptions,
} from '../../../test/support/sim-world.js'
import { Decimal, type Simulation } from '../index.js'

const LIQUIDITY = 100
const LEVELS = 5

function bookWorld(options: FlatWorldOptions = {}): Simulation {
  return flatWorld({
    cash: '10000000',
    allowShort: true,
    ...options,
    market: { liquidity: LIQUIDITY, depthLevels: LEVELS, ...options.market },
  })
}

/** Level sizes behind a touch of `touch` shares (integer arithmetic, so no float rounding). */
function levelSizes(touch: number, levels = LEVELS): number[] {
  return Array.from({ length: levels }, (_, i) =>
    i === 0 ? touch : Math.max(1, Math.floor((touch * 7 ** i) / 10 ** i)),
  )
}

function askLevels(sim: Simulation): { price: string; size: number }[] {
  const ask = Decimal.parse(quoteOf(sim).ask)
  return levelSizes(Number(quoteOf(sim).askSize)).map((size, i) => ({
    price: ask.add(Decimal.parse('0.01').mul(Decimal.fromInt(i))).toString(),
    size,
  }))
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

/** Σ(price × qty) / Σ qty, exactly as the order computes it. */
function averagePrice(fills: { price: string; qty: string }[]): string {
  const notional = Decimal.sum(fills.map((f) => Decimal.parse(f.price).mul(Decimal.parse(f.qty))))
  const qty = Decimal.sum(fills.map((f) => Decimal.parse(f.qty)))
  return notional.div(qty, 8).toString()
}

it('walks a market buy larger than the touch through the levels, at their weighted average', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const qty = levels[0]!.size + levels[1]!.size + 5
  const order = submit(sim, { type: 'market', qty: String(qty) })

  const fills = fillsOf(sim, order.id)
  expect(fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual([
    ['100.01', String(levels[0]!.size), 'taker'],
    ['100.02', String(levels[1]!.size), 'taker'],
    ['100.03', '5', 'taker'],
  ])
  const now = orderNow(sim, order.id)
  expect(now).toMatchObject({ status: 'filled', filledQty: String(qty) })
  expect(now.avgFillPrice).toBe(averagePrice(fills))
  expect(Decimal.parse(now.avgFillPrice as string).gt(Decimal.parse('100.01'))).toBe(true)
  expect(quoteOf(sim).askSize).toBe('0')
})

it('leaves what the whole book cannot fill open as a partial fill', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const depth = sum(levels.map((l) => l.size))
  const order = submit(sim, { type: 'market', qty: String(depth + 500) })

  expect(fillsOf(sim, order.id).map((f) => [f.price, f.qty])).toEqual(
    levels.map((l) => [l.price, String(l.size)]),
  )
  expect(orderNow(sim, order.id)).toMatchObject({
    status: 'partially_filled',
    filledQty: String(depth),
    leavesQty: '500',
  })
  expect(orderNow(sim, order.id).avgFillPrice).toBe(averagePrice(fillsOf(sim, order.id)))
})

it('walks the bid levels for a market sell', () => {
  const sim = bookWorld()
  const touch = Number(quoteOf(sim).bidSize)
  const sizes = levelSizes(touch)
  const order = submit(sim, { side: 'sell', type: 'market', qty: String(touch + sizes[1]!) })
  expect(fillsOf(sim, order.id).map((f) => [f.price, f.qty])).toEqual([
    ['100', String(touch)],
    ['99.99', String(sizes[1])],
  ])
})

it('quotes no bid levels below one tick', () => {
  const sim = bookWorld({ price: '0.03' })
  expect(quoteOf(sim)).toMatchObject({ bid: '0.03', ask: '0.04' })
  const order = submit(sim, { side: 'sell', type: 'market', qty: '100000' })
  expect(fillsOf(sim, order.id).map((f) => f.price)).toEqual(['0.03', '0.02', '0.01'])
})

it('spaces the levels half the quoted spread apart when the spread is wider than two ticks', () => {
  const sim = bookWorld({ market: { spread: 100 } })
  expect(quoteOf(sim)).toMatchObject({ bid: '99.5', ask: '100.5' })
  const order = submit(sim, { type: 'market', qty: '10000' })
  expect(fillsOf(sim, order.id).map((f) => f.price)).toEqual([
    '100.5',
    '101',
    '101.5',
    '102',
    '102.5',
  ])
})

it('pays the slippage on each level it walks', () => {
  const sim = bookWorld({ execution: { slippageBps: 10 } })
  const levels = askLevels(sim)
  const order = submit(sim, { type: 'market', qty: String(levels[0]!.size + 1) })
  // 100.01 × 1.001 = 100.11001 and 100.02 × 1.001 = 100.12002, rounded up to the tick.
  expect(fillsOf(sim, order.id).map((f) => [f.price, f.qty])).toEqual([
    ['100.12', String(levels[0]!.size)],
    ['100.13', '1'],
  ])
})

it('walks a marketable limit only through the levels at or better than its limit', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const order = submit(sim, { type: 'limit', limitPrice: '100.03', qty: '10000' })
  const fills = fillsOf(sim, order.id)
  expect(fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual(
    levels.slice(0, 3).map((l) => [l.price, String(l.size), 'taker']),
  )
  expect(orderNow(sim, order.id)).toMatchObject({
    status: 'partially_filled',
    leavesQty: String(10000 - sum(levels.slice(0, 3).map((l) => l.size))),
  })
})

it('fills a resting limit reached by a later quote at the touch only', () => {
  const sim = bookWorld()
  const order = submit(sim, { type: 'limit', limitPrice: '100.03', qty: '10000' })
  const walked = fillsOf(sim, order.id).length
  advance(sim, 1_000)
  const lastQuote = allEvents(sim)
    .filter((e) => e.type === 'quote.updated')
    .at(-1)
  const touch = (lastQuote?.data.quote as { askSize: string }).askSize
  const later = fillsOf(sim, order.id).slice(walked)
  expect(later.map((f) => [f.price, f.qty, f.liquidity])).toEqual([['100.01', touch, 'maker']])
})

it('cancels the rest of an ioc market order after walking the whole book', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const order = submit(sim, { type: 'market', qty: '10000', timeInForce: 'ioc' })
  expect(fillsOf(sim, order.id)).toHaveLength(LEVELS)
  expect(orderNow(sim, order.id)).toMatchObject({
    status: 'canceled',
    filledQty: String(sum(levels.map((l) => l.size))),
  })
  expect(statusesOf(sim, order.id).at(-1)).toBe('canceled')
})

it('walks an ioc limit up to its limit and cancels the rest', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const order = submit(sim, {
    type: 'limit',
    limitPrice: '100.02',
    qty: '10000',
    timeInForce: 'ioc',
  })
  expect(fillsOf(sim, order.id).map((f) => f.price)).toEqual(['100.01', '100.02'])
  expect(orderNow(sim, order.id)).toMatchObject({
    status: 'canceled',
    filledQty: String(levels[0]!.size + levels[1]!.size),
  })
})

it('fills a fok market order that the whole book covers, one fill per level', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const depth = sum(levels.map((l) => l.size))
  const order = submit(sim, { type: 'market', qty: String(depth), timeInForce: 'fok' })
  expect(fillsOf(sim, order.id).map((f) => f.qty)).toEqual(levels.map((l) => String(l.size)))
  expect(orderNow(sim, order.id).status).toBe('filled')
})

it('cancels a fok order larger than the whole book untouched', () => {
  const sim = bookWorld()
  const before = quoteOf(sim)
  const depth = sum(askLevels(sim).map((l) => l.size))
  const order = submit(sim, { type: 'market', qty: String(depth + 1), timeInForce: 'fok' })
  expect(orderNow(sim, order.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
  expect(fillsOf(sim, order.id)).toEqual([])
  expect(quoteOf(sim)).toEqual(before)
  // The book is untouched too: all of it is still there for the next order.
  const next = submit(sim, { type: 'market', qty: String(depth), timeInForce: 'fok' })
  expect(orderNow(sim, next.id).status).toBe('filled')
})

it('fills a fok limit only when the levels up to its limit cover it', () => {
  const sim = bookWorld()
  const levels = askLevels(sim)
  const upToLimit = levels[0]!.size + levels[1]!.size
  const request = { type: 'limit', limitPrice: '100.02', timeInForce: 'fok' } as const
  const tooBig = submit(sim, { ...request, qty: String(upToLimit + 1) })
  expect(orderNow(sim, tooBig.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
  const fits = submit(sim, { ...request, qty: String(upToLimit) })
  expect(orderNow(sim, fits.id)).toMatchObject({ status: 'filled', filledQty: String(upToLimit) })
})

it('takes partialFillRatio of each level it walks, in whole lots', () => {
  const sim = bookWorld({ execution: { partialFillRatio: 0.5 } })
  const levels = askLevels(sim)
  const order = submit(sim, { type: 'market', qty: '10000' })
  const halves = levels.map((l) => Math.max(1, Math.floor(l.size * 0.5)))
  expect(fillsOf(sim, order.id).map((f) => [f.price, f.qty])).toEqual(
    levels.map((l, i) => [l.price, String(halves[i])]),
  )
  expect(quoteOf(sim).askSize).toBe(String(levels[0]!.size - halves[0]!))
})

it('walks the book for a triggered stop', () => {
  const sim = bookWorld()
  const order = submit(sim, { type: 'stop', stopPrice: '100.05', qty: '10000' })
  unwrap(sim.injectMarketEvent({ kind: 'price_jump', symbol: 'TEST', price: '100.05' }))
  const levels = askLevels(sim)
  expect(quoteOf(sim).ask).toBe('100.06')
  expect(fillsOf(sim, order.id).map((f) => f.price)).toEqual(levels.map((l) => l.price))
})
