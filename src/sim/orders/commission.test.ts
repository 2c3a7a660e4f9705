/**
 * chargeFill: each fill pays the rates of its liquidity, and the order's minimum applies to the
 * order's total across maker and taker fills alike, the first fill carrying any top-up. Exact to
 * the last digit.
 */
import { describe, expect, it } from 'vitest'
import { Decimal } from '../decimal.js'
import { chargeFill, type CommissionSchedule } from './commission.js'

const d = Decimal.parse

const SCHEDULE: CommissionSchedule = {
  maker: { perShare: d('0.001'), bps: d('0.5') },
  taker: { perShare: d('0.0035'), bps: d('2.5') },
  minimum: d('1'),
}

describe('chargeFill', () => {
  it('charges a taker fill at the taker rates', () => {
    // 0.0035 × 1000 + 1000 × 100.01 × 2.5 / 10000 = 3.5 + 25.0025
    const charge = chargeFill(SCHEDULE, 'taker', d('1000'), d('100.01'), d('0'), d('0'))
    expect(charge.commission.toString()).toBe('28.5025')
    expect(charge.rawTotal.toString()).toBe('28.5025')
    expect(charge.chargedTotal.toString()).toBe('28.5025')
  })

  it('charges the same fill as a maker at the maker rates', () => {
    // 0.001 × 1000 + 1000 × 100.01 × 0.5 / 10000 = 1 + 5.0005
    const charge = chargeFill(SCHEDULE, 'maker', d('1000'), d('100.01'), d('0'), d('0'))
    expect(charge.commission.toString()).toBe('6.0005')
  })

  it('tops a small first fill up to the minimum, whatever its liquidity', () => {
    // maker: 0.001 × 10 + 10 × 99.41 × 0.5 / 10000 = 0.01 + 0.049705 = 0.059705
    const maker = chargeFill(SCHEDULE, 'maker', d('10'), d('99.41'), d('0'), d('0'))
    expect(maker.commission.toString()).toBe('1')
    expect(maker.rawTotal.toString()).toBe('0.059705')
    // taker: 0.0035 × 10 + 10 × 99.41 × 2.5 / 10000 = 0.035 + 0.248525 = 0.283525
    const taker = chargeFill(SCHEDULE, 'taker', d('10'), d('99.41'), d('0'), d('0'))
    expect(taker.commission.toString()).toBe('1')
    expect(taker.rawTotal.toString()).toBe('0.283525')
  })

  it('charges later fills only what the order total exceeds the minimum by, across liquidities', () => {
    // First a maker fill: raw 0.059705, charged the minimum 1.
    const first = chargeFill(SCHEDULE, 'maker', d('10'), d('99.41'), d('0'), d('0'))
    // Then a taker fill of 300 at 99.45: 1.05 + 7.45875 = 8.50875; raw total 8.568455.
    const second = chargeFill(
      SCHEDULE,
      'taker',
      d('300'),
      d('99.45'),
      first.rawTotal,
      first.chargedTotal,
    )
    expect(second.rawTotal.toString()).toBe('8.568455')
    expect(second.chargedTotal.toString()).toBe('8.568455')
    expect(second.commission.toString()).toBe('7.568455')
    // The same two fills both as taker would have cost more: 0.283525 + 8.50875.
    const allTaker = chargeFill(SCHEDULE, 'taker', d('300'), d('99.45'), d('0.283525'), d('1'))
    expect(allTaker.chargedTotal.toString()).toBe('8.792275')
  })

  it('charges nothing with zero rates and no minimum', () => {
    const zero = { perShare: d('0'), bps: d('0') }
    const free: CommissionSchedule = { maker: zero, taker: zero, minimum: d('0') }
    for (const liquidity of ['maker', 'taker'] as const) {
      const charge = chargeFill(free, liquidity, d('50'), d('12.34'), d('0'), d('0'))
      expect(charge.commission.toString()).toBe('0')
    }
  })
})
