/**
 * Order classes end to end in the core: bracket, oco and oto through their whole lifecycle,
 * including a partial fill of a leg and a cancel of the parent, and what their legs hold.
 *
 * The flat world quotes TEST at 100.00 / 100.01 until a price_jump moves it. Venue latency is
 * a fixed 5 ms for every action, so a pending status is visible until the clock moves.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  allEvents,
  fillsOf,
  flatWorld,
  jump,
  orderNow,
  refusal,
  statusesOf,
  submit,
  unwrap,
  type FlatWorldOptions,
} from '../../../test/support/sim-world.js'
import { Decimal } from '../decimal.js'
import type { OrderRequest, Simulation } from '../index.js'

const LATENCY = 5

function world(options: FlatWorldOptions = {}): Simulation {
  return flatWorld({
    cash: '100000',
    ...options,
    execution: { latencyMin: LATENCY, latencyMax: LATENCY, ...options.execution },
  })
}

/** A world whose account starts long 100 TEST at 100.00. */
function longWorld(options: FlatWorldOptions = {}): Simulation {
  return world({
    ...options,
    accounts: [
      {
        id: ACCOUNT,
        cash: '100000',
        positions: [{ symbol: 'TEST', qty: '100', avgEntryPrice: '100.00' }],
      },
    ],
  })
}

const bracket = (overrides: Partial<OrderRequest> = {}): Partial<OrderRequest> => ({
  orderClass: 'bracket',
  takeProfit: { limitPrice: '110' },
  stopLoss: { stopPrice: '95' },
  ...overrides,
})

const oco = (overrides: Partial<OrderRequest> = {}): Partial<OrderRequest> => ({
  orderClass: 'oco',
  side: 'sell',
  qty: '100',
  type: 'limit',
  takeProfit: { limitPrice: '105' },
  stopLoss: { stopPrice: '95' },
  ...overrides,
})

const legsOf = (sim: Simulation, parentId: string) =>
  orderNow(sim, parentId).legs.map((id) => orderNow(sim, id))

const positionQty = (sim: Simulation) =>
  unwrap(sim.positions(ACCOUNT)).find((p) => p.symbol === 'TEST')?.qty ?? '0'

const buyingPower = (sim: Simulation) => unwrap(sim.account(ACCOUNT)).buyingPower

describe('bracket', () => {
  it('creates its exits held, arms them when the entry fills, and lets the first fill cancel the other', () => {
    const sim = world()
    const entry = submit(sim, bracket({ qty: '10' }))
    expect(entry).toMatchObject({
      orderClass: 'bracket',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '95', limitPrice: null },
      legs: [expect.any(String), expect.any(String)],
    })
    const [takeProfit, stopLoss] = legsOf(sim, entry.id)
    expect(takeProfit).toMatchObject({
      parentId: entry.id,
      side: 'sell',
      type: 'limit',
      limitPrice: '110',
      qty: '10',
      status: 'pending_new',
      orderClass: 'bracket',
    })
    expect(stopLoss).toMatchObject({ parentId: entry.id, type: 'stop', stopPrice: '95' })

    advance(sim, LATENCY) // the entry is acknowledged and fills; the exits leave for the venue
    expect(orderNow(sim, entry.id).status).toBe('filled')
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['pending_new', 'pending_new'])
    advance(sim, LATENCY)
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['new', 'new'])

    jump(sim, '110.00') // the bid reaches the take-profit
    expect(statusesOf(sim, takeProfit!.id)).toEqual(['pending_new', 'new', 'filled'])
    expect(statusesOf(sim, stopLoss!.id)).toEqual(['pending_new', 'new', 'canceled'])
    expect(positionQty(sim)).toBe('0')
  })

  it('stops out through the stop-loss, canceling the take-profit', () => {
    const sim = world()
    const entry = submit(sim, bracket({ qty: '10' }))
    advance(sim, 2 * LATENCY)
    const [takeProfit, stopLoss] = legsOf(sim, entry.id)
    jump(sim, '94.00')
    expect(orderNow(sim, stopLoss!.id)).toMatchObject({ status: 'filled', avgFillPrice: '94' })
    expect(orderNow(sim, takeProfit!.id).status).toBe('canceled')
    expect(positionQty(sim)).toBe('0')
  })

  it('keeps its exits off the venue and out of buying power while a limit entry rests', () => {
    const sim = world()
    const before = Decimal.parse(buyingPower(sim))
    const entry = submit(sim, bracket({ type: 'limit', limitPrice: '99', qty: '10' }))
    advance(sim, 100)
    expect(orderNow(sim, entry.id).status).toBe('new')
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['pending_new', 'pending_new'])
    // Only the entry holds: 10 × 99.00.
    expect(Decimal.parse(buyingPower(sim)).toString()).toBe(
      before.sub(Decimal.parse('990')).toString(),
    )
    jump(sim, '98.00') // ask 98.01 reaches the entry
    advance(sim, LATENCY)
    expect(orderNow(sim, entry.id)).toMatchObject({ status: 'filled', avgFillPrice: '98.01' })
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['new', 'new'])
  })

  it('cancels its held exits with a partially filled entry, leaving the filled part unprotected', () => {
    const sim = world({ cash: '1000000', market: { liquidity: 100, depthLevels: 1 } })
    const entry = submit(sim, bracket({ qty: '1000' }))
    advance(sim, LATENCY)
    const partial = orderNow(sim, entry.id)
    expect(partial.status).toBe('partially_filled')
    const canceling = unwrap(sim.cancelOrder(ACCOUNT, entry.id))
    expect(canceling.status).toBe('pending_cancel')
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual([
      'pending_cancel',
      'pending_cancel',
    ])
    advance(sim, LATENCY)
    expect(orderNow(sim, entry.id).status).toBe('canceled')
    for (const leg of legsOf(sim, entry.id))
      expect(statusesOf(sim, leg.id)).toEqual(['pending_new', 'pending_cancel', 'canceled'])
    expect(positionQty(sim)).toBe(orderNow(sim, entry.id).filledQty)
  })

  it('cancels its held exits when the venue rejects the entry', () => {
    const sim = world({ execution: { rejectionRate: 1 } })
    const entry = submit(sim, bracket())
    advance(sim, LATENCY)
    expect(orderNow(sim, entry.id).status).toBe('rejected')
    for (const leg of legsOf(sim, entry.id))
      expect(statusesOf(sim, leg.id)).toEqual(['pending_new', 'pending_cancel', 'canceled'])
  })

  it('cancels its held exits when a day entry expires at the close', () => {
    const sim = world()
    const entry = submit(
      sim,
      bracket({
        type: 'limit',
        limitPrice: '90',
        timeInForce: 'day',
        stopLoss: { stopPrice: '85' },
      }),
    )
    advance(sim, 24 * 60 * 60 * 1000)
    expect(orderNow(sim, entry.id).status).toBe('expired')
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['canceled', 'canceled'])
  })

  it('refuses to cancel a filled entry, but cancels one leg alone', () => {
    const sim = world()
    const entry = submit(sim, bracket())
    advance(sim, 2 * LATENCY)
    expect(refusal(sim.cancelOrder(ACCOUNT, entry.id)).code).toBe('order_not_cancelable')
    const [takeProfit, stopLoss] = legsOf(sim, entry.id)
    unwrap(sim.cancelOrder(ACCOUNT, takeProfit!.id))
    advance(sim, LATENCY)
    expect(orderNow(sim, takeProfit!.id).status).toBe('canceled')
    expect(orderNow(sim, stopLoss!.id).status).toBe('new')
  })

  it('moves its stop-loss by a replace that stays in the one-cancels-other set', () => {
    const sim = world()
    const entry = submit(sim, bracket())
    advance(sim, 2 * LATENCY)
    const [takeProfit, stopLoss] = legsOf(sim, entry.id)
    expect(refusal(sim.replaceOrder(ACCOUNT, entry.id, { qty: '5' })).code).toBe(
      'order_not_replaceable',
    )
    const moved = unwrap(sim.replaceOrder(ACCOUNT, stopLoss!.id, { stopPrice: '97' }))
    expect(moved).toMatchObject({ parentId: entry.id, replaces: stopLoss!.id, stopPrice: '97' })
    advance(sim, LATENCY)
    expect(orderNow(sim, stopLoss!.id).status).toBe('replaced')
    jump(sim, '110.00')
    expect(orderNow(sim, takeProfit!.id).status).toBe('filled')
    expect(orderNow(sim, moved.id).status).toBe('canceled')
    expect(positionQty(sim)).toBe('0')
  })

  it('risk-checks its exits when they leave, rejecting one the account may not place', () => {
    // The entry's notional (10 × 100.01) fits the limit; the take-profit's (10 × 110) does not.
    const sim = world({ limits: { maxOrderNotional: '1050' } })
    const entry = submit(sim, bracket({ qty: '10' }))
    advance(sim, 2 * LATENCY)
    const [takeProfit, stopLoss] = legsOf(sim, entry.id)
    expect(takeProfit).toMatchObject({ status: 'rejected' })
    expect(takeProfit!.rejectReason).toContain('maxOrderNotional')
    expect(stopLoss!.status).toBe('new')
  })
})

const sellAll: OrderRequest = {
  symbol: 'TEST',
  side: 'sell',
  qty: '10',
  type: 'market',
  timeInForce: 'gtc',
  orderClass: 'simple',
}

describe('oco', () => {
  it('sends both exits at once; a partial fill of one reduces the other, its completion cancels it', () => {
    const sim = longWorld({ market: { liquidity: 40, depthLevels: 1 } })
    const parent = submit(sim, oco())
    expect(parent).toMatchObject({
      type: 'limit',
      limitPrice: '105',
      legs: [expect.any(String)],
    })
    advance(sim, LATENCY)
    const [stopLoss] = legsOf(sim, parent.id)
    expect(stopLoss).toMatchObject({ parentId: parent.id, side: 'sell', type: 'stop', qty: '100' })
    expect([orderNow(sim, parent.id).status, stopLoss!.status]).toEqual(['new', 'new'])

    jump(sim, '105.00') // the bid reaches the take-profit, with a bid size below 100
    const partial = orderNow(sim, parent.id)
    expect(partial.status).toBe('partially_filled')
    const reduced = orderNow(sim, stopLoss!.id)
    expect(reduced.qty).toBe(Decimal.parse('100').sub(Decimal.parse(partial.filledQty)).toString())
    expect(reduced.status).toBe('new')
    const reducedEvent = allEvents(sim).find((e) => e.type === 'order.reduced')
    expect(reducedEvent?.data.order).toMatchObject({ id: stopLoss!.id, qty: reduced.qty })

    advance(sim, 60_000) // later quotes fill the rest of the take-profit
    expect(orderNow(sim, parent.id).status).toBe('filled')
    expect(orderNow(sim, stopLoss!.id).status).toBe('canceled')
    const filled = [...fillsOf(sim, parent.id), ...fillsOf(sim, stopLoss!.id)]
    expect(Decimal.sum(filled.map((f) => Decimal.parse(f.qty))).toString()).toBe('100')
    expect(positionQty(sim)).toBe('0')
  })

  it('cancels its stop-loss leg when the parent is canceled', () => {
    const sim = longWorld()
    const parent = submit(sim, oco())
    advance(sim, LATENCY)
    unwrap(sim.cancelOrder(ACCOUNT, parent.id))
    const [stopLoss] = legsOf(sim, parent.id)
    expect(stopLoss!.status).toBe('pending_cancel')
    advance(sim, LATENCY)
    expect(statusesOf(sim, stopLoss!.id)).toEqual([
      'pending_new',
      'new',
      'pending_cancel',
      'canceled',
    ])
    expect(orderNow(sim, parent.id).status).toBe('canceled')
  })

  it('counts its two exits once against the position', () => {
    const sim = longWorld({ allowShort: false })
    submit(sim, oco())
    advance(sim, LATENCY)
    // Both legs sell 100 of the 100 held; they cannot both execute, so nothing is left to sell.
    expect(refusal(sim.submitOrder(ACCOUNT, { ...sellAll, qty: '1' })).code).toBe(
      'insufficient_position',
    )
  })

  it('is refused whole, creating nothing beyond the rejected parent, when the position is short of it', () => {
    const sim = longWorld({ allowShort: false })
    const error = refusal(sim.submitOrder(ACCOUNT, { ...sellAll, ...oco({ qty: '101' }) }))
    expect(error.code).toBe('insufficient_position')
    expect(sim.allOrders().map((o) => o.status)).toEqual(['rejected'])
  })
})

describe('oto', () => {
  it('releases its one exit when the entry fills', () => {
    const sim = world()
    const entry = submit(sim, {
      orderClass: 'oto',
      stopLoss: { stopPrice: '95', limitPrice: '94.5' },
    })
    const [exit] = legsOf(sim, entry.id)
    expect(exit).toMatchObject({ type: 'stop_limit', stopPrice: '95', limitPrice: '94.5' })
    advance(sim, 2 * LATENCY)
    expect(orderNow(sim, exit!.id).status).toBe('new')
    jump(sim, '94.80')
    expect(orderNow(sim, exit!.id)).toMatchObject({ status: 'filled', avgFillPrice: '94.8' })
    expect(positionQty(sim)).toBe('0')
  })
})

describe('buying power held by a replace', () => {
  it('holds the larger of the old and the new order while the replace is in flight', () => {
    const sim = world()
    const start = Decimal.parse(buyingPower(sim))
    const held = () => start.sub(Decimal.parse(buyingPower(sim))).toString()
    const order = submit(sim, { type: 'limit', limitPrice: '90', qty: '10' })
    advance(sim, LATENCY)
    expect(held()).toBe('900')

    const bigger = unwrap(sim.replaceOrder(ACCOUNT, order.id, { qty: '20' }))
    expect(held()).toBe('1800')
    advance(sim, LATENCY)
    expect(held()).toBe('1800')

    unwrap(sim.replaceOrder(ACCOUNT, bigger.id, { qty: '5' }))
    expect(held()).toBe('1800')
    advance(sim, LATENCY)
    expect(held()).toBe('450')
  })
})
