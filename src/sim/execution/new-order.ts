/** Builds an order from a validated request, through one constructor so every field is set. */
import { Decimal } from '../decimal.js'
import type { Order } from '../orders/order.js'
import type { OrderRequest } from '../orders/order-request.js'
import type { ValidExits } from '../orders/order-class-validation.js'
import type { ValidOrder } from '../orders/order-validation.js'
import type { OrderStatus } from '../orders/order-vocabulary.js'
import { canonicalJson } from '../journal/canonical-json.js'
import type { World } from '../world.js'

/** How a new order relates to others: the order it replaces, its parent, its oco set. */
export interface OrderLinks {
  replaces?: string
  parentId?: string
  held?: boolean
  ocoGroup?: string
}

export function newOrder(
  world: World,
  accountId: string,
  request: OrderRequest,
  valid: ValidOrder & Partial<ValidExits>,
  status: OrderStatus,
  links: OrderLinks = {},
): Order {
  const nowMs = world.nowMs
  // Before the id is taken, so a request that cannot be encoded never uses up an id.
  const fingerprint = canonicalJson(request)
  return {
    id: world.ids.next('ord'),
    seqNo: world.ordersRegistered + 1,
    clientOrderId: request.clientOrderId ?? null,
    accountId,
    symbol: request.symbol,
    side: request.side,
    qty: valid.qty,
    type: request.type,
    limitPrice: valid.limitPrice,
    stopPrice: valid.stopPrice,
    trailPrice: valid.trailPrice,
    trailPercent: valid.trailPercent,
    timeInForce: request.timeInForce,
    expireAtMs: valid.expireAtMs,
    strategyId: request.strategyId ?? null,
    metadata: request.metadata ?? {},
    orderClass: request.orderClass,
    status,
    filledQty: Decimal.ZERO,
    filledNotional: Decimal.ZERO,
    rejectReason: null,
    replacedBy: null,
    replaces: links.replaces ?? null,
    parentId: links.parentId ?? null,
    legs: [],
    takeProfit: valid.takeProfit ?? null,
    stopLoss: valid.stopLoss ?? null,
    held: links.held ?? false,
    ocoGroup: links.ocoGroup ?? null,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    acceptedAtMs: null,
    filledAtMs: null,
    canceledAtMs: null,
    expiredAtMs: null,
    triggered: false,
    trailAnchor: null,
    commissionRaw: Decimal.ZERO,
    commission: Decimal.ZERO,
    fingerprint,
    dayCloseMs: request.timeInForce === 'day' ? world.calendar.sessionCloseMs(nowMs) : null,
    ackDueMs: null,
    faults: { reject: null, stuckBy: null, cancelStuckBy: null, cancelHeld: false },
  }
}
