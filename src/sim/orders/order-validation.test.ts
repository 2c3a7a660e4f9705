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

  const tp = (limitPrice: string) => ({ takeProfit: { limitPrice } })
  const sl = (stopPrice: string, limitPrice?: string) => ({
    stopLoss: { stopPrice, ...(limitPrice !== undefined && { limitPrice }) },
  })
  it.each([
    ['a bracket without a stop-loss', { orderClass: 'bracket', ...tp('110.00') }, 'stopLoss'],
    ['a bracket without a take-profit', { orderClass: 'bracket', ...sl('90.00') }, 'takeProfit'],
    [
      'an oco without a stop-loss',
      { orderClass: 'oco', type: 'limit', ...tp('110.00') },
      'stopLoss',
    ],
    ['an oto with both exits', { orderClass: 'oto', ...tp('110.00'), ...sl('90.00') }, 'stopLoss'],
    ['an oto with no exit', { orderClass: 'oto' }, 'takeProfit'],
    [
      'a buy bracket taking profit below its stop',
      { orderClass: 'bracket', ...tp('90.00'), ...sl('95.00') },
      'takeProfit.limitPrice',
    ],
    [
      'a sell bracket taking profit above its stop',
      { orderClass: 'bracket', side: 'sell', ...tp('110.00'), ...sl('105.00') },
      'takeProfit.limitPrice',
    ],
    [
      'a stop-limit stop-loss with its limit above the stop of a sell exit',
      { orderClass: 'bracket', ...tp('110.00'), ...sl('90.00', '91.00') },
      'stopLoss.limitPrice',
    ],
    [
      'a limit entry above its take-profit',
      {
        orderClass: 'bracket',
        type: 'limit',
        limitPrice: '111.00',
        ...tp('110.00'),
        ...sl('90.00'),
      },
      'takeProfit.limitPrice',
    ],
    [
      'a limit entry below its stop-loss',
      { orderClass: 'oto', type: 'limit', limitPrice: '89.00', ...sl('90.00') },
      'stopLoss.stopPrice',
    ],
    [
      'an exit price off the tick grid',
      { orderClass: 'bracket', ...tp('110.005'), ...sl('90.00') },
      'takeProfit.limitPrice',
    ],
    ['a non-positive stop', { orderClass: 'oto', ...sl('0') }, 'stopLoss.stopPrice'],
    [
      'an oco that is not a limit order',
      { orderClass: 'oco', ...tp('110.00'), ...sl('90.00') },
      'type',
    ],
    [
      'an oco whose limitPrice differs from its take-profit',
      { orderClass: 'oco', type: 'limit', limitPrice: '109.00', ...tp('110.00'), ...sl('90.00') },
      'limitPrice',
    ],
  ] as const)('refuses %s', (_, overrides, field) => {
    expect(expectNothingCreated(overrides as Partial<OrderRequest>).details.field).toBe(field)
  })

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
