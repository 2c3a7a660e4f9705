/**
 * `day` orders expire at the close of the session they were placed for (24x7: the next 00:00 UTC),
 * `gtd` orders at `expireAt`; while a configured session is closed, orders are accepted and wait.
 * New York sessions: 09:30–16:00 local, i.e. 14:30Z–21:00Z in winter and 13:30Z–20:00Z in summer.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  fillsOf,
  flatWorld,
  jump,
  orderNow,
  refusal,
  orderRequest,
  statusesOf,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import { parseIsoTime, type Simulation } from '../index.js'

const NEW_YORK = { open: '09:30', close: '16:00', timezone: 'America/New_York' }

function sessionWorld(clockStart: string, liquidity = 1000): Simulation {
  // A quote a minute keeps a whole session cheap to simulate.
  return flatWorld({
    clockStart,
    session: NEW_YORK,
    market: { updateFrequency: 60_000, liquidity },
  })
}

function advanceTo(sim: Simulation, iso: string): void {
  unwrap(sim.advanceTo(parseIsoTime(iso) as number))
}

const restingLimit = { type: 'limit', limitPrice: '99.00' } as const

describe('day orders in a session', () => {
  it('expire at the session close, and gtc orders do not', () => {
    const sim = sessionWorld('2026-01-05T14:30:00.000Z')
    const day = submit(sim, { ...restingLimit, timeInForce: 'day' })
    const gtc = submit(sim, { ...restingLimit, timeInForce: 'gtc' })
    advanceTo(sim, '2026-01-05T20:59:59.999Z')
    expect(orderNow(sim, day.id).status).toBe('new')
    advance(sim, 1)
    expect(orderNow(sim, day.id)).toMatchObject({
      status: 'expired',
      expiredAt: '2026-01-05T21:00:00.000Z',
      leavesQty: '0',
    })
    expect(orderNow(sim, gtc.id).status).toBe('new')
    expect(statusesOf(sim, day.id)).toEqual(['pending_new', 'new', 'expired'])
  })

  it('follow daylight saving time: a summer session closes at 20:00Z', () => {
    const sim = sessionWorld('2026-07-06T13:30:00.000Z')
    const day = submit(sim, { ...restingLimit, timeInForce: 'day' })
    advanceTo(sim, '2026-07-06T19:59:59.999Z')
    expect(orderNow(sim, day.id).status).toBe('new')
    advance(sim, 1)
    expect(orderNow(sim, day.id).expiredAt).toBe('2026-07-06T20:00:00.000Z')
  })

  it('keep their fills when the rest expires', () => {
    const sim = sessionWorld('2026-01-05T14:30:00.000Z', 10)
    const order = submit(sim, {
      type: 'limit',
      limitPrice: '100.01',
      qty: '500',
      timeInForce: 'day',
    })
    const filledQty = orderNow(sim, order.id).filledQty
    jump(sim, '101.00') // away from the limit for the rest of the day
    advanceTo(sim, '2026-01-05T21:00:00.000Z')
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'expired', filledQty })
    expect(Number(filledQty)).toBeGreaterThan(0)
  })
})

describe('orders sent while the session is closed', () => {
  it('are accepted and wait for the open; nothing matches while closed', () => {
    const sim = sessionWorld('2026-01-05T22:00:00.000Z') // Monday 17:00 in New York
    const market = submit(sim, { type: 'market', timeInForce: 'day' })
    const limit = submit(sim, { ...restingLimit, timeInForce: 'gtc' })
    expect(orderNow(sim, market.id).status).toBe('new')
    jump(sim, '98.00') // through the limit, but the market is closed
    advanceTo(sim, '2026-01-06T14:29:59.999Z')
    expect(orderNow(sim, market.id).status).toBe('new')
    expect(orderNow(sim, limit.id).status).toBe('new')
    expect(sim.clock().isOpen).toBe(false)

    advance(sim, 1)
    expect(fillsOf(sim, market.id).map((f) => [f.price, f.time])).toEqual([
      ['98.01', '2026-01-06T14:30:00.000Z'],
    ])
    expect(fillsOf(sim, limit.id).map((f) => f.time)).toEqual(['2026-01-06T14:30:00.000Z'])
  })

  it('publish no quotes while closed', () => {
    const sim = sessionWorld('2026-01-05T22:00:00.000Z')
    const seq = sim.journalPosition().seq
    advanceTo(sim, '2026-01-06T14:29:59.999Z')
    expect(sim.journalPosition().seq).toBe(seq)
  })

  it('wait over the weekend for Monday', () => {
    const sim = sessionWorld('2026-01-09T21:30:00.000Z') // Friday 16:30 in New York
    const order = submit(sim, { type: 'market', timeInForce: 'gtc' })
    advanceTo(sim, '2026-01-12T14:29:59.999Z')
    expect(orderNow(sim, order.id).status).toBe('new')
    advance(sim, 1)
    expect(orderNow(sim, order.id).filledAt).toBe('2026-01-12T14:30:00.000Z')
  })

  it('are day orders of the next session, expiring at its close', () => {
    const sim = sessionWorld('2026-01-05T22:00:00.000Z')
    const day = submit(sim, { ...restingLimit, timeInForce: 'day' })
    advanceTo(sim, '2026-01-06T20:59:59.999Z')
    expect(orderNow(sim, day.id).status).toBe('new')
    advance(sim, 1)
    expect(orderNow(sim, day.id).expiredAt).toBe('2026-01-06T21:00:00.000Z')
  })

  it('cancel an ioc at once: it cannot execute on arrival', () => {
    const sim = sessionWorld('2026-01-05T22:00:00.000Z')
    const order = submit(sim, { type: 'market', timeInForce: 'ioc' })
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
  })
})

describe('gtd orders', () => {
  it('expire at expireAt', () => {
    const sim = flatWorld()
    const order = submit(sim, {
      ...restingLimit,
      timeInForce: 'gtd',
      expireAt: '2026-01-05T14:30:05.000Z',
    })
    advance(sim, 4_999)
    expect(orderNow(sim, order.id).status).toBe('new')
    advance(sim, 1)
    expect(orderNow(sim, order.id)).toMatchObject({
      status: 'expired',
      expireAt: '2026-01-05T14:30:05.000Z',
      expiredAt: '2026-01-05T14:30:05.000Z',
    })
  })

  it('stay filled when they fill before expireAt', () => {
    const sim = flatWorld()
    const order = submit(sim, {
      ...restingLimit,
      timeInForce: 'gtd',
      expireAt: '2026-01-05T14:30:05.000Z',
    })
    jump(sim, '98.00')
    advance(sim, 10_000)
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'filled', expiredAt: null })
  })

  it('expire at once, without working, when acknowledged after expireAt', () => {
    const sim = flatWorld({ execution: { latencyMin: 50, latencyMax: 50 } })
    const order = submit(sim, {
      type: 'market',
      timeInForce: 'gtd',
      expireAt: '2026-01-05T14:30:00.010Z',
    })
    advance(sim, 100)
    expect(orderNow(sim, order.id)).toMatchObject({
      status: 'expired',
      filledQty: '0',
      expiredAt: '2026-01-05T14:30:00.050Z',
    })
    expect(statusesOf(sim, order.id)).toEqual(['pending_new', 'new', 'expired'])
  })

  it('are refused without a future expireAt, creating nothing', () => {
    const sim = flatWorld()
    const now = '2026-01-05T14:30:00.000Z'
    for (const expireAt of [undefined, now, '2026-01-05T14:29:59.999Z', 'soon']) {
      const error = refusal(
        sim.submitOrder(ACCOUNT, orderRequest({ ...restingLimit, timeInForce: 'gtd', expireAt })),
      )
      expect(error.code, String(expireAt)).toBe('invalid_order')
    }
    expect(sim.allOrders()).toEqual([])
  })

  it('refuse expireAt on any other time in force', () => {
    const sim = flatWorld()
    const request = orderRequest({
      ...restingLimit,
      timeInForce: 'gtc',
      expireAt: '2026-01-06T00:00:00.000Z',
    })
    expect(refusal(sim.submitOrder(ACCOUNT, request)).code).toBe('invalid_order')
  })
})

describe('day orders in a 24x7 market', () => {
  it('expire at the next 00:00 UTC', () => {
    const sim = flatWorld({ clockStart: '2026-01-05T23:59:00.000Z' })
    const order = submit(sim, { ...restingLimit, timeInForce: 'day' })
    advance(sim, 59_999)
    expect(orderNow(sim, order.id).status).toBe('new')
    advance(sim, 1)
    expect(orderNow(sim, order.id).expiredAt).toBe('2026-01-06T00:00:00.000Z')
  })

  it('expire without working when acknowledged after the midnight they were placed for', () => {
    const sim = flatWorld({
      clockStart: '2026-01-05T23:59:59.990Z',
      execution: { latencyMin: 50, latencyMax: 50 },
    })
    const order = submit(sim, { type: 'market', timeInForce: 'day' })
    advance(sim, 100)
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'expired', filledQty: '0' })
  })

  it('placed exactly at midnight live until the following midnight', () => {
    const sim = flatWorld({
      clockStart: '2026-01-06T00:00:00.000Z',
      market: { updateFrequency: 60_000 },
    })
    const order = submit(sim, { ...restingLimit, timeInForce: 'day' })
    advance(sim, 1_000)
    expect(orderNow(sim, order.id).status).toBe('new')
    advanceTo(sim, '2026-01-07T00:00:00.000Z')
    expect(orderNow(sim, order.id).expiredAt).toBe('2026-01-07T00:00:00.000Z')
  })
})
