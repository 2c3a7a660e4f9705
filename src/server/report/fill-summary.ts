/** Fills in the report: count, volume (shares), notional and commissions, overall and per symbol. */
import { REPORT_LIST_MAX } from '../../api/schemas/report.js'
import { Decimal, type FillView } from '../../sim/index.js'

export function summarizeFills(fills: readonly FillView[]) {
  const total = {
    count: 0,
    volume: Decimal.ZERO,
    notional: Decimal.ZERO,
    commissions: Decimal.ZERO,
  }
  const bySymbol = new Map<string, { count: number; volume: Decimal; notional: Decimal }>()
  for (const fill of fills) {
    const qty = Decimal.parse(fill.qty)
    const notional = qty.mul(Decimal.parse(fill.price))
    total.count++
    total.volume = total.volume.add(qty)
    total.notional = total.notional.add(notional)
    total.commissions = total.commissions.add(Decimal.parse(fill.commission))
    const entry = bySymbol.get(fill.symbol) ?? {
      count: 0,
      volume: Decimal.ZERO,
      notional: Decimal.ZERO,
    }
    entry.count++
    entry.volume = entry.volume.add(qty)
    entry.notional = entry.notional.add(notional)
    bySymbol.set(fill.symbol, entry)
  }
  const omitted = Math.max(0, fills.length - REPORT_LIST_MAX)
  return {
    count: total.count,
    volume: total.volume.toString(),
    notional: total.notional.toString(),
    commissions: total.commissions.toString(),
    bySymbol: [...bySymbol.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([symbol, entry]) => ({
        symbol,
        count: entry.count,
        volume: entry.volume.toString(),
        notional: entry.notional.toString(),
      })),
    list: fills.slice(omitted),
    omitted,
  }
}

/** Fills of every account in the order they happened (time, then id: ids count up). */
export function inTimeOrder(fills: readonly FillView[]): FillView[] {
  return [...fills].sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time) || compareCounterIds(a.id, b.id),
  )
}

/** `fill-000010` after `fill-000009`, and `fill-1000000` after `fill-999999`. */
function compareCounterIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}
