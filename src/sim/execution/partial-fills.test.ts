/**
 * Fills are bounded by the size the book offers (times `partialFillRatio`): what one quote cannot
 * fill rests `partially_filled` and fills on later quotes, ioc cancels it, fok refuses to start.
 * These tests use a book of one level (`depthLevels: 1`), so the book is the touch; walking a
 * deeper book is book-walk.test.ts. Touch sizes are drawn per quote in [0.5, 1.5) x liquidity,
 * so the tests read the sizes from the quote and the journal instead of assuming them.
 */
import { describe, expect, it } from 'vitest'
import {
  advance,
  allEvents,
  fillsOf,
  flatWorld,
  orderNow,
  quoteOf,
  statusesOf,
  submit,
} from '../../../test/support/sim-world.js'
import { Decimal } from '../decimal.js'

const LIQUIDITY = 100

function thinWorld(partialFillRatio = 1) {
  return flatWorld({
    cash: '1000000',
    market: { liquidity: LIQUIDITY, depthLevels: 1 },
    execution: { partialFillRatio },
  })
}

const sizeOf = (text: string) => Number(text)

describe('partial fills', () => {
  it('shows each fill event the order as that fill leaves it', () => {
    const sim = thinWorld()
    submit(sim, { type: 'market', qty: '500' })
    advance(sim, 10_000)
    const fills = allEvents(sim).filter((e) => e.type === 'fill.created')
    expect(fills.length).toBeGreaterThan(2)
    const statuses = fills.map((e) => (e.data.order as { status: string }).status)
    expect(statuses.slice(0, -1).every((s) => s === 'partially_filled')).toBe(true)
    expect(statuses.at(-1)).toBe('filled')
  })

  it('fills a large market order one touch at a time, across quotes, until it is done', () => {
    const sim = thinWorld()
    const firstAskSize = sizeOf(quoteOf(sim).askSize)
    const order = submit(sim, { type: 'market', qty: '500' })

    const afterFirst = orderNow(sim, order.id)
    expect(afterFirst.status).toBe('partially_filled')
    expect(afterFirst.filledQty).toBe(String(firstAskSize))
    expect(quoteOf(sim).askSize).toBe('0')

    advance(sim, 10_000)
    expect(orderNow(sim, order.id)).toMatchObject({
      status: 'filled',
      filledQty: '500',
      leavesQty: '0',
      avgFillPrice: '100.01',
    })
    // Every fill took what the quote before it displayed, or the leaves if fewer.
    let askSize = firstAskSize
    let leaves = 500
    const fillQtys: number[] = []
    for (const event of allEvents(sim)) {
      if (event.type === 'quote.updated')
        askSize = sizeOf((event.data.quote as { askSize: string }).askSize)
      if (event.type !== 'fill.created') continue
      const qty = sizeOf((event.data.fill as { qty: string }).qty)
      expect(qty).toBe(Math.min(askSize, leaves))
      leaves -= qty
      fillQtys.push(qty)
    }
    expect(fillQtys.length).toBeGreaterThanOrEqual(4)
    const statuses = statusesOf(sim, order.id)
    expect(statuses.slice(0, 2)).toEqual(['pending_new', 'new'])
    expect(statuses.slice(2, -1)).toEqual(Array(fillQtys.length - 1).fill('partially_filled'))
    expect(statuses.at(-1)).toBe('filled')
  })

  it('gives the touch to market orders in arrival order', () => {
    const sim = thinWorld()
    const askSize = sizeOf(quoteOf(sim).askSize)
    const first = submit(sim, { type: 'market', qty: String(askSize - 10) })
    const second = submit(sim, { type: 'market', qty: '50' })
    expect(orderNow(sim, first.id).status).toBe('filled')
    expect(orderNow(sim, second.id)).toMatchObject({
      status: 'partially_filled',
      filledQty: '10',
      leavesQty: '40',
    })
  })

  it('marks the later fills of a resting limit as maker', () => {
    const sim = thinWorld()
    const askSize = sizeOf(quoteOf(sim).askSize)
    const order = submit(sim, { type: 'limit', limitPrice: '100.01', qty: '400' })
    advance(sim, 10_000)
    const fills = fillsOf(sim, order.id)
    expect(fills[0]).toMatchObject({ qty: String(askSize), liquidity: 'taker' })
    expect(fills.slice(1).map((f) => f.liquidity)).toEqual(Array(fills.length - 1).fill('maker'))
    expect(orderNow(sim, order.id).status).toBe('filled')
  })

  it('cancels the rest of an ioc order that the touch could not fill', () => {
    const sim = thinWorld()
    const askSize = sizeOf(quoteOf(sim).askSize)
    const order = submit(sim, { type: 'market', qty: '1000', timeInForce: 'ioc' })
    expect(orderNow(sim, order.id)).toMatchObject({
      status: 'canceled',
      filledQty: String(askSize),
      leavesQty: '0',
    })
    expect(statusesOf(sim, order.id)).toEqual([
      'pending_new',
      'new',
      'partially_filled',
      'canceled',
    ])
    advance(sim, 5_000)
    expect(fillsOf(sim, order.id)).toHaveLength(1)
  })

  it('cancels a fok order larger than the touch untouched', () => {
    const sim = thinWorld()
    const askSize = sizeOf(quoteOf(sim).askSize)
    const order = submit(sim, { type: 'market', qty: String(askSize + 1), timeInForce: 'fok' })
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
    expect(fillsOf(sim, order.id)).toEqual([])
    expect(quoteOf(sim).askSize).toBe(String(askSize))
    expect(statusesOf(sim, order.id)).toEqual(['pending_new', 'new', 'canceled'])
  })

  it('fills a fok order the size of the touch in one fill', () => {
    const sim = thinWorld()
    const askSize = quoteOf(sim).askSize
    const order = submit(sim, {
      type: 'limit',
      limitPrice: '100.01',
      qty: askSize,
      timeInForce: 'fok',
    })
    expect(fillsOf(sim, order.id).map((f) => f.qty)).toEqual([askSize])
    expect(orderNow(sim, order.id).status).toBe('filled')
  })

  it('takes partialFillRatio of the displayed size per fill, in whole lots', () => {
    const sim = thinWorld(0.5)
    const askSize = sizeOf(quoteOf(sim).askSize)
    const order = submit(sim, { type: 'market', qty: '1000' })
    expect(orderNow(sim, order.id).filledQty).toBe(String(Math.floor(askSize * 0.5)))
    expect(quoteOf(sim).askSize).toBe(String(askSize - Math.floor(askSize * 0.5)))
  })

  it('fills a fok order only when partialFillRatio of the touch covers all of it', () => {
    const sim = thinWorld(0.5)
    const askSize = sizeOf(quoteOf(sim).askSize)
    const half = Math.floor(askSize * 0.5)
    const tooBig = submit(sim, { type: 'market', qty: String(half + 1), timeInForce: 'fok' })
    expect(orderNow(sim, tooBig.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
    const fits = submit(sim, { type: 'market', qty: String(half), timeInForce: 'fok' })
    expect(orderNow(sim, fits.id)).toMatchObject({ status: 'filled', filledQty: String(half) })
  })

  it('draws touch sizes as whole lots within [0.5, 1.5) x liquidity', () => {
    const sim = flatWorld({
      symbols: [{ symbol: 'TEST', price: '100.00', lotSize: '100' }],
      market: { liquidity: 10_000 },
    })
    for (let i = 0; i < 20; i++) {
      const { askSize, bidSize } = quoteOf(sim)
      for (const size of [askSize, bidSize]) {
        expect(Decimal.parse(size).isMultipleOf(Decimal.parse('100'))).toBe(true)
        expect(sizeOf(size)).toBeGreaterThanOrEqual(5_000)
        expect(sizeOf(size)).toBeLessThan(15_000)
      }
      advance(sim, 1_000)
    }
  })
})
