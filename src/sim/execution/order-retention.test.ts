import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  flatConfig,
  jump,
  orderRequest,
  refusal,
  unwrap,
} from '../../../test/support/sim-world.js'
import { configureConfig, Simulation } from '../index.js'

const RETENTION = 8
// Forgetting runs once a quarter of the retention more has closed (order-retention.ts).
const MOST_CLOSED_HELD = RETENTION + Math.max(1, Math.floor(RETENTION / 4))

function world(orderRetention = RETENTION): Simulation {
  return Simulation.create(unwrap(configureConfig(flatConfig({ cash: '10000000' }))), {
    orderRetention,
  })
}

/** `n` market orders, alternating sides, each filled before the next. */
function trade(sim: Simulation, n: number, clientOrderId?: (i: number) => string): string[] {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const outcome = unwrap(
      sim.submitOrder(
        ACCOUNT,
        orderRequest({
          side: i % 2 === 0 ? 'buy' : 'sell',
          clientOrderId: clientOrderId?.(i),
        }),
      ),
    )
    ids.push(outcome.order.id)
    advance(sim, 1_000)
  }
  return ids
}

function closedHeld(sim: Simulation): number {
  return unwrap(sim.orders(ACCOUNT, { status: 'closed', limit: 1000 })).items.length
}

describe('order retention', () => {
  it('keeps the latest closed orders with their fills and forgets older ones', () => {
    const sim = world()
    const ids = trade(sim, 50)
    expect(sim.allOrders().every((o) => o.status === 'filled')).toBe(true)
    expect(closedHeld(sim)).toBeGreaterThanOrEqual(RETENTION)
    expect(closedHeld(sim)).toBeLessThanOrEqual(MOST_CLOSED_HELD)
    expect(refusal(sim.order(ACCOUNT, ids[0] as string)).code).toBe('not_found')
    expect(unwrap(sim.order(ACCOUNT, ids[49] as string)).status).toBe('filled')
    const fills = unwrap(sim.fills(ACCOUNT, { limit: 1000 })).items
    const held = new Set(sim.allOrders().map((o) => o.id))
    expect(fills.length).toBe(held.size)
    expect(fills.every((f) => held.has(f.orderId))).toBe(true)
  })

  it('never forgets an open order, however many close after it', () => {
    const sim = world()
    const resting = unwrap(
      sim.submitOrder(ACCOUNT, orderRequest({ type: 'limit', limitPrice: '50.00' })),
    ).order.id
    trade(sim, 60)
    expect(unwrap(sim.order(ACCOUNT, resting)).status).toBe('new')
    expect(unwrap(sim.orders(ACCOUNT, { status: 'open', limit: 10 })).items).toHaveLength(1)
  })

  it('lets a forgotten order’s clientOrderId be used again', () => {
    const sim = world()
    trade(sim, 40, (i) => `c-${i}`)
    expect(refusal(sim.orderByClientOrderId(ACCOUNT, 'c-0')).code).toBe('not_found')
    const again = unwrap(sim.submitOrder(ACCOUNT, orderRequest({ clientOrderId: 'c-0' })))
    expect(again.order.id).not.toBe(unwrap(sim.orderByClientOrderId(ACCOUNT, 'c-39')).id)
    expect(unwrap(sim.orderByClientOrderId(ACCOUNT, 'c-0')).id).toBe(again.order.id)
  })

  it('keeps time priority after forgetting: the earlier of two equal limits fills first', () => {
    const sim = world()
    trade(sim, 40)
    const first = unwrap(
      sim.submitOrder(ACCOUNT, orderRequest({ type: 'limit', limitPrice: '99.00', qty: '5' })),
    ).order.id
    const second = unwrap(
      sim.submitOrder(ACCOUNT, orderRequest({ type: 'limit', limitPrice: '99.00', qty: '5' })),
    ).order.id
    advance(sim, 1_000)
    unwrap(
      sim.injectMarketEvent({
        kind: 'liquidity',
        symbol: 'TEST',
        factor: 0.005,
        durationMs: 60_000,
      }),
    )
    jump(sim, '98.99')
    const firstNow = unwrap(sim.order(ACCOUNT, first))
    const secondNow = unwrap(sim.order(ACCOUNT, second))
    expect(Number(firstNow.filledQty)).toBeGreaterThanOrEqual(Number(secondNow.filledQty))
    expect(firstNow.filledQty).not.toBe('0')
  })

  it('forgets day orders whose expiry timer is still pending, and that timer does nothing', () => {
    const sim = Simulation.create(
      unwrap(
        configureConfig(
          flatConfig({
            cash: '10000000',
            session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
          }),
        ),
      ),
      { orderRetention: RETENTION },
    )
    const ids: string[] = []
    for (let i = 0; i < 40; i++) {
      const request = orderRequest({ side: i % 2 === 0 ? 'buy' : 'sell', timeInForce: 'day' })
      ids.push(unwrap(sim.submitOrder(ACCOUNT, request)).order.id)
      advance(sim, 1_000)
    }
    expect(refusal(sim.order(ACCOUNT, ids[0] as string)).code).toBe('not_found')
    advance(sim, 8 * 60 * 60 * 1000)
    expect(sim.allOrders().every((o) => o.status === 'filled')).toBe(true)
  })

  it('keeps an order whose replacement is in flight: the venue still answers the replace', () => {
    const outcome = (orderRetention: number) => {
      const config = flatConfig({
        cash: '10000000',
        limits: { maxOrderQty: '1000' },
        execution: { latencyMin: 100, latencyMax: 100 },
      })
      const sim = Simulation.create(unwrap(configureConfig(config)), { orderRetention })
      const request = orderRequest({ type: 'limit', limitPrice: '99.00', qty: '10' })
      const old = unwrap(sim.submitOrder(ACCOUNT, request)).order.id
      advance(sim, 200)
      const replacement = unwrap(sim.replaceOrder(ACCOUNT, old, { limitPrice: '98.50' })).id
      jump(sim, '98.00') // the old order fills while the replace is in flight
      // Closed at once (over maxOrderQty): enough to make the world forget.
      for (let i = 0; i < 12; i++) sim.submitOrder(ACCOUNT, orderRequest({ qty: '5000' }))
      advance(sim, 1_000)
      return { status: unwrap(sim.order(ACCOUNT, replacement)).status, ...sim.journalPosition() }
    }
    const forgetting = outcome(RETENTION)
    expect(forgetting.status).toBe('rejected')
    expect(forgetting).toEqual(outcome(1_000_000))
  })

  it('does not change the journal: same hash as a world that keeps everything', () => {
    const small = world(RETENTION)
    const large = world(1_000_000)
    trade(small, 60)
    trade(large, 60)
    expect(small.journalPosition()).toEqual(large.journalPosition())
    expect(small.allOrders().length).toBeLessThan(large.allOrders().length)
  })

  it('carries what it holds through a snapshot: restored and original go on alike', () => {
    const sim = world()
    trade(sim, 30)
    const snapshot = JSON.parse(JSON.stringify(sim.snapshot()))
    const restored = unwrap(Simulation.restore(snapshot, { orderRetention: RETENTION }))
    trade(sim, 30)
    trade(restored, 30)
    expect(restored.allOrders()).toEqual(sim.allOrders())
    expect(restored.journalPosition().hash).toBe(sim.journalPosition().hash)
  })
})
