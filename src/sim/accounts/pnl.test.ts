/**
 * Average-cost P&L, worked by hand on a flat market (bid = mid, ask = mid + 0.01) with commission
 * perShare 0.005 + 1 bps, minimum 1 per order. Exact decimals throughout: every amount below is
 * compared as a string.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  fillsOf,
  flatWorld,
  jump,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import { Decimal } from '../decimal.js'
import type { Simulation } from '../index.js'

const START_CASH = '100000'

function world(): Simulation {
  return flatWorld({
    allowShort: true,
    cash: START_CASH,
    execution: { commission: { perShare: '0.005', bps: '1', minimum: '1' } },
  })
}

const account = (sim: Simulation) => unwrap(sim.account(ACCOUNT))
const position = (sim: Simulation) => unwrap(sim.positions(ACCOUNT))[0]

/** cash − start + commissionsPaid = realizedPnl − Σ costBasis, exactly. */
function expectLedgerBalanced(sim: Simulation, startCash = START_CASH): void {
  const a = account(sim)
  const costBasis = Decimal.sum(
    unwrap(sim.positions(ACCOUNT)).map((p) => Decimal.parse(p.costBasis)),
  )
  const left = Decimal.parse(a.cash)
    .sub(Decimal.parse(startCash))
    .add(Decimal.parse(a.commissionsPaid))
  const right = Decimal.parse(a.realizedPnl).sub(costBasis)
  expect(left.toString()).toBe(right.toString())
}

describe('profit and loss', () => {
  it('books a long, a partial and a full close, a flip to short and a cover, to the cent', () => {
    const sim = world()

    submit(sim, { qty: '100' }) // at 100.01; commission 0.5 + 1.0001
    expect(account(sim)).toMatchObject({
      cash: '89997.4999',
      commissionsPaid: '1.5001',
      realizedPnl: '0',
      marketValue: '10000',
      unrealizedPnl: '-1',
      equity: '99997.4999',
    })
    expect(position(sim)).toMatchObject({
      qty: '100',
      side: 'long',
      avgEntryPrice: '100.01',
      costBasis: '10001',
    })
    expectLedgerBalanced(sim)

    jump(sim, '105.00')
    submit(sim, { side: 'sell', qty: '40' }) // at 105; raw commission 0.62, minimum 1
    expect(account(sim)).toMatchObject({
      cash: '94196.4999',
      realizedPnl: '199.6',
      commissionsPaid: '2.5001',
    })
    expect(position(sim)).toMatchObject({ qty: '60', costBasis: '6000.6', avgEntryPrice: '100.01' })
    expectLedgerBalanced(sim)

    submit(sim, { side: 'sell', qty: '60' }) // flat
    expect(unwrap(sim.positions(ACCOUNT))).toEqual([])
    expect(account(sim)).toMatchObject({
      cash: '100495.4999',
      realizedPnl: '499',
      commissionsPaid: '3.5001',
      marketValue: '0',
      unrealizedPnl: '0',
    })
    // Flat: cash = start + realizedPnl − commissionsPaid.
    const flat = account(sim)
    const expectedCash = Decimal.parse(START_CASH)
      .add(Decimal.parse(flat.realizedPnl))
      .sub(Decimal.parse(flat.commissionsPaid))
    expect(flat.cash).toBe(expectedCash.toString())

    jump(sim, '95.00')
    submit(sim, { qty: '50' }) // at 95.01
    jump(sim, '97.00')
    submit(sim, { side: 'sell', qty: '80' }) // at 97: closes 50 (+99.5), opens 30 short
    expect(position(sim)).toMatchObject({
      qty: '-30',
      side: 'short',
      avgEntryPrice: '97',
      costBasis: '-2910',
      marketValue: '-2910',
    })
    expect(account(sim)).toMatchObject({
      cash: '103502.8239',
      realizedPnl: '598.5',
      commissionsPaid: '5.6761',
    })
    expectLedgerBalanced(sim)

    jump(sim, '90.00')
    expect(position(sim)).toMatchObject({ unrealizedPnl: '210', marketValue: '-2700' })
    submit(sim, { qty: '30' }) // covers at 90.01: +209.7
    expect(unwrap(sim.positions(ACCOUNT))).toEqual([])
    expect(account(sim)).toMatchObject({
      cash: '100801.5239',
      realizedPnl: '808.2',
      commissionsPaid: '6.6761',
      equity: '100801.5239',
    })
    expectLedgerBalanced(sim)
  })

  it('journals a position that closes as one position.changed with qty 0', () => {
    const sim = world()
    submit(sim, { qty: '10' })
    submit(sim, { side: 'sell', qty: '10' })
    const changes = sim.events(0, 1000, { types: ['position.changed'] })
    const last = changes.at(-1)?.data.position as { qty: string; side: string; costBasis: string }
    expect(last).toMatchObject({ qty: '0', side: 'flat', costBasis: '0' })
  })

  it('closes a round trip with cash_end − cash_start = realizedPnl − commissions, exactly', () => {
    const sim = flatWorld({
      cash: '12345.67',
      execution: { commission: { perShare: '0.0035', bps: '0.7', minimum: '0.35' } },
    })
    submit(sim, { qty: '1' }) // 100.01
    jump(sim, '100.01')
    submit(sim, { qty: '2' }) // 100.02: cost basis 300.05 over 3 shares
    jump(sim, '101.37')
    submit(sim, { side: 'sell', qty: '1' }) // releases 300.05 / 3, rounded to 8 digits
    expectLedgerBalanced(sim, '12345.67')
    jump(sim, '99.99')
    submit(sim, { side: 'sell', qty: '2' })

    const a = account(sim)
    const cashDelta = Decimal.parse(a.cash).sub(Decimal.parse('12345.67'))
    const net = Decimal.parse(a.realizedPnl).sub(Decimal.parse(a.commissionsPaid))
    expect(cashDelta.toString()).toBe(net.toString())
    expect(a.realizedPnl).toBe('1.3') // 101.37 + 2 × 99.99 − 300.05
    expectLedgerBalanced(sim, '12345.67')
  })

  it('adds 0.1 and 0.2 of cash to exactly 0.3', () => {
    const sim = flatWorld({
      symbols: [{ symbol: 'TEST', price: '0.10' }],
      accounts: [
        {
          id: ACCOUNT,
          cash: '0',
          positions: [{ symbol: 'TEST', qty: '2', avgEntryPrice: '0.10' }],
        },
      ],
    })
    submit(sim, { side: 'sell', qty: '1' }) // at the bid 0.10
    jump(sim, '0.20')
    submit(sim, { side: 'sell', qty: '1' }) // at the bid 0.20
    expect(account(sim).cash).toBe('0.3')
  })

  it('adds commissions of 0.1 and 0.2 to exactly 0.3', () => {
    const sim = flatWorld({ execution: { commission: { perShare: '0.1' } } })
    submit(sim, { qty: '1' })
    submit(sim, { qty: '2' })
    expect(account(sim)).toMatchObject({
      commissionsPaid: '0.3',
      cash: '99699.67', // 100000 − 3 × 100.01 − 0.3
    })
  })
})

describe('commission', () => {
  it('charges perShare × qty + bps × notional / 10000 per fill', () => {
    const sim = flatWorld({ execution: { commission: { perShare: '0.01', bps: '2.5' } } })
    const order = submit(sim, { qty: '10' }) // 10 at 100.01: 0.1 + 1000.1 × 0.00025
    expect(fillsOf(sim, order.id).map((f) => f.commission)).toEqual(['0.350025'])
  })

  it('applies the minimum per order, the first fill carrying the top-up', () => {
    const sim = flatWorld({
      market: { liquidity: 20 },
      execution: { commission: { perShare: '0.01', minimum: '1' } },
    })
    const order = submit(sim, { qty: '150' })
    advance(sim, 20_000)
    const fills = fillsOf(sim, order.id)
    expect(fills.length).toBeGreaterThan(2)
    let raw = Decimal.ZERO
    let charged = Decimal.ZERO
    for (const fill of fills) {
      raw = raw.add(Decimal.parse('0.01').mul(Decimal.parse(fill.qty)))
      const total = Decimal.max(Decimal.parse('1'), raw)
      expect(fill.commission).toBe(total.sub(charged).toString())
      charged = total
    }
    expect(fills[0]?.commission).toBe('1')
    expect(account(sim).commissionsPaid).toBe('1.5') // 150 × 0.01, over the minimum
  })

  it('charges a small order the minimum once', () => {
    const sim = flatWorld({ execution: { commission: { perShare: '0.01', minimum: '1' } } })
    const order = submit(sim, { qty: '10' })
    expect(fillsOf(sim, order.id).map((f) => f.commission)).toEqual(['1'])
    expect(account(sim).commissionsPaid).toBe('1')
  })
})
