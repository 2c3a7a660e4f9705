/**
 * Commission per fill: `perShare * qty + bps * notional / 10000` at the rates of the fill's
 * liquidity (`maker` or `taker`, each resolved from the base rates where not configured), with
 * the order's `minimum` applied to the order's total. The total after each fill is
 * `max(minimum, sum of raw charges)`, and a fill pays the difference to the total before it, so
 * the first fill carries any top-up, whatever its liquidity (CONTRACT.md section 3,
 * executionConfig.commission). Exact: no rounding anywhere.
 */
import { Decimal } from '../decimal.js'
import type { Liquidity } from './order-vocabulary.js'

export interface CommissionRates {
  perShare: Decimal
  bps: Decimal
}

export interface CommissionSchedule {
  maker: CommissionRates
  taker: CommissionRates
  /** Per order, across its maker and taker fills alike. */
  minimum: Decimal
}

export interface CommissionCharge {
  /** What this fill pays. */
  commission: Decimal
  /** The order's raw charges and total charged after this fill. */
  rawTotal: Decimal
  chargedTotal: Decimal
}

export function chargeFill(
  schedule: CommissionSchedule,
  liquidity: Liquidity,
  qty: Decimal,
  price: Decimal,
  rawBefore: Decimal,
  chargedBefore: Decimal,
): CommissionCharge {
  const rates = schedule[liquidity]
  const raw = rates.perShare.mul(qty).add(qty.mul(price).mulBps(rates.bps))
  const rawTotal = rawBefore.add(raw)
  const chargedTotal = Decimal.max(schedule.minimum, rawTotal)
  return { commission: chargedTotal.sub(chargedBefore), rawTotal, chargedTotal }
}
