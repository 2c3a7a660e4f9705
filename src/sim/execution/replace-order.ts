/**
 * Cancel/replace: the old order goes `pending_replace` and a new one is created `pending_new`
 * with `replaces`; after the replace latency the old one ends `replaced` (with `replacedBy`) and
 * the new one is accepted, unless the old one filled or expired first, in which case the new one
 * is rejected. The replacement is validated and risk-checked like a new order, without the old
 * order's hold; if it fails, nothing changes.
 *
 * The replacement is a fresh order for its `qty` (default: the old order's leaves); the quantity
 * the old order filled stays with the old order.
 */
import { isoTime } from '../time/iso-time.js'
import type { OrderPatch, OrderRequest } from '../orders/order-request.js'
import { validateOrder } from '../orders/order-validation.js'
import { leavesQty, toOrderView, type Order, type OrderView } from '../orders/order.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import { acceptOrder } from './accept-order.js'
import { newOrder } from './new-order.js'
import { emitOrder, moveTo, registerOrder } from './order-lifecycle.js'
import { checkRisk } from './risk-checks.js'
import { findByClientOrderId } from './submit-order.js'

export function replaceOrder(
  world: World,
  accountId: string,
  orderId: string,
  patch: OrderPatch,
): Result<OrderView> {
  const old = world.orders.get(orderId)
  if (!old || old.accountId !== accountId)
    return fail('not_found', `no order ${orderId} in account ${accountId}`, { orderId })
  if (old.status !== 'new' && old.status !== 'partially_filled') {
    return fail(
      'order_not_replaceable',
      `order ${orderId} cannot be replaced while ${old.status}; only new and partially_filled orders can`,
      {
        orderId,
        status: old.status,
      },
    )
  }
  if (
    patch.clientOrderId !== undefined &&
    findByClientOrderId(world, accountId, patch.clientOrderId)
  ) {
    return fail(
      'duplicate_client_order_id',
      `clientOrderId ${patch.clientOrderId} is already in use`,
      { clientOrderId: patch.clientOrderId },
    )
  }
  const request = replacementRequest(old, patch)
  const valid = validateOrder(request, world.market(old.symbol).instrument, world.nowMs)
  if (!valid.ok) return valid
  const risk = checkRisk(
    world,
    accountId,
    { symbol: old.symbol, side: old.side, ...valid.value },
    old.id,
  )
  if (!risk.ok) return risk
  const replacement = newOrder(world, accountId, request, valid.value, 'pending_new', old.id)
  registerOrder(world, replacement)
  moveTo(world, old, 'pending_replace')
  emitOrder(world, replacement, 'order.pending_new')
  world.schedule(world.nowMs + world.latencyMs('replace'), {
    kind: 'order.replace',
    orderId: old.id,
    replacementId: replacement.id,
  })
  return ok(toOrderView(replacement))
}

/** The venue processes the replace. */
export function completeReplace(world: World, old: Order, replacement: Order): void {
  if (old.status !== 'pending_replace') {
    replacement.rejectReason = `order_not_replaceable: order ${old.id} was ${old.status} before the replace reached the venue`
    moveTo(world, replacement, 'rejected')
    return
  }
  old.replacedBy = replacement.id
  moveTo(world, old, 'replaced')
  acceptOrder(world, replacement)
}

function replacementRequest(old: Order, patch: OrderPatch): OrderRequest {
  const text = (value: { toString(): string } | null): string | undefined =>
    value === null ? undefined : value.toString()
  const stopType = old.type === 'stop' || old.type === 'stop_limit'
  return {
    clientOrderId: patch.clientOrderId,
    symbol: old.symbol,
    side: old.side,
    qty: patch.qty ?? leavesQty(old).toString(),
    type: old.type,
    limitPrice: patch.limitPrice ?? text(old.limitPrice),
    stopPrice: patch.stopPrice ?? (stopType ? text(old.stopPrice) : undefined),
    trailPrice:
      patch.trailPrice ?? (patch.trailPercent === undefined ? text(old.trailPrice) : undefined),
    trailPercent:
      patch.trailPercent ?? (patch.trailPrice === undefined ? text(old.trailPercent) : undefined),
    timeInForce: patch.timeInForce ?? old.timeInForce,
    expireAt: patch.expireAt ?? (old.expireAtMs === null ? undefined : isoTime(old.expireAtMs)),
    strategyId: old.strategyId ?? undefined,
    metadata: old.metadata,
    orderClass: old.orderClass,
  }
}
