/**
 * Pre-trade risk: each refusal answers its code, records the order as `rejected` with a
 * `rejectReason` of `<code>: <message>`, and hands that order back in `details.order`.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  flatWorld,
  jump,
  orderRequest,
  statusesOf,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import type { OrderRequest, Simulation } from '../index.js'

/** Submits a request the risk checks must refuse with `code`; answers the refusal. */
function expectRejected(sim: Simulation, overrides: Partial<OrderRequest>, code: string) {
  const result = sim.submitOrder(ACCOUNT, orderRequest(overrides))
  if (result.ok) throw new Error(`expected ${code}, the order was accepted`)
  const { error } = result
  expect(error.code).toBe(code)
  const order = error.details.order as { id: string; status: string; rejectReason: string }
  expect(order.status).toBe('rejected')
  expect(order.rejectReason).toBe(`${code}: ${error.message}`)
  expect(unwrap(sim.order(ACCOUNT, order.id)).status).toBe('rejected')
  expect(statusesOf(sim, order.id)).toEqual(['rejected'])
  return error
}

const buyingPower = (sim: Simulation) => unwrap(sim.account(ACCOUNT)).buyingPower

describe('risk checks', () => {
  it('refuse orders in a halted symbol with market_halted until it resumes', () => {
    const sim = flatWorld()
    unwrap(sim.injectMarketEvent({ kind: 'halt', symbol: 'TEST' }))
    expectRejected(sim, { type: 'market' }, 'market_halted')
    unwrap(sim.injectMarketEvent({ kind: 'resume', symbol: 'TEST' }))
    expect(unwrap(sim.submitOrder(ACCOUNT, orderRequest())).order.status).toBe('pending_new')
  })

  it('refuse a quantity over maxOrderQty, naming the limit', () => {
    const sim = flatWorld({ limits: { maxOrderQty: '100' } })
    const error = expectRejected(sim, { qty: '101' }, 'risk_limit_exceeded')
    expect(error.message).toContain('maxOrderQty')
    expect(error.details).toMatchObject({ limit: 'maxOrderQty', value: '101', max: '100' })
    submit(sim, { qty: '100' })
  })

  it('refuse a notional over maxOrderNotional, priced at the limit or else the touch', () => {
    const sim = flatWorld({ limits: { maxOrderNotional: '1000' } })
    const limit = expectRejected(
      sim,
      { type: 'limit', limitPrice: '100.01', qty: '10' },
      'risk_limit_exceeded',
    )
    expect(limit.details).toMatchObject({ limit: 'maxOrderNotional', value: '1000.1' })
    const market = expectRejected(sim, { type: 'market', qty: '10' }, 'risk_limit_exceeded')
    expect(market.message).toContain('maxOrderNotional')
    submit(sim, { type: 'limit', limitPrice: '100.00', qty: '10' })
  })

  it('refuse a position over maxPosition, counting open orders on the same side', () => {
    const sim = flatWorld({ limits: { maxPosition: '100' } })
    submit(sim, { qty: '50' })
    submit(sim, { type: 'limit', limitPrice: '90.00', qty: '40' })
    const error = expectRejected(sim, { qty: '20' }, 'risk_limit_exceeded')
    expect(error.message).toContain('maxPosition')
    expect(error.details).toMatchObject({ limit: 'maxPosition', value: '110' })
    submit(sim, { qty: '10' })
  })

  it('refuse opening orders once the day lost dailyLossLimit, but let positions shrink', () => {
    const sim = flatWorld({ limits: { dailyLossLimit: '1000' } })
    submit(sim, { qty: '100' }) // 100 at 100.01
    jump(sim, '90.00') // marked at 90: equity down 1001
    const error = expectRejected(sim, { qty: '1' }, 'risk_limit_exceeded')
    expect(error.message).toContain('dailyLossLimit')
    expect(error.details).toMatchObject({ limit: 'dailyLossLimit', value: '1001' })
    submit(sim, { side: 'sell', qty: '50' })
  })

  it('start a new trading day at 00:00 UTC in a 24x7 market, lifting dailyLossLimit', () => {
    const sim = flatWorld({
      clockStart: '2026-01-05T23:59:00.000Z',
      limits: { dailyLossLimit: '1000' },
    })
    submit(sim, { qty: '100' })
    jump(sim, '90.00')
    expectRejected(sim, { qty: '1' }, 'risk_limit_exceeded')
    advance(sim, 60_000)
    submit(sim, { qty: '1' })
  })

  it('refuse selling what is not held with insufficient_position when shorting is off', () => {
    const sim = flatWorld()
    expectRejected(sim, { side: 'sell', qty: '1' }, 'insufficient_position')
    submit(sim, { qty: '10' })
    const error = expectRejected(sim, { side: 'sell', qty: '11' }, 'insufficient_position')
    expect(error.details).toMatchObject({ requested: '11', available: '10' })
    submit(sim, { side: 'sell', qty: '10' })
  })

  it('count other open sells against the position', () => {
    const sim = flatWorld()
    submit(sim, { qty: '10' })
    submit(sim, { side: 'sell', type: 'limit', limitPrice: '110.00', qty: '6' })
    const error = expectRejected(sim, { side: 'sell', qty: '5' }, 'insufficient_position')
    expect(error.details).toMatchObject({ available: '4' })
    submit(sim, { side: 'sell', qty: '4' })
  })

  it('let a short seller sell what is not held', () => {
    const sim = flatWorld({ allowShort: true })
    submit(sim, { side: 'sell', qty: '10' })
    expect(unwrap(sim.positions(ACCOUNT)).map((p) => [p.qty, p.side])).toEqual([['-10', 'short']])
  })
})

describe('buying power', () => {
  it('is cash times leverage for a flat account', () => {
    expect(buyingPower(flatWorld({ cash: '1000' }))).toBe('1000')
    expect(buyingPower(flatWorld({ cash: '1000', leverage: 2 }))).toBe('2000')
  })

  it('refuses an order that needs more with insufficient_buying_power, and allows exactly all', () => {
    const sim = flatWorld({ cash: '1000' })
    const error = expectRejected(
      sim,
      { type: 'limit', limitPrice: '100.01', qty: '10' },
      'insufficient_buying_power',
    )
    expect(error.details).toMatchObject({ required: '1000.1', available: '1000' })
    submit(sim, { type: 'limit', limitPrice: '100.00', qty: '10' }) // rests below the ask, holding 1000
    expect(buyingPower(sim)).toBe('0')
  })

  it('is held by open orders and released when they are canceled', () => {
    const sim = flatWorld({ cash: '1000', execution: { latencyMin: 10, latencyMax: 10 } })
    const order = submit(sim, { type: 'limit', limitPrice: '90.00', qty: '10' })
    expect(buyingPower(sim)).toBe('100')
    expectRejected(
      sim,
      { type: 'limit', limitPrice: '90.00', qty: '2' },
      'insufficient_buying_power',
    )
    unwrap(sim.cancelOrder(ACCOUNT, order.id))
    expect(buyingPower(sim)).toBe('100') // still held while the cancel is in flight
    advance(sim, 10)
    expect(buyingPower(sim)).toBe('1000')
    submit(sim, { type: 'limit', limitPrice: '90.00', qty: '11' })
  })

  it('is equity times leverage less gross exposure with a position', () => {
    const sim = flatWorld({ cash: '10000', leverage: 2 })
    submit(sim, { qty: '50' }) // 50 at 100.01: cash 4999.5, marked at 100
    const account = unwrap(sim.account(ACCOUNT))
    expect(account).toMatchObject({ cash: '4999.5', marketValue: '5000', equity: '9999.5' })
    expect(account.buyingPower).toBe('14999') // 9999.5 x 2 - 5000
  })

  it('does not grow with the proceeds of a short sale', () => {
    const sim = flatWorld({ cash: '10000', allowShort: true })
    submit(sim, { side: 'sell', qty: '10' }) // 10 at 100: cash 11000, marked at 100
    const account = unwrap(sim.account(ACCOUNT))
    expect(account).toMatchObject({ cash: '11000', equity: '10000' })
    expect(account.buyingPower).toBe('9000')
  })

  it('is not needed by an order that only reduces a position', () => {
    const sim = flatWorld({ cash: '1000' })
    submit(sim, { type: 'limit', limitPrice: '100.01', qty: '9' })
    expect(Number(buyingPower(sim))).toBeLessThan(100)
    submit(sim, { side: 'sell', type: 'limit', limitPrice: '200.00', qty: '9' })
  })
})
