/**
 * A well-formed request that describes no valid order is refused with `invalid_order` (or
 * `unknown_symbol`) and creates nothing: no order, no event.
 */
import { describe, expect, it } from 'vitest'
import { ACCOUNT, flatWorld, orderRequest, refusal } from '../../../test/support/sim-world.js'
import type { OrderRequest } from '../index.js'

function expectNothingCreated(overrides: Partial<OrderRequest>, code = 'invalid_order') {
  const sim = flatWorld({
    symbols: [
      { symbol: 'TEST', price: '100.00' },
      { symbol: 'LOTS', price: '10.00', lotSize: '100', tickSize: '0.05' },
    ],
  })
  const error = refusal(sim.submitOrder(ACCOUNT, orderRequest(overrides)))
  expect(error.code).toBe(code)
  expect(sim.allOrders()).toEqual([])
  expect(sim.journalPosition().seq).toBe(0)
  return error
}

describe('order validation', () => {
  it.each(['0', '-10', '1.5'])('refuses qty %s', (qty) => {
    expect(expectNothingCreated({ qty }).details.field).toBe('qty')
  })

  it('refuses a qty off the lot grid', () => {
    const error = expectNothingCreated({ symbol: 'LOTS', qty: '150' })
    expect(error.message).toContain('lot size 100')
  })

  it.each([
    ['limit', {}, 'limitPrice'],
    ['stop_limit', { stopPrice: '101.00' }, 'limitPrice'],
    ['stop', {}, 'stopPrice'],
    ['stop_limit', { limitPrice: '101.00' }, 'stopPrice'],
  ] as const)('refuses a %s order without its price (%j)', (type, prices, field) => {
    expect(expectNothingCreated({ type, ...prices }).details.field).toBe(field)
  })

  it.each([
    ['market', { limitPrice: '100.00' }, 'limitPrice'],
    ['market', { stopPrice: '100.00' }, 'stopPrice'],
    ['limit', { limitPrice: '100.00', stopPrice: '99.00' }, 'stopPrice'],
    ['trailing_stop', { trailPrice: '1.00', stopPrice: '99.00' }, 'stopPrice'],
    ['limit', { limitPrice: '100.00', trailPrice: '1.00' }, 'trailPrice'],
  ] as const)('refuses a %s order with a price it does not take (%j)', (type, prices, field) => {
    expect(expectNothingCreated({ type, ...prices }).details.field).toBe(field)
  })

  it.each(['100.001', '0', '-1.00'])('refuses the limit price %s', (limitPrice) => {
    expectNothingCreated({ type: 'limit', limitPrice })
  })

  it('refuses a price off a coarser tick grid', () => {
    const error = expectNothingCreated({
      symbol: 'LOTS',
      qty: '100',
      type: 'limit',
      limitPrice: '10.02',
    })
    expect(error.message).toContain('tick size 0.05')
  })

  it.each([{}, { trailPrice: '1.00', trailPercent: '1' }, { trailPrice: '0' }])(
    'refuses a trailing_stop without exactly one positive trail (%j)',
    (trail) => {
      expectNothingCreated({ type: 'trailing_stop', ...trail })
    },
  )

  it.each(['bracket', 'oco', 'oto'] as const)(
    'refuses the %s order class for now',
    (orderClass) => {
      expect(expectNothingCreated({ orderClass }).details.field).toBe('orderClass')
    },
  )

  it('refuses takeProfit and stopLoss on a simple order', () => {
    expectNothingCreated({ takeProfit: { limitPrice: '110.00' } })
    expectNothingCreated({ stopLoss: { stopPrice: '90.00' } })
  })

  it('refuses an unknown symbol with unknown_symbol', () => {
    expectNothingCreated({ symbol: 'NOPE' }, 'unknown_symbol')
  })

  it('refuses an unknown account with not_found', () => {
    const sim = flatWorld()
    expect(refusal(sim.submitOrder('NOBODY', orderRequest())).code).toBe('not_found')
    expect(sim.allOrders()).toEqual([])
  })
})
