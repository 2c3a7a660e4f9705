/**
 * Commission per fill: `perShare * qty + bps * notional / 10000`, with the order's `minimum`
 * applied to the order's total. The total after each fill is `max(minimum, sum of raw charges)`,
 * and a fill pays the difference to the total before it, so the first fill carries any top-up
 * (CONTRACT.md section 3, executionConfig.commission). Exact: no rounding anywhere.
 */
import { Decimal } from '../decimal.js'

export interface CommissionSchedule {
  perShare: Decimal
  bps: Decimal
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
  qty: Decimal,
  price: Decimal,
  rawBefore: Decimal,
  chargedBefore: Decimal,
): CommissionCharge {
  const raw = schedule.perShare.mul(qty).add(qty.mul(price).mulBps(schedule.bps))
  const rawTotal = rawBefore.add(raw)
  const chargedTotal = Decimal.max(schedule.minimum, rawTotal)
  return { commission: chargedTotal.sub(chargedBefore), rawTotal, chargedTotal }
}
