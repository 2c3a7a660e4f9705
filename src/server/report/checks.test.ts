/**
 * Each built-in check fails when the record it checks disagrees with the one it is checked
 * against: the input is a real world's views (`checkedWorld`) with one figure tampered with.
 */
import { describe, expect, it } from 'vitest'
import type { ReportCheck } from '../../api/schemas/report.js'
import { configureConfig, LIMITS, Simulation } from '../../sim/index.js'
import {
  advance,
  flatConfig,
  flatWorld,
  orderRequest,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import { checkedWorld } from './build-report.js'
import { latencyBoundMs, runChecks, type CheckedWorld } from './checks.js'

const EXECUTION = { latencyMin: 5, latencyMax: 5, commission: { perShare: '0.01' } }

/** A world with a filled market buy, a filled sell limit and a resting buy limit. */
function traded(): Simulation {
  const sim = flatWorld({ execution: EXECUTION })
  submit(sim, { qty: '10' })
  advance(sim, 5)
  submit(sim, { side: 'sell', qty: '4', type: 'limit', limitPrice: '100' })
  submit(sim, { side: 'buy', qty: '5', type: 'limit', limitPrice: '95' })
  advance(sim, 100)
  return sim
}

function check(world: CheckedWorld, name: string): ReportCheck {
  const found = runChecks(world).find((c) => c.name === name)
  if (!found) throw new Error(`no check named ${name}`)
  return found
}

/** A deep copy to tamper with. */
function world(): CheckedWorld {
  return structuredClone(checkedWorld(traded()))
}

describe('runChecks', () => {
  it('passes on a consistent world: four world checks, five per account', () => {
    const checks = runChecks(world())
    expect(checks).toHaveLength(9)
    expect(checks.filter((c) => c.status !== 'passed')).toEqual([])
    expect(checks.filter((c) => c.accountId === 'DEMO')).toHaveLength(5)
  })

  it('skips "journal holds the whole timeline" once events were forgotten, saying why', () => {
    const w = world()
    w.firstRetainedSeq = 40
    const result = check(w, 'journal holds the whole timeline')
    expect(result.status).toBe('skipped')
    expect(result.message).toMatch(/forgotten its first 39 events/)
  })

  it('skips the checks that add up all fills once closed orders were forgotten, saying why', () => {
    const sim = Simulation.create(unwrap(configureConfig(flatConfig({ execution: EXECUTION }))), {
      orderRetention: 4,
    })
    for (let i = 0; i < 12; i++) {
      submit(sim, { qty: '1', side: i % 2 === 0 ? 'buy' : 'sell' })
      advance(sim, 5)
    }
    const checks = runChecks(checkedWorld(sim))
    const skipped = checks.filter((c) => c.status === 'skipped').map((c) => c.name)
    expect(skipped).toEqual([
      'cash equals starting cash plus the fills, less commissions',
      'commissions paid equal the commissions of the fills',
      'positions equal the starting positions plus the fills',
    ])
    expect(checks.find((c) => c.status === 'skipped')?.message).toMatch(/--order-retention/)
    expect(checks.filter((c) => c.status === 'failed')).toEqual([])
  })

  it('fails when a fill is beyond its limit price', () => {
    const w = world()
    const sell = w.fills.find((f) => f.side === 'sell')!
    sell.price = '99.99' // The sell limit is 100.
    const result = check(w, 'every fill is within its order limit price')
    expect(result.status).toBe('failed')
    expect(result.message).toContain(`${sell.id}`)
    expect(result.message).toContain('below the limit 100')
  })

  it('fails when an order does not match its fills', () => {
    const w = world()
    w.orders[0]!.filledQty = '9'
    expect(check(w, 'every order matches its fills (quantity and average price)')).toMatchObject({
      status: 'failed',
      message: 'ord-000001 has filledQty 9, its fills add up to 10',
    })
    const v = world()
    v.orders[0]!.avgFillPrice = '100'
    expect(check(v, 'every order matches its fills (quantity and average price)').message).toBe(
      'ord-000001 has avgFillPrice 100, its fills average 100.01',
    )
  })

  it('fails when the account figures do not add up', () => {
    const w = world()
    w.accounts[0]!.view.equity = '1'
    expect(check(w, 'cash + market value equals equity').status).toBe('failed')
    expect(check(w, 'equity change equals realized + unrealized P&L − commissions').status).toBe(
      'failed',
    )
  })

  it('fails when the cash, commissions or positions disagree with the fills', () => {
    const w = world()
    w.accounts[0]!.fills.pop()
    expect(check(w, 'cash equals starting cash plus the fills, less commissions').status).toBe(
      'failed',
    )
    expect(check(w, 'commissions paid equal the commissions of the fills').status).toBe('failed')
    expect(check(w, 'positions equal the starting positions plus the fills')).toMatchObject({
      status: 'failed',
      message: 'TEST: position 6, the starting position and fills make 10',
    })
  })

  it('fails for an order left unacknowledged past the venue latency', () => {
    const w = world()
    const resting = w.orders.find((o) => o.status === 'new')!
    Object.assign(resting, { status: 'pending_new', acceptedAt: null })
    const result = check(w, 'every order is acknowledged within the venue latency')
    // Sent at 14:30:00.005, now 14:30:00.105: 100 ms against a bound of 5.
    expect(result).toMatchObject({
      status: 'failed',
      message: `${resting.id} has waited 100 ms in pending_new (bound 5 ms)`,
    })
    w.nowMs -= 95
    expect(check(w, 'every order is acknowledged within the venue latency').status).toBe('passed')
  })

  it('skips the acknowledgement check while a stuck rule holds orders, and passes once removed', () => {
    const sim = flatWorld({ execution: EXECUTION })
    const rule = unwrap(
      sim.addFaultRule({ match: { operation: 'submitOrder' }, effect: { kind: 'stuck' } }),
    )
    const decision = sim.decideFault(
      {
        operation: 'submitOrder',
        method: 'POST',
        path: '/v1/accounts/DEMO/orders',
        requestId: null,
        accountId: 'DEMO',
        symbol: 'TEST',
        side: 'buy',
        clientOrderId: null,
      },
      0,
    )
    expect(decision.fault?.effect.kind).toBe('stuck')
    unwrap(sim.submitOrder('DEMO', orderRequest({ qty: '1' }), { fault: decision.fault }))
    advance(sim, 1000)
    const held = check(checkedWorld(sim), 'every order is acknowledged within the venue latency')
    expect(held.status).toBe('skipped')
    expect(held.message).toMatch(
      /^stuck fault rule flt-000001 holds .*ord-000001 has waited 1000 ms/,
    )
    unwrap(sim.removeFaultRule(rule.id))
    expect(
      check(checkedWorld(sim), 'every order is acknowledged within the venue latency').status,
    ).toBe('passed')
  })

  it('lists five problems and counts the rest', () => {
    const w = world()
    w.firstRetainedSeq = 1
    for (const fill of w.fills) fill.commission = '1'
    w.accounts[0]!.fills = Array.from({ length: 8 }, (_, i) => ({
      ...w.fills[0]!,
      id: `fill-x${i}`,
      symbol: `S${i}`,
    }))
    const result = check(w, 'positions equal the starting positions plus the fills')
    expect(result.message?.split('; ')).toHaveLength(6)
    expect(result.message).toMatch(/; and \d+ more$/)
  })
})

describe('latencyBoundMs', () => {
  it('is the top of a bounded distribution, else the clamp of every sample', () => {
    expect(latencyBoundMs({ type: 'fixed', ms: 7 })).toBe(7)
    expect(latencyBoundMs({ type: 'uniform', min: 2, max: 40 })).toBe(40)
    expect(latencyBoundMs({ type: 'normal', mean: 10, stdDev: 2 })).toBe(LIMITS.delayMsMax)
    expect(latencyBoundMs({ type: 'lognormal', median: 10, sigma: 1 })).toBe(LIMITS.delayMsMax)
  })
})
