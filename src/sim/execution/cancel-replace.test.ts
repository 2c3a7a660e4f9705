/**
 * Cancels and replaces take venue latency, so a fill can win the race. With latencyMin =
 * latencyMax = 10, every acknowledgement, cancel and replace lands exactly 10 ms after it is sent.
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
  statusesOf,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import type { Simulation } from '../index.js'

const LATENCY_MS = 10

function world(options: Parameters<typeof flatWorld>[0] = {}): Simulation {
  return flatWorld({ execution: { latencyMin: LATENCY_MS, latencyMax: LATENCY_MS }, ...options })
}

/** A buy limit at 99.50, below the ask, acknowledged and resting. */
function restingBuy(sim: Simulation, qty = '10'): string {
  const order = submit(sim, { type: 'limit', limitPrice: '99.50', qty })
  advance(sim, LATENCY_MS)
  expect(orderNow(sim, order.id).status).toBe('new')
  return order.id
}

describe('cancel', () => {
  it('answers pending_cancel and cancels after the cancel latency', () => {
    const sim = world()
    const id = restingBuy(sim)
    expect(unwrap(sim.cancelOrder(ACCOUNT, id)).status).toBe('pending_cancel')
    advance(sim, LATENCY_MS - 1)
    expect(orderNow(sim, id).status).toBe('pending_cancel')
    advance(sim, 1)
    expect(orderNow(sim, id)).toMatchObject({
      status: 'canceled',
      canceledAt: '2026-01-05T14:30:00.020Z',
      leavesQty: '0',
    })
    expect(statusesOf(sim, id)).toEqual(['pending_new', 'new', 'pending_cancel', 'canceled'])
  })

  it('loses the race to a fill that comes before the cancel lands', () => {
    const sim = world()
    const id = restingBuy(sim)
    unwrap(sim.cancelOrder(ACCOUNT, id))
    jump(sim, '99.40') // ask 99.41: within the limit
    expect(orderNow(sim, id).status).toBe('filled')
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, id)).toMatchObject({ status: 'filled', filledQty: '10', canceledAt: null })
    expect(statusesOf(sim, id)).toEqual(['pending_new', 'new', 'pending_cancel', 'filled'])
  })

  it('wins the race when the fill would come only after the cancel landed', () => {
    const sim = world()
    const id = restingBuy(sim)
    unwrap(sim.cancelOrder(ACCOUNT, id))
    advance(sim, LATENCY_MS)
    jump(sim, '99.40')
    expect(orderNow(sim, id)).toMatchObject({ status: 'canceled', filledQty: '0' })
    expect(fillsOf(sim, id)).toEqual([])
  })

  it('keeps pending_cancel through a partial fill, then cancels the rest', () => {
    const sim = world({ market: { liquidity: 10 } })
    const id = restingBuy(sim, '100')
    unwrap(sim.cancelOrder(ACCOUNT, id))
    jump(sim, '99.40')
    const partly = orderNow(sim, id)
    expect(partly.status).toBe('pending_cancel')
    expect(Number(partly.filledQty)).toBeGreaterThan(0)
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, id)).toMatchObject({ status: 'canceled', filledQty: partly.filledQty })
    expect(statusesOf(sim, id)).toEqual([
      'pending_new',
      'new',
      'pending_cancel',
      'pending_cancel', // the order.partially_filled event, carrying the pending status
      'canceled',
    ])
  })

  it('waits for the acknowledgement when sent before it, and the order may still fill', () => {
    const sim = world()
    const order = submit(sim, { type: 'market' })
    expect(unwrap(sim.cancelOrder(ACCOUNT, order.id)).status).toBe('pending_cancel')
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, order.id).status).toBe('filled')
    expect(statusesOf(sim, order.id)).toEqual([
      'pending_new',
      'pending_cancel',
      'pending_cancel', // order.accepted
      'filled',
    ])
  })

  it('cancels a resting order whose cancel was sent before the acknowledgement', () => {
    const sim = world()
    const order = submit(sim, { type: 'limit', limitPrice: '99.50' })
    unwrap(sim.cancelOrder(ACCOUNT, order.id))
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, order.id)).toMatchObject({ status: 'canceled' })
    const types = sim
      .events(0, 1000, { typePrefix: 'order.' })
      .filter((e) => (e.data.order as { id: string }).id === order.id)
      .map((e) => e.type)
    expect(types).toEqual([
      'order.pending_new',
      'order.pending_cancel',
      'order.accepted',
      'order.canceled',
    ])
  })

  it('never overtakes the acknowledgement, whatever the latencies drawn', () => {
    let sameInstant = 0
    for (let seed = 1; seed <= 30; seed++) {
      const sim = flatWorld({ seed, execution: { latencyMin: 1, latencyMax: 50 } })
      const order = submit(sim, { type: 'limit', limitPrice: '99.50' })
      unwrap(sim.cancelOrder(ACCOUNT, order.id))
      advance(sim, 100)
      const done = orderNow(sim, order.id)
      expect(done.status, `seed=${seed}`).toBe('canceled')
      const acceptedMs = Date.parse(done.acceptedAt as string)
      const canceledMs = Date.parse(done.canceledAt as string)
      expect(canceledMs, `seed=${seed}`).toBeGreaterThanOrEqual(acceptedMs)
      if (canceledMs === acceptedMs) sameInstant++
    }
    // Some seeds drew a cancel latency shorter than the acknowledgement's: it waited for it.
    expect(sameInstant).toBeGreaterThan(0)
  })

  it('refuses to cancel a terminal order with order_not_cancelable', () => {
    const sim = world()
    const order = submit(sim, { type: 'market' })
    advance(sim, LATENCY_MS)
    const error = refusal(sim.cancelOrder(ACCOUNT, order.id))
    expect(error.code).toBe('order_not_cancelable')
    expect(error.details).toMatchObject({ orderId: order.id, status: 'filled' })
  })

  it('answers an order already being canceled unchanged, without a second event', () => {
    const sim = world()
    const id = restingBuy(sim)
    unwrap(sim.cancelOrder(ACCOUNT, id))
    const seq = sim.journalPosition().seq
    expect(unwrap(sim.cancelOrder(ACCOUNT, id)).status).toBe('pending_cancel')
    expect(sim.journalPosition().seq).toBe(seq)
  })

  it('answers not_found for an order of another account', () => {
    const sim = world({
      accounts: [
        { id: 'A', cash: '100000' },
        { id: 'B', cash: '100000' },
      ],
    })
    const order = submit(sim, { type: 'limit', limitPrice: '99.50' }, 'A')
    expect(refusal(sim.cancelOrder('B', order.id)).code).toBe('not_found')
  })
})

describe('cancel all', () => {
  it('cancels every open order of the account and leaves the rest alone', () => {
    const sim = world({
      accounts: [
        { id: 'DEMO', cash: '100000' },
        { id: 'OTHER', cash: '100000' },
      ],
    })
    const filled = submit(sim, { type: 'market' })
    const resting = restingBuy(sim)
    const pending = submit(sim, { type: 'limit', limitPrice: '99.00' })
    const other = submit(sim, { type: 'limit', limitPrice: '99.00' }, 'OTHER')
    expect(orderNow(sim, filled.id).status).toBe('filled')

    const answered = unwrap(sim.cancelAllOrders(ACCOUNT))
    expect(answered.map((o) => [o.id, o.status])).toEqual([
      [resting, 'pending_cancel'],
      [pending.id, 'pending_cancel'],
    ])
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, resting).status).toBe('canceled')
    expect(orderNow(sim, pending.id).status).toBe('canceled')
    expect(orderNow(sim, filled.id).status).toBe('filled')
    expect(orderNow(sim, other.id, 'OTHER').status).toBe('new')
  })

  it('answers an empty list when nothing is open', () => {
    const sim = world()
    expect(unwrap(sim.cancelAllOrders(ACCOUNT))).toEqual([])
  })
})

describe('replace', () => {
  it('creates the replacement pending_new, then replaces the old order after the latency', () => {
    const sim = world()
    const oldId = restingBuy(sim)
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, oldId, { limitPrice: '99.00' }))
    expect(replacement).toMatchObject({
      status: 'pending_new',
      replaces: oldId,
      qty: '10',
      limitPrice: '99',
      type: 'limit',
    })
    expect(orderNow(sim, oldId).status).toBe('pending_replace')
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, oldId)).toMatchObject({ status: 'replaced', replacedBy: replacement.id })
    expect(orderNow(sim, replacement.id).status).toBe('new')
    expect(statusesOf(sim, oldId)).toEqual(['pending_new', 'new', 'pending_replace', 'replaced'])
    expect(statusesOf(sim, replacement.id)).toEqual(['pending_new', 'new'])
  })

  it('works the replacement at its new price', () => {
    const sim = world()
    const oldId = restingBuy(sim)
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, oldId, { limitPrice: '100.01' }))
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, replacement.id)).toMatchObject({
      status: 'filled',
      avgFillPrice: '100.01',
    })
    expect(orderNow(sim, oldId).filledQty).toBe('0')
  })

  it('defaults the replacement quantity to the leaves of a partially filled order', () => {
    const sim = world({ market: { liquidity: 10 } })
    const oldId = restingBuy(sim, '100')
    jump(sim, '99.40')
    const old = orderNow(sim, oldId)
    expect(old.status).toBe('partially_filled')
    jump(sim, '100.00') // away from the limit, so nothing fills during the replace
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, oldId, { limitPrice: '99.00' }))
    expect(replacement.qty).toBe(old.leavesQty)
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, oldId)).toMatchObject({ status: 'replaced', filledQty: old.filledQty })
  })

  it('rejects the replacement when the old order fills before the replace lands', () => {
    const sim = world()
    const oldId = restingBuy(sim)
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, oldId, { limitPrice: '99.00' }))
    jump(sim, '99.40')
    expect(orderNow(sim, oldId).status).toBe('filled')
    advance(sim, LATENCY_MS)
    const rejected = orderNow(sim, replacement.id)
    expect(rejected.status).toBe('rejected')
    expect(rejected.rejectReason).toMatch(/^order_not_replaceable/)
    expect(orderNow(sim, oldId)).toMatchObject({ status: 'filled', replacedBy: null })
    expect(statusesOf(sim, oldId)).toEqual(['pending_new', 'new', 'pending_replace', 'filled'])
  })

  it('rejects the replacement when the old order expires before the replace lands', () => {
    const sim = world()
    const order = submit(sim, {
      type: 'limit',
      limitPrice: '99.50',
      timeInForce: 'gtd',
      expireAt: '2026-01-05T14:30:00.015Z',
    })
    advance(sim, LATENCY_MS)
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, order.id, { limitPrice: '99.00' }))
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, order.id).status).toBe('expired')
    expect(orderNow(sim, replacement.id).status).toBe('rejected')
  })

  it('changes nothing when the replacement is invalid', () => {
    const sim = world()
    const oldId = restingBuy(sim)
    const before = sim.journalPosition()
    const invalid = [
      { limitPrice: '99.005' },
      { qty: '0' },
      { stopPrice: '98.00' },
      { timeInForce: 'gtd' as const },
    ]
    for (const patch of invalid) {
      expect(refusal(sim.replaceOrder(ACCOUNT, oldId, patch)).code, JSON.stringify(patch)).toBe(
        'invalid_order',
      )
    }
    expect(refusal(sim.replaceOrder(ACCOUNT, oldId, { qty: '100000' })).code).toBe(
      'insufficient_buying_power',
    )
    expect(sim.journalPosition()).toEqual(before)
    expect(sim.allOrders().map((o) => [o.id, o.status])).toEqual([[oldId, 'new']])
  })

  it('refuses a clientOrderId already in use and changes nothing', () => {
    const sim = world()
    const taken = submit(sim, { type: 'limit', limitPrice: '98.00', clientOrderId: 'taken' })
    const oldId = restingBuy(sim)
    const before = sim.journalPosition()
    const error = refusal(sim.replaceOrder(ACCOUNT, oldId, { clientOrderId: 'taken' }))
    expect(error.code).toBe('duplicate_client_order_id')
    expect(sim.journalPosition()).toEqual(before)
    expect(orderNow(sim, taken.id).status).toBe('new')
  })

  it('refuses orders that are not new or partially filled with order_not_replaceable', () => {
    const sim = world()
    const pendingNew = submit(sim, { type: 'limit', limitPrice: '99.50' })
    expect(refusal(sim.replaceOrder(ACCOUNT, pendingNew.id, { qty: '5' })).code).toBe(
      'order_not_replaceable',
    )
    advance(sim, LATENCY_MS)
    unwrap(sim.replaceOrder(ACCOUNT, pendingNew.id, { qty: '5' }))
    expect(refusal(sim.replaceOrder(ACCOUNT, pendingNew.id, { qty: '4' })).code).toBe(
      'order_not_replaceable',
    )
    expect(refusal(sim.cancelOrder(ACCOUNT, pendingNew.id)).code).toBe('order_not_cancelable')
  })

  it('takes what the old order fills while the replace is in flight off the replacement', () => {
    const sim = world({ market: { liquidity: 40 } }) // allowShort is off
    const bought = submit(sim, { type: 'limit', limitPrice: '100.01', qty: '100' })
    advance(sim, 10_000)
    expect(orderNow(sim, bought.id).status).toBe('filled')
    const sell = submit(sim, { side: 'sell', type: 'limit', limitPrice: '101.00', qty: '100' })
    advance(sim, LATENCY_MS)
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, sell.id, { limitPrice: '100.50' }))
    expect(replacement.qty).toBe('100')
    jump(sim, '101.00') // the old order sells part of the touch before the replace lands
    const inFlight = orderNow(sim, sell.id).filledQty
    expect(Number(inFlight)).toBeGreaterThan(0)
    jump(sim, '100.00')
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, sell.id)).toMatchObject({ status: 'replaced', filledQty: inFlight })
    expect(orderNow(sim, replacement.id).qty).toBe(String(100 - Number(inFlight)))
    jump(sim, '100.50')
    advance(sim, 10_000)
    expect(orderNow(sim, replacement.id).status).toBe('filled')
    expect(unwrap(sim.positions(ACCOUNT))).toEqual([]) // sold 100 in all, never short
  })

  it('cancels the old rest and fails the replacement when the fills in flight cover it', () => {
    const sim = world({ market: { liquidity: 40 } })
    const oldId = restingBuy(sim, '100')
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, oldId, { qty: '10' }))
    jump(sim, '99.40')
    const inFlight = Number(orderNow(sim, oldId).filledQty)
    expect(inFlight).toBeGreaterThanOrEqual(10)
    expect(inFlight).toBeLessThan(100)
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, oldId)).toMatchObject({ status: 'canceled', replacedBy: null })
    const failed = orderNow(sim, replacement.id)
    expect(failed.status).toBe('rejected')
    expect(failed.rejectReason).toMatch(
      /^order_not_replaceable: .* while the replace was in flight/,
    )
  })

  it('lets a cancel of the replacement wait for the replace to land', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const sim = flatWorld({ seed, execution: { latencyMin: 1, latencyMax: 50 } })
      const order = submit(sim, { type: 'limit', limitPrice: '99.50' })
      advance(sim, 50)
      const replacement = unwrap(sim.replaceOrder(ACCOUNT, order.id, { limitPrice: '99.00' }))
      unwrap(sim.cancelOrder(ACCOUNT, replacement.id))
      advance(sim, 100)
      expect(orderNow(sim, order.id).status, `seed=${seed}`).toBe('replaced')
      const done = orderNow(sim, replacement.id)
      expect(done.status, `seed=${seed}`).toBe('canceled')
      expect(done.acceptedAt, `seed=${seed}`).not.toBeNull()
    }
  })

  it('cancels a replacement being canceled when the old order fills first', () => {
    const sim = world()
    const oldId = restingBuy(sim)
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, oldId, { limitPrice: '99.00' }))
    unwrap(sim.cancelOrder(ACCOUNT, replacement.id))
    jump(sim, '99.40')
    advance(sim, LATENCY_MS)
    expect(orderNow(sim, oldId).status).toBe('filled')
    expect(orderNow(sim, replacement.id)).toMatchObject({ status: 'canceled', filledQty: '0' })
    expect(statusesOf(sim, replacement.id)).toEqual(['pending_new', 'pending_cancel', 'canceled'])
  })
})
