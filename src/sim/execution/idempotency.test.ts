/**
 * `clientOrderId` is an idempotency key per account: the same key with the same request answers
 * the original order (`replayed: true`) and changes nothing; with other parameters it is refused.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  flatWorld,
  orderNow,
  orderRequest,
  refusal,
  unwrap,
} from '../../../test/support/sim-world.js'

const request = orderRequest({
  clientOrderId: 'client-1',
  type: 'limit',
  limitPrice: '99.00',
  metadata: { strategy: 'mean-revert', tags: ['a', 'b'] },
})

describe('idempotent submission', () => {
  it('answers a retry with the original order, replayed, and changes nothing', () => {
    const sim = flatWorld()
    const first = unwrap(sim.submitOrder(ACCOUNT, request))
    expect(first.replayed).toBe(false)
    const position = sim.journalPosition()
    const retry = unwrap(sim.submitOrder(ACCOUNT, { ...request }))
    expect(retry.replayed).toBe(true)
    expect(retry.order).toEqual(orderNow(sim, first.order.id))
    expect(sim.journalPosition()).toEqual(position)
    expect(sim.allOrders()).toHaveLength(1)
  })

  it('answers the order as it is now, after it filled', () => {
    const sim = flatWorld()
    const first = unwrap(sim.submitOrder(ACCOUNT, { ...request, limitPrice: '100.01' }))
    const retry = unwrap(sim.submitOrder(ACCOUNT, { ...request, limitPrice: '100.01' }))
    expect(retry).toMatchObject({ replayed: true, order: { id: first.order.id, status: 'filled' } })
  })

  it('treats metadata with its keys in another order as the same request', () => {
    const sim = flatWorld()
    unwrap(sim.submitOrder(ACCOUNT, request))
    const reordered = { ...request, metadata: { tags: ['a', 'b'], strategy: 'mean-revert' } }
    expect(unwrap(sim.submitOrder(ACCOUNT, reordered)).replayed).toBe(true)
  })

  it('refuses the same key with other parameters as duplicate_client_order_id', () => {
    const sim = flatWorld()
    const first = unwrap(sim.submitOrder(ACCOUNT, request))
    const position = sim.journalPosition()
    for (const changed of [
      { qty: '11' },
      { limitPrice: '98.99' },
      { side: 'sell' as const },
      { timeInForce: 'day' as const },
      { metadata: { strategy: 'other' } },
    ]) {
      const error = refusal(sim.submitOrder(ACCOUNT, { ...request, ...changed }))
      expect(error.code, JSON.stringify(changed)).toBe('duplicate_client_order_id')
      expect(error.details).toMatchObject({ clientOrderId: 'client-1', orderId: first.order.id })
    }
    expect(sim.journalPosition()).toEqual(position)
    expect(sim.allOrders()).toHaveLength(1)
  })

  it('keeps keys apart per account', () => {
    const sim = flatWorld({
      accounts: [
        { id: 'A', cash: '100000' },
        { id: 'B', cash: '100000' },
      ],
    })
    const a = unwrap(sim.submitOrder('A', request))
    const b = unwrap(sim.submitOrder('B', request))
    expect(b.replayed).toBe(false)
    expect(b.order.id).not.toBe(a.order.id)
    expect(unwrap(sim.orderByClientOrderId('B', 'client-1')).id).toBe(b.order.id)
  })

  it('answers a retry of a risk-rejected order with the rejected order', () => {
    const sim = flatWorld({ cash: '100' })
    const error = refusal(sim.submitOrder(ACCOUNT, request))
    expect(error.code).toBe('insufficient_buying_power')
    const retry = unwrap(sim.submitOrder(ACCOUNT, request))
    expect(retry).toMatchObject({
      replayed: true,
      order: { id: error.details.order.id, status: 'rejected' },
    })
  })

  it('does not reserve a key for a request that was invalid', () => {
    const sim = flatWorld()
    expect(refusal(sim.submitOrder(ACCOUNT, { ...request, qty: '0' })).code).toBe('invalid_order')
    expect(unwrap(sim.submitOrder(ACCOUNT, request)).replayed).toBe(false)
  })

  it('reserves the key of a replacement like any order', () => {
    const sim = flatWorld()
    const first = unwrap(sim.submitOrder(ACCOUNT, request)).order
    const replacement = unwrap(
      sim.replaceOrder(ACCOUNT, first.id, { limitPrice: '98.00', clientOrderId: 'client-2' }),
    )
    expect(unwrap(sim.orderByClientOrderId(ACCOUNT, 'client-2')).id).toBe(replacement.id)
    const clash = refusal(sim.submitOrder(ACCOUNT, { ...request, clientOrderId: 'client-2' }))
    expect(clash.code).toBe('duplicate_client_order_id')
  })
})
