/**
 * Orders in the report: counts by outcome, type and side, rejections by reason, and the virtual
 * latencies from the venue's point of view. All of it from the order views of the current state:
 * every open order and the latest closed ones (`--order-retention`; the journal may have
 * forgotten early events too), so a long run's report covers its recent orders.
 */
import {
  REPORT_LIST_MAX,
  type LatencyStats,
  type OrderOutcome,
  type OrderOutcomes,
} from '../../api/schemas/report.js'
import { Decimal, type FillView, type OrderView } from '../../sim/index.js'
import { latencyStats } from './latency-stats.js'

/** How an order ended up; an order that ended with part of its quantity filled is `partially_filled`. */
export function orderOutcome(order: OrderView): OrderOutcome {
  switch (order.status) {
    case 'filled':
    case 'rejected':
      return order.status
    case 'canceled':
    case 'expired':
    case 'replaced':
      return Decimal.parse(order.filledQty).isZero() ? order.status : 'partially_filled'
    default:
      return 'open'
  }
}

export function summarizeOrders(orders: readonly OrderView[]) {
  const byOutcome: OrderOutcomes = {
    filled: 0,
    partially_filled: 0,
    canceled: 0,
    rejected: 0,
    expired: 0,
    replaced: 0,
    open: 0,
  }
  const byType = { market: 0, limit: 0, stop: 0, stop_limit: 0, trailing_stop: 0 }
  const bySide = { buy: 0, sell: 0 }
  for (const order of orders) {
    byOutcome[orderOutcome(order)]++
    byType[order.type]++
    bySide[order.side]++
  }
  const omitted = Math.max(0, orders.length - REPORT_LIST_MAX)
  return { total: orders.length, byOutcome, byType, bySide, list: orders.slice(omitted), omitted }
}

/** Rejected orders grouped by the code their `rejectReason` starts with, most frequent first. */
export function summarizeRejections(orders: readonly OrderView[]) {
  const byReason = new Map<string, { reason: string; count: number; example: string }>()
  let total = 0
  for (const order of orders) {
    if (order.status !== 'rejected') continue
    total++
    const text = order.rejectReason ?? 'unknown'
    const reason = /^[a-z_]+(?=:|$)/.exec(text)?.[0] ?? text
    const entry = byReason.get(reason)
    if (entry) entry.count++
    else byReason.set(reason, { reason, count: 1, example: text })
  }
  const list = [...byReason.values()].sort(
    (a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0),
  )
  return { total, byReason: list }
}

export interface OrderLatencies {
  ack: LatencyStats
  firstFill: LatencyStats
  filled: LatencyStats
}

/** Ack, first-fill and fill latencies, measured from when each order was sent to the venue. */
export function orderLatencies(
  orders: readonly OrderView[],
  fills: readonly FillView[],
): OrderLatencies {
  const byId = new Map(orders.map((order) => [order.id, order]))
  const firstFillMs = new Map<string, number>()
  for (const fill of fills) {
    const ms = Date.parse(fill.time)
    const seen = firstFillMs.get(fill.orderId)
    if (seen === undefined || ms < seen) firstFillMs.set(fill.orderId, ms)
  }
  const ack: number[] = []
  const firstFill: number[] = []
  const filled: number[] = []
  for (const order of orders) {
    const sentMs = sentToVenueMs(order, byId)
    if (sentMs === null) continue
    if (order.acceptedAt !== null) ack.push(Date.parse(order.acceptedAt) - sentMs)
    const first = firstFillMs.get(order.id)
    if (first !== undefined) firstFill.push(first - sentMs)
    if (order.status === 'filled' && order.filledAt !== null)
      filled.push(Date.parse(order.filledAt) - sentMs)
  }
  return {
    ack: latencyStats(ack),
    firstFill: latencyStats(firstFill),
    filled: latencyStats(filled),
  }
}

/**
 * When the order went to the venue: its creation, except that a bracket or oto exit waits for
 * its entry to fill completely (an oco's legs work at once). Null for an exit never released.
 */
export function sentToVenueMs(
  order: OrderView,
  byId: ReadonlyMap<string, OrderView>,
): number | null {
  const createdMs = Date.parse(order.createdAt)
  if (order.parentId === null) return createdMs
  const parent = byId.get(order.parentId)
  if (parent === undefined || parent.orderClass === 'oco') return createdMs
  if (parent.status !== 'filled' || parent.filledAt === null) return null
  return Math.max(createdMs, Date.parse(parent.filledAt))
}
