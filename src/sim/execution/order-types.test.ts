/**
 * Every order type under every time in force it accepts, on a flat market (bid = mid, ask = mid +
 * 0.01) with 10 bps of slippage, so each fill price below is worked out by hand:
 * market and triggered stops pay slippage rounded away from the taker to the tick, limits fill at
 * the touch.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  fillsOf,
  flatWorld,
  jump,
  orderNow,
  orderRequest,
  quoteOf,
  refusal,
  statusesOf,
  submit,
} from '../../../test/support/sim-world.js'
import type { OrderRequest, Simulation, TimeInForce } from '../index.js'

const EXPIRE_AT = '2026-01-10T00:00:00.000Z'

function world(): Simulation {
  return flatWorld({ allowShort: true, execution: { slippageBps: 10 } })
}

function withTif(request: Partial<OrderRequest>, tif: TimeInForce): Partial<OrderRequest> {
  return { ...request, timeInForce: tif, ...(tif === 'gtd' ? { expireAt: EXPIRE_AT } : {}) }
}

interface Case {
  name: string
  request: Partial<OrderRequest>
  /** Moves the market after the order is working; the order must still be open before it. */
  script?: (sim: Simulation, orderId: string) => void
  price: string
  liquidity: 'maker' | 'taker'
}

const RESTING: readonly TimeInForce[] = ['day', 'gtc', 'gtd']
const ALL: readonly TimeInForce[] = ['day', 'gtc', 'gtd', 'ioc', 'fok']

const stillOpen = (sim: Simulation, id: string) => expect(orderNow(sim, id).status).toBe('new')

const CASES: Case[] = [
  ...ALL.flatMap((tif): Case[] => [
    {
      name: `market buy ${tif}: at the ask 100.01 plus 10 bps, rounded up to 100.12`,
      request: withTif({ type: 'market', side: 'buy' }, tif),
      price: '100.12',
      liquidity: 'taker',
    },
    {
      name: `market sell ${tif}: at the bid 100 minus 10 bps, 99.90`,
      request: withTif({ type: 'market', side: 'sell' }, tif),
      price: '99.9',
      liquidity: 'taker',
    },
    {
      name: `marketable limit buy ${tif}: at the ask 100.01, below its limit 100.50`,
      request: withTif({ type: 'limit', side: 'buy', limitPrice: '100.50' }, tif),
      price: '100.01',
      liquidity: 'taker',
    },
    {
      name: `marketable limit sell ${tif}: at the bid 100, above its limit 99.50`,
      request: withTif({ type: 'limit', side: 'sell', limitPrice: '99.50' }, tif),
      price: '100',
      liquidity: 'taker',
    },
  ]),
  ...RESTING.flatMap((tif): Case[] => [
    {
      name: `resting limit buy ${tif}: at the ask 99.41 once it falls to the limit 99.50`,
      request: withTif({ type: 'limit', side: 'buy', limitPrice: '99.50' }, tif),
      script: (sim, id) => {
        jump(sim, '99.50') // ask 99.51: still above the limit
        stillOpen(sim, id)
        jump(sim, '99.40')
      },
      price: '99.41',
      liquidity: 'maker',
    },
    {
      name: `resting limit sell ${tif}: at the bid 100.60 once it rises to the limit 100.50`,
      request: withTif({ type: 'limit', side: 'sell', limitPrice: '100.50' }, tif),
      script: (sim, id) => {
        jump(sim, '100.49')
        stillOpen(sim, id)
        jump(sim, '100.60')
      },
      price: '100.6',
      liquidity: 'maker',
    },
    {
      name: `buy stop ${tif}: triggers when the ask reaches 101, then pays 101 plus 10 bps = 101.11`,
      request: withTif({ type: 'stop', side: 'buy', stopPrice: '101.00' }, tif),
      script: (sim, id) => {
        jump(sim, '100.98') // ask 100.99
        stillOpen(sim, id)
        jump(sim, '100.99') // ask 101.00
      },
      price: '101.11',
      liquidity: 'taker',
    },
    {
      name: `sell stop ${tif}: triggers when the bid falls to 99, then gets 99 minus 10 bps = 98.90`,
      request: withTif({ type: 'stop', side: 'sell', stopPrice: '99.00' }, tif),
      script: (sim, id) => {
        jump(sim, '99.01')
        stillOpen(sim, id)
        jump(sim, '99.00')
      },
      price: '98.9',
      liquidity: 'taker',
    },
    {
      name: `buy stop_limit ${tif}: triggers at ask 101.01, fills at that ask within its limit`,
      request: withTif(
        { type: 'stop_limit', side: 'buy', stopPrice: '101.00', limitPrice: '101.05' },
        tif,
      ),
      script: (sim, id) => {
        jump(sim, '100.98')
        stillOpen(sim, id)
        jump(sim, '101.00')
      },
      price: '101.01',
      liquidity: 'taker',
    },
    {
      name: `sell stop_limit ${tif}: triggers at bid 99, fills at that bid within its limit`,
      request: withTif(
        { type: 'stop_limit', side: 'sell', stopPrice: '99.00', limitPrice: '98.95' },
        tif,
      ),
      script: (sim, id) => {
        jump(sim, '99.01')
        stillOpen(sim, id)
        jump(sim, '99.00')
      },
      price: '99',
      liquidity: 'taker',
    },
    {
      name: `sell trailing_stop ${tif} by price: follows the bid up to 102, triggers at 101`,
      request: withTif({ type: 'trailing_stop', side: 'sell', trailPrice: '1.00' }, tif),
      script: (sim, id) => {
        expect(orderNow(sim, id).stopPrice).toBe('99')
        jump(sim, '102.00')
        expect(orderNow(sim, id).stopPrice).toBe('101')
        jump(sim, '101.50') // the stop does not follow the price back down
        expect(orderNow(sim, id).stopPrice).toBe('101')
        stillOpen(sim, id)
        jump(sim, '101.00')
      },
      price: '100.89',
      liquidity: 'taker',
    },
    {
      name: `buy trailing_stop ${tif} by percent: follows the ask down to 99, triggers at 99.99`,
      request: withTif({ type: 'trailing_stop', side: 'buy', trailPercent: '1' }, tif),
      script: (sim, id) => {
        // 100.01 + 1% = 101.0101, rounded up to the tick.
        expect(orderNow(sim, id).stopPrice).toBe('101.02')
        jump(sim, '98.99') // ask 99.00
        expect(orderNow(sim, id).stopPrice).toBe('99.99')
        jump(sim, '99.97') // ask 99.98
        stillOpen(sim, id)
        jump(sim, '99.98') // ask 99.99
      },
      price: '100.09', // 99.99 + 10 bps = 100.08999, rounded up
      liquidity: 'taker',
    },
  ]),
]

describe('order types', () => {
  it.each(CASES)('fills a $name', ({ request, script, price, liquidity }) => {
    const sim = world()
    const answer = submit(sim, request)
    expect(answer.status).toBe('pending_new')
    if (script) {
      advance(sim, 1_000) // a few quotes later, so nothing executes "on arrival" by accident
      script(sim, answer.id)
    }

    const order = orderNow(sim, answer.id)
    expect(order).toMatchObject({
      status: 'filled',
      filledQty: '10',
      leavesQty: '0',
      avgFillPrice: price,
      timeInForce: request.timeInForce,
    })
    const fills = fillsOf(sim, answer.id)
    expect(fills.map((f) => [f.qty, f.price, f.liquidity])).toEqual([['10', price, liquidity]])
    expect(statusesOf(sim, answer.id)).toEqual(['pending_new', 'new', 'filled'])
  })

  it('accepts exactly 19 combinations of type and time in force', () => {
    expect(CASES).toHaveLength(4 * ALL.length + 8 * RESTING.length)
  })

  it.each([
    ['stop', { stopPrice: '101.00' }],
    ['stop_limit', { stopPrice: '101.00', limitPrice: '101.05' }],
    ['trailing_stop', { trailPrice: '1.00' }],
  ] as const)('refuses %s orders with ioc or fok and creates nothing', (type, prices) => {
    const sim = world()
    for (const tif of ['ioc', 'fok'] as const) {
      const error = refusal(
        sim.submitOrder(ACCOUNT, orderRequest({ type, ...prices, timeInForce: tif })),
      )
      expect(error.code).toBe('invalid_order')
      expect(error.details.field).toBe('timeInForce')
    }
    expect(sim.allOrders()).toEqual([])
  })

  it('cancels a limit ioc that cannot execute on arrival, without a fill', () => {
    const sim = world()
    const order = submit(sim, { type: 'limit', limitPrice: '99.00', timeInForce: 'ioc' })
    expect(orderNow(sim, order.id).status).toBe('canceled')
    expect(fillsOf(sim, order.id)).toEqual([])
    expect(statusesOf(sim, order.id)).toEqual(['pending_new', 'new', 'canceled'])
  })

  it('cancels a limit fok that cannot execute on arrival, without a fill', () => {
    const sim = world()
    const order = submit(sim, { type: 'limit', limitPrice: '99.00', timeInForce: 'fok' })
    expect(orderNow(sim, order.id).status).toBe('canceled')
    expect(fillsOf(sim, order.id)).toEqual([])
  })

  it('rests a triggered stop_limit whose limit the touch has passed, then fills it as maker', () => {
    const sim = world()
    const order = submit(sim, { type: 'stop_limit', stopPrice: '101.00', limitPrice: '101.05' })
    jump(sim, '101.10') // ask 101.11: triggered, but above the limit
    expect(orderNow(sim, order.id).status).toBe('new')
    jump(sim, '101.03') // ask 101.04: now a resting limit reached by a later quote
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'filled', avgFillPrice: '101.04' })
    expect(fillsOf(sim, order.id).map((f) => f.liquidity)).toEqual(['maker'])
  })

  it('marks a resting limit maker even when a quote reaches it at the instant it was accepted', () => {
    const sim = world()
    const order = submit(sim, { type: 'limit', limitPrice: '99.50' })
    jump(sim, '99.40')
    expect(fillsOf(sim, order.id).map((f) => [f.price, f.liquidity])).toEqual([['99.41', 'maker']])
  })

  it('triggers a stop that is already crossed when it arrives', () => {
    const sim = world()
    const order = submit(sim, { type: 'stop', stopPrice: '99.00' })
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'filled', avgFillPrice: '100.12' })
  })
})

describe('submission', () => {
  it('answers pending_new and is filled by the time it is read again with zero latency', () => {
    const sim = world()
    const answer = submit(sim, { type: 'market' })
    expect(answer).toMatchObject({ status: 'pending_new', filledQty: '0', acceptedAt: null })
    expect(orderNow(sim, answer.id).status).toBe('filled')
  })

  it('stays pending_new until the venue acknowledges it after the latency', () => {
    const sim = flatWorld({ execution: { latencyMin: 250, latencyMax: 250 } })
    const order = submit(sim, { type: 'market' })
    advance(sim, 249)
    expect(orderNow(sim, order.id).status).toBe('pending_new')
    advance(sim, 1)
    expect(orderNow(sim, order.id)).toMatchObject({
      status: 'filled',
      acceptedAt: '2026-01-05T14:30:00.250Z',
      filledAt: '2026-01-05T14:30:00.250Z',
    })
  })

  it('draws each acknowledgement latency within [latencyMin, latencyMax]', () => {
    const sim = flatWorld({ execution: { latencyMin: 5, latencyMax: 40 } })
    const startMs = sim.nowMs
    const ids = Array.from(
      { length: 30 },
      () => submit(sim, { type: 'limit', limitPrice: '90' }).id,
    )
    advance(sim, 40)
    const latencies = ids.map((id) => Date.parse(orderNow(sim, id).acceptedAt as string) - startMs)
    for (const ms of latencies) expect(ms).toBeGreaterThanOrEqual(5)
    for (const ms of latencies) expect(ms).toBeLessThanOrEqual(40)
    expect(new Set(latencies).size).toBeGreaterThan(1)
  })

  it('draws submit latencies from their own stream, untouched by cancels in between', () => {
    const acceptedAt = (withCancel: boolean): string => {
      const sim = flatWorld({ execution: { latencyMin: 1, latencyMax: 100 } })
      const first = submit(sim, { type: 'limit', limitPrice: '90' })
      advance(sim, 100)
      if (withCancel) sim.cancelOrder(ACCOUNT, first.id)
      const second = submit(sim, { type: 'limit', limitPrice: '90' })
      advance(sim, 100)
      return orderNow(sim, second.id).acceptedAt as string
    }
    expect(acceptedAt(true)).toBe(acceptedAt(false))
  })

  it('rejects at the acknowledgement with rejectionRate 1', () => {
    const sim = flatWorld({ execution: { rejectionRate: 1 } })
    const answer = submit(sim, { type: 'market' })
    expect(answer.status).toBe('pending_new')
    const order = orderNow(sim, answer.id)
    expect(order.status).toBe('rejected')
    expect(order.rejectReason).toMatch(/^venue_rejected/)
    expect(statusesOf(sim, answer.id)).toEqual(['pending_new', 'rejected'])
  })

  it('never fills a limit exactly at the touch with fillProbability 0, but fills the rest', () => {
    const sim = flatWorld({ execution: { fillProbability: 0 } })
    const atTouch = submit(sim, { type: 'limit', limitPrice: '100.01' })
    const through = submit(sim, { type: 'limit', limitPrice: '100.02' })
    const market = submit(sim, { type: 'market' })
    advance(sim, 5_000)
    expect(orderNow(sim, atTouch.id).status).toBe('new')
    expect(orderNow(sim, through.id).status).toBe('filled')
    expect(orderNow(sim, market.id).status).toBe('filled')
  })

  it('applies fillProbability to an ioc limit at the touch too', () => {
    const sim = flatWorld({ execution: { fillProbability: 0 } })
    const order = submit(sim, { type: 'limit', limitPrice: '100.01', timeInForce: 'ioc' })
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
  })

  it('floors a market sell at one tick when slippage would take it below', () => {
    const sim = flatWorld({ price: '0.01', allowShort: true, execution: { slippageBps: 5000 } })
    expect(quoteOf(sim).bid).toBe('0.01')
    const order = submit(sim, { type: 'market', side: 'sell' })
    expect(orderNow(sim, order.id).avgFillPrice).toBe('0.01')
  })
})
