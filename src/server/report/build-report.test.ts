/**
 * The JSON report of a scripted session in a flat world (TEST at 100.00 / 100.01, venue latency
 * fixed at 5 ms, 0.01 per share commission), where every count, latency and amount is known.
 */
import { describe, expect, it } from 'vitest'
import { Report } from '../../api/schemas/report.js'
import type { Simulation } from '../../sim/index.js'
import {
  advance,
  flatConfig,
  flatWorld,
  jump,
  orderRequest,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import { BrokerRuntime } from '../broker-runtime.js'
import { buildReport, summarizeFaults } from './build-report.js'

const EXECUTION = { latencyMin: 5, latencyMax: 5, commission: { perShare: '0.01' } }

/**
 * Buys 10 at market (fills at 100.01 after 5 ms), then a sell limit 4 @ 101 (fills at 102 after
 * the jump, 10 ms after it was sent), a buy limit 5 @ 95 that rests, and a sell of 100 that the
 * risk check rejects; the mid jumps to 102, then one second passes.
 */
function session(sim: Simulation = flatWorld({ execution: EXECUTION })): Simulation {
  submit(sim, { qty: '10' })
  advance(sim, 5)
  submit(sim, { side: 'sell', qty: '4', type: 'limit', limitPrice: '101' })
  submit(sim, { side: 'buy', qty: '5', type: 'limit', limitPrice: '95' })
  expect(sim.submitOrder('DEMO', orderRequest({ side: 'sell', qty: '100' })).ok).toBe(false)
  advance(sim, 10)
  jump(sim, '102')
  advance(sim, 1000)
  return sim
}

describe('buildReport', () => {
  it('matches the Report schema', () => {
    const report = buildReport(session())
    expect(Report.safeParse(report).error).toBeUndefined()
  })

  it('names the seed and the virtual time span of the timeline', () => {
    const { seed, scenario, timeline } = buildReport(session())
    expect({ seed, scenario }).toEqual({ seed: 7, scenario: null })
    expect(timeline).toMatchObject({
      epoch: 1,
      firstRetainedSeq: 1,
      complete: true,
      start: '2026-01-05T14:30:00.000Z',
      end: '2026-01-05T14:30:01.015Z',
      durationMs: 1015,
    })
  })

  it('counts orders by outcome, type and side', () => {
    const { orders } = buildReport(session())
    expect(orders.total).toBe(4)
    expect(orders.byOutcome).toEqual({
      filled: 2,
      partially_filled: 0,
      canceled: 0,
      rejected: 1,
      expired: 0,
      replaced: 0,
      open: 1,
    })
    expect(orders.byType).toMatchObject({ market: 2, limit: 2, stop: 0 })
    expect(orders.bySide).toEqual({ buy: 2, sell: 2 })
    expect(orders.list.map((o) => o.status)).toEqual(['filled', 'filled', 'new', 'rejected'])
    expect(orders.omitted).toBe(0)
  })

  it('tells an order that ended partly filled from one that ended empty', () => {
    const sim = flatWorld({ execution: EXECUTION, market: { liquidity: 100 } })
    submit(sim, { side: 'buy', qty: '500', type: 'limit', limitPrice: '100.01' })
    advance(sim, 5)
    submit(sim, { side: 'buy', qty: '10', type: 'limit', limitPrice: '90' })
    advance(sim, 5)
    for (const order of sim.allOrders()) unwrap(sim.cancelOrder('DEMO', order.id))
    advance(sim, 5)
    const { byOutcome } = buildReport(sim).orders
    expect(byOutcome).toMatchObject({ partially_filled: 1, canceled: 1, open: 0 })
  })

  it('sums fills, and groups rejections by the code of their reason', () => {
    const { fills, rejections } = buildReport(session())
    expect(fills).toMatchObject({
      count: 2,
      volume: '14',
      notional: '1408.1', // 10 × 100.01 + 4 × 102
      commissions: '0.14',
      bySymbol: [{ symbol: 'TEST', count: 2, volume: '14', notional: '1408.1' }],
    })
    expect(fills.list.map((f) => [f.side, f.qty, f.price])).toEqual([
      ['buy', '10', '100.01'],
      ['sell', '4', '102'],
    ])
    expect(rejections.total).toBe(1)
    expect(rejections.byReason).toEqual([
      {
        reason: 'insufficient_position',
        count: 1,
        example: expect.stringMatching(/^insufficient_position: /),
      },
    ])
  })

  it('measures ack and fill latency in virtual ms from when an order was sent', () => {
    const { latency } = buildReport(session())
    // Acks: three orders at 5 ms each (the rejected one never reached the venue).
    expect(latency.ack).toEqual({ count: 3, p50: 5, p90: 5, p99: 5, max: 5 })
    // The market buy filled on its ack (5 ms); the sell limit when the price jumped (10 ms).
    expect(latency.firstFill).toEqual({ count: 2, p50: 5, p90: 10, p99: 10, max: 10 })
    expect(latency.filled).toEqual({ count: 2, p50: 5, p90: 10, p99: 10, max: 10 })
  })

  it('measures a bracket exit from its release, not from its creation', () => {
    const sim = flatWorld({ execution: EXECUTION })
    advance(sim, 1)
    submit(sim, {
      orderClass: 'bracket',
      type: 'market',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '90' },
    })
    advance(sim, 100)
    const { latency, checks } = buildReport(sim)
    // Entry and its two exits: each acknowledged 5 ms after it went to the venue.
    expect(latency.ack).toEqual({ count: 3, p50: 5, p90: 5, p99: 5, max: 5 })
    expect(checks.find((c) => c.name.startsWith('every order is acknowledged'))?.status).toBe(
      'passed',
    )
  })

  it('reports P&L per account against its starting equity', () => {
    const [account] = buildReport(session()).accounts
    // Cash: 100000 − 1000.1 + 408 − 0.14; 6 left at the 102 mid.
    expect(account).toEqual({
      accountId: 'DEMO',
      currency: 'USD',
      startingCash: '100000',
      startingEquity: '100000',
      cash: '99407.76',
      marketValue: '612',
      equity: '100019.76',
      realizedPnl: '7.96',
      unrealizedPnl: '11.94',
      commissionsPaid: '0.14',
      netPnl: '19.76',
    })
  })

  it('values starting positions at their entry price in the starting equity', () => {
    const sim = flatWorld({
      accounts: [
        {
          id: 'DESK',
          cash: '5000',
          positions: [{ symbol: 'TEST', qty: '10', avgEntryPrice: '90' }],
        },
      ],
    })
    const [account] = buildReport(sim).accounts
    expect(account).toMatchObject({ startingCash: '5000', startingEquity: '5900', netPnl: '100' })
  })

  it('draws each symbol from its quote events', () => {
    const [series] = buildReport(session()).prices
    expect(series?.symbol).toBe('TEST')
    expect(series?.quotes).toBe(2)
    expect(series?.points).toEqual([
      { time: '2026-01-05T14:30:00.015Z', bid: '102', ask: '102.01', last: '102' },
      { time: '2026-01-05T14:30:01.000Z', bid: '102', ask: '102.01', last: '102' },
    ])
  })

  it('passes every built-in check on a consistent world', () => {
    const { checks } = buildReport(session())
    expect(checks.map((c) => [c.accountId, c.status])).toEqual([
      [null, 'passed'],
      [null, 'passed'],
      [null, 'passed'],
      [null, 'passed'],
      ...Array.from({ length: 5 }, () => ['DEMO', 'passed']),
    ])
  })

  it('says the journal is incomplete once it has forgotten the first events', () => {
    const runtime = BrokerRuntime.boot(
      { ...flatConfig({ execution: EXECUTION }), marketConfig: { volatility: 1 } },
      { journalRetention: 50 },
    )
    session(runtime.sim)
    advance(runtime.sim, 60_000)
    const report = buildReport(runtime.sim)
    expect(report.timeline.complete).toBe(false)
    expect(report.timeline.firstRetainedSeq).toBeGreaterThan(1)
    expect(report.timeline.firstRetainedSeq).toBe(runtime.sim.firstRetainedSeq())
    // The state still holds every order and fill, so only the journal check fails.
    expect(report.orders.total).toBe(4)
    expect(report.fills.count).toBeGreaterThanOrEqual(2)
    expect(report.prices[0]?.quotes).toBeLessThanOrEqual(63)
    const failed = report.checks.filter((c) => c.status !== 'passed')
    expect(failed.map((c) => c.name)).toEqual(['journal holds the whole timeline'])
    expect(failed[0]?.message).toMatch(/--journal-retention/)
  })

  it('lists the verifications it is given', () => {
    const verification = {
      id: 'ver-000001',
      name: 'order filled',
      suite: null,
      ok: false,
      message: 'it was not',
      details: null,
      time: '2026-01-05T14:30:00.000Z',
      seq: 3,
    }
    const report = buildReport(session(), { verifications: [verification], dropped: 2 })
    expect(report.verifications).toEqual({
      total: 1,
      failed: 1,
      dropped: 2,
      list: [verification],
    })
  })

  it('is the same for the same calls', () => {
    expect(buildReport(session())).toEqual(buildReport(session()))
  })
})

describe('summarizeFaults', () => {
  it('counts fault.applied events by kind, operation and rule', () => {
    const sim = flatWorld()
    unwrap(
      sim.addFaultRule({
        match: { operation: 'submitOrder' },
        effect: { kind: 'error', status: 503 },
      }),
    )
    unwrap(
      sim.addFaultRule({ match: { operation: 'getAccount' }, effect: { kind: 'latency', ms: 5 } }),
    )
    const call = {
      method: 'GET',
      path: '/v1/accounts/DEMO',
      requestId: null,
      accountId: 'DEMO',
      symbol: null,
      side: null,
      clientOrderId: null,
    } as const
    sim.decideFault({ ...call, operation: 'submitOrder', method: 'POST' }, 0)
    sim.decideFault({ ...call, operation: 'submitOrder', method: 'POST' }, 0)
    sim.decideFault({ ...call, operation: 'getAccount' }, 0)
    sim.decideFault({ ...call, operation: 'getQuotes' }, 0)
    expect(summarizeFaults(sim.events(0, 1000))).toEqual({
      total: 3,
      byKind: { error: 2, latency: 1 },
      byOperation: { getAccount: 1, submitOrder: 2 },
      byRule: [
        { ruleId: 'flt-000001', kind: 'error', count: 2 },
        { ruleId: 'flt-000002', kind: 'latency', count: 1 },
      ],
    })
  })
})
