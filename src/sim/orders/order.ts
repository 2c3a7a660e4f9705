/**
 * An order as the core keeps it: exact decimals, virtual times in ms, and the execution state
 * the venue needs (trigger, trailing anchor, commission so far). `toOrderView` renders the wire
 * shape of CONTRACT.md section 1; it is also what order events carry in the journal.
 */
import { Decimal } from '../decimal.js'
import type { JsonObject } from '../journal/events.js'
import { LIMITS } from '../limits.js'
import { isoTime } from '../time/iso-time.js'
import { isTerminal } from './order-status.js'
import type { OrderClass, OrderStatus, OrderType, Side, TimeInForce } from './order-vocabulary.js'

export interface Order {
  readonly id: string
  /** Arrival number, for time priority among orders at the same price. */
  readonly seqNo: number
  readonly clientOrderId: string | null
  readonly accountId: string
  readonly symbol: string
  readonly side: Side
  /** Fixed from acceptance on; before that, a replacement's shrinks by what its old order filled. */
  qty: Decimal
  readonly type: OrderType
  readonly limitPrice: Decimal | null
  /** For trailing stops, the current stop level (moves with the anchor). */
  stopPrice: Decimal | null
  readonly trailPrice: Decimal | null
  readonly trailPercent: Decimal | null
  readonly timeInForce: TimeInForce
  readonly expireAtMs: number | null
  readonly strategyId: string | null
  readonly metadata: JsonObject
  readonly orderClass: OrderClass
  status: OrderStatus
  filledQty: Decimal
  filledNotional: Decimal
  rejectReason: string | null
  replacedBy: string | null
  readonly replaces: string | null
  readonly parentId: string | null
  /** The legs created with this order (bracket, oto, oco), in creation order. */
  readonly legs: string[]
  /** The exits of a bracket or oto and the order they wait for, or the whole oco. */
  readonly takeProfit: { limitPrice: Decimal } | null
  readonly stopLoss: { stopPrice: Decimal; limitPrice: Decimal | null } | null
  /**
   * A leg waiting for its parent to fill completely: not at the venue yet (`pending_new` without
   * an acknowledgement due), holding no buying power or position.
   */
  held: boolean
  /**
   * The one-cancels-other set this order belongs to (the two exits of a bracket, both orders of
   * an oco, and replacements of either): a fill of one reduces the others, so together they
   * never execute more than one of them could (contingent-orders.ts).
   */
  ocoGroup: string | null
  readonly createdAtMs: number
  updatedAtMs: number
  acceptedAtMs: number | null
  filledAtMs: number | null
  canceledAtMs: number | null
  expiredAtMs: number | null
  /**
   * The scheduler's handle of its expiry timer (day and gtd orders), cancelled when the order
   * closes first: a day's worth of filled orders no longer holds a day's worth of timers.
   * Absent (undefined) in orders of older snapshots.
   */
  expiryTimer?: number | null
  /** Stop and trailing-stop orders become marketable once the touch crosses the stop. */
  triggered: boolean
  /** Trailing stops: best price seen since acceptance (highest bid for sells, lowest ask for buys). */
  trailAnchor: Decimal | null
  /** Sum of the raw per-share and bps charges of the fills so far, before the minimum. */
  commissionRaw: Decimal
  /** Commission charged so far (the minimum's top-up rides on the first fill). */
  commission: Decimal
  /** Canonical encoding of the request, to tell an idempotent retry from a conflicting one. */
  readonly fingerprint: string
  /** When a `day` order expires: the close of the session it was placed for. */
  readonly dayCloseMs: number | null
  /** When the venue acknowledges the submission; a cancel never overtakes it. */
  ackDueMs: number | null
  /** Order effects of fault rules (execution/order-faults.ts). */
  faults: OrderFaults
}

/** What fault rules did to an order: plain data, so snapshots carry it. */
export interface OrderFaults {
  /** `reject`: the venue rejects it at its acknowledgement, with this reason. */
  reject: { ruleId: string; reason: string } | null
  /** `stuck` on its submission: not acknowledged while this rule exists. */
  stuckBy: string | null
  /** `stuck` on its cancel: the cancel does not land while this rule exists. */
  cancelStuckBy: string | null
  /** A cancel that came due while the order was stuck, to land when it is released. */
  cancelHeld: boolean
}

export function leavesQty(order: Order): Decimal {
  return isTerminal(order.status) ? Decimal.ZERO : order.qty.sub(order.filledQty)
}

export function avgFillPrice(order: Order): Decimal | null {
  if (order.filledQty.isZero()) return null
  return order.filledNotional.div(order.filledQty, LIMITS.priceScaleDigits)
}

/** Open means the order can still fill: not terminal. */
export function isOpen(order: Order): boolean {
  return !isTerminal(order.status)
}

const str = (value: Decimal | null): string | null => (value === null ? null : value.toString())
const time = (ms: number | null): string | null => (ms === null ? null : isoTime(ms))

/** The wire shape of an order (CONTRACT.md section 1). */
export type OrderView = {
  id: string
  clientOrderId: string | null
  accountId: string
  symbol: string
  side: Side
  qty: string
  type: OrderType
  limitPrice: string | null
  stopPrice: string | null
  trailPrice: string | null
  trailPercent: string | null
  timeInForce: TimeInForce
  expireAt: string | null
  strategyId: string | null
  metadata: JsonObject
  orderClass: OrderClass
  takeProfit: { limitPrice: string } | null
  stopLoss: { stopPrice: string; limitPrice: string | null } | null
  status: OrderStatus
  filledQty: string
  leavesQty: string
  avgFillPrice: string | null
  rejectReason: string | null
  replacedBy: string | null
  replaces: string | null
  parentId: string | null
  legs: string[]
  createdAt: string
  updatedAt: string
  acceptedAt: string | null
  filledAt: string | null
  canceledAt: string | null
  expiredAt: string | null
}

export function toOrderView(order: Order): OrderView {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    qty: order.qty.toString(),
    type: order.type,
    limitPrice: str(order.limitPrice),
    stopPrice: str(order.stopPrice),
    trailPrice: str(order.trailPrice),
    trailPercent: str(order.trailPercent),
    timeInForce: order.timeInForce,
    expireAt: time(order.expireAtMs),
    strategyId: order.strategyId,
    metadata: order.metadata,
    orderClass: order.orderClass,
    takeProfit: order.takeProfit && { limitPrice: order.takeProfit.limitPrice.toString() },
    stopLoss: order.stopLoss && {
      stopPrice: order.stopLoss.stopPrice.toString(),
      limitPrice: str(order.stopLoss.limitPrice),
    },
    status: order.status,
    filledQty: order.filledQty.toString(),
    leavesQty: leavesQty(order).toString(),
    avgFillPrice: str(avgFillPrice(order)),
    rejectReason: order.rejectReason,
    replacedBy: order.replacedBy,
    replaces: order.replaces,
    parentId: order.parentId,
    legs: [...order.legs],
    createdAt: isoTime(order.createdAtMs),
    updatedAt: isoTime(order.updatedAtMs),
    acceptedAt: time(order.acceptedAtMs),
    filledAt: time(order.filledAtMs),
    canceledAt: time(order.canceledAtMs),
    expiredAt: time(order.expiredAtMs),
  }
}
