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
    // The exits wait for the entry's outcome: the cancel may still lose the race to a fill.
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['pending_new', 'pending_new'])
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

  it('releases its exits when the entry fills before its cancel lands', () => {
    const sim = world({
      cash: '1000000',
      market: { liquidity: 100, depthLevels: 1 },
      execution: { latency: { cancel: { type: 'fixed', ms: 5_000 } } },
    })
    const entry = submit(sim, bracket({ qty: '150' })) // more than one touch (50 to 149)
    advance(sim, LATENCY)
    expect(orderNow(sim, entry.id).status).toBe('partially_filled')
    unwrap(sim.cancelOrder(ACCOUNT, entry.id))
    advance(sim, 4_000) // later quotes fill the rest while the cancel travels
    expect(orderNow(sim, entry.id).status).toBe('filled')
    advance(sim, 2_000)
    expect(legsOf(sim, entry.id).map((leg) => leg.status)).toEqual(['new', 'new'])
  })

  it('lets a take-profit fill cancel a stop-loss whose replace is in flight, failing the replace', () => {
    const sim = world()
    const entry = submit(sim, bracket())
    advance(sim, 2 * LATENCY)
    const [takeProfit, stopLoss] = legsOf(sim, entry.id)
    const moved = unwrap(sim.replaceOrder(ACCOUNT, stopLoss!.id, { stopPrice: '97' }))
    jump(sim, '110.00')
    expect(orderNow(sim, takeProfit!.id).status).toBe('filled')
    expect(orderNow(sim, stopLoss!.id).status).toBe('canceled')
    advance(sim, LATENCY) // the replace lands on a canceled order
    expect(statusesOf(sim, moved.id)).toEqual(['pending_new', 'rejected'])
    expect(positionQty(sim)).toBe('0')
  })

  it('does the same when the replacement is being canceled', () => {
    const sim = world()
    const entry = submit(sim, bracket())
    advance(sim, 2 * LATENCY)
    const [, stopLoss] = legsOf(sim, entry.id)
    const moved = unwrap(sim.replaceOrder(ACCOUNT, stopLoss!.id, { stopPrice: '97' }))
    unwrap(sim.cancelOrder(ACCOUNT, moved.id))
    jump(sim, '110.00')
    advance(sim, 2 * LATENCY)
    expect(orderNow(sim, stopLoss!.id).status).toBe('canceled')
    expect(orderNow(sim, moved.id).status).toBe('canceled')
  })

  it('refuses ioc and fok, and exits on the wrong side of the price the entry is expected at', () => {
    const sim = world()
    for (const timeInForce of ['ioc', 'fok'] as const)
      expect(
        refusal(sim.submitOrder(ACCOUNT, request(bracket({ timeInForce })))).details.field,
      ).toBe('timeInForce')
    // A market buy is expected at the ask, 100.01: a take-profit at 100 would fill at once.
    const error = refusal(
      sim.submitOrder(
        ACCOUNT,
        request(bracket({ takeProfit: { limitPrice: '100.00' }, stopLoss: { stopPrice: '90' } })),
      ),
    )
    expect(error.details.field).toBe('takeProfit.limitPrice')
    expect(error.message).toContain('100.01')
    expect(sim.allOrders()).toEqual([])
  })
})

const request = (overrides: Partial<OrderRequest>): OrderRequest => ({
  ...sellAll,
  side: 'buy',
  ...overrides,
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

  it('leaves the rest of the position free to sell', () => {
    const sim = longWorld({ allowShort: false })
    submit(sim, oco({ qty: '50' }))
    advance(sim, LATENCY)
    // 100 held, the oco claims 50 once (not 50 per order), so 50 can still be sold.
    unwrap(sim.submitOrder(ACCOUNT, { ...sellAll, type: 'limit', limitPrice: '120', qty: '50' }))
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

  it('cancels a stop-loss that was moved, or is being moved, with the parent', () => {
    for (const landed of [true, false]) {
      const sim = longWorld()
      const parent = submit(sim, oco())
      advance(sim, LATENCY)
      const [stopLoss] = legsOf(sim, parent.id)
      const moved = unwrap(sim.replaceOrder(ACCOUNT, stopLoss!.id, { stopPrice: '96' }))
      if (landed) advance(sim, LATENCY)
      unwrap(sim.cancelOrder(ACCOUNT, parent.id))
      advance(sim, 2 * LATENCY)
      expect(orderNow(sim, parent.id).status).toBe('canceled')
      expect(orderNow(sim, moved.id).status, `landed: ${landed}`).toBe('canceled')
      expect(unwrap(sim.orders(ACCOUNT, { status: 'open', limit: 100 })).items).toEqual([])
    }
  })

  it('takes its stop-loss along when the venue rejects the parent', () => {
    const sim = longWorld({ execution: { rejectionRate: 1 } })
    const parent = submit(sim, oco())
    advance(sim, LATENCY)
    expect(orderNow(sim, parent.id).status).toBe('rejected')
    expect(legsOf(sim, parent.id).map((leg) => leg.status)).toEqual(['canceled'])
  })

  it('risk-checks its stop-loss too, so an opening oco cannot spend buying power it lacks', () => {
    const sim = world({ cash: '10000' })
    // The take-profit buys 100 at 95 (9,500); the stop-loss would buy 100 at 105 (10,500).
    const error = refusal(
      sim.submitOrder(
        ACCOUNT,
        request(
          oco({
            side: 'buy',
            takeProfit: { limitPrice: '95' },
            stopLoss: { stopPrice: '105' },
          }),
        ),
      ),
    )
    expect(error.code).toBe('insufficient_buying_power')
  })

  it('refuses a replace that would grow a leg beyond what the set may still fill', () => {
    const sim = longWorld({ allowShort: true })
    const parent = submit(sim, oco())
    advance(sim, LATENCY)
    const [stopLoss] = legsOf(sim, parent.id)
    expect(refusal(sim.replaceOrder(ACCOUNT, stopLoss!.id, { qty: '300' })).code).toBe(
      'order_not_replaceable',
    )
    unwrap(sim.replaceOrder(ACCOUNT, stopLoss!.id, { qty: '60' }))
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
