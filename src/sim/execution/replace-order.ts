/**
 * Cancel/replace: the old order goes `pending_replace` and a new one is created `pending_new`
 * with `replaces`; after the replace latency the old one ends `replaced` (with `replacedBy`) and
 * the new one is accepted, unless the old one filled or expired first, in which case the new one
 * is rejected. The replacement is validated and risk-checked like a new order, without the old
 * order's hold; if it fails, nothing changes.
 *
 * The replace landing is the replacement's acknowledgement, so a cancel of the replacement never
 * overtakes it (as for any submission). If the replace fails while such a cancel is in flight,
 * the replacement, which never worked, ends `canceled` rather than `rejected`.
 *
 * The replacement is a fresh order for its `qty` (default: the old order's leaves); the quantity
 * the old order filled stays with the old order. The replacement stands in for the rest of the
 * old order, so what the old order fills while the replace is in flight comes off the
 * replacement's `qty` when the replace lands (else a sell could exceed the position it was checked
 * against); if that leaves nothing, the old order's rest is canceled and the replacement fails.
 *
 * A leg's replacement is a leg of the same parent and joins its one-cancels-other set; an order
 * with open legs cannot be replaced (its legs would have to move with it).
 */
import { Decimal } from '../decimal.js'
import { isoTime } from '../time/iso-time.js'
import type { OrderPatch, OrderRequest } from '../orders/order-request.js'
import { validateOrder } from '../orders/order-validation.js'
import { isTerminal } from '../orders/order-status.js'
import { isOpen, leavesQty, toOrderView, type Order, type OrderView } from '../orders/order.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import { acceptOrder } from './accept-order.js'
import { newOrder } from './new-order.js'
import { emitOrder, moveTo, registerOrder } from './order-lifecycle.js'
import { exposureKey } from './buying-power.js'
import { exposureChanged } from './exposure-index.js'
import { checkRisk } from './risk-checks.js'
import { joinGroup } from './contingent-orders.js'
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
  if (old.legs.some((id) => isOpen(world.orders.get(id)!))) {
    return fail(
      'order_not_replaceable',
      `order ${orderId} has open legs (${old.orderClass}): replace the legs, or cancel it and submit again`,
      { orderId, status: old.status },
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
  if (old.ocoGroup !== null && patch.qty !== undefined) {
    const qty = Decimal.parse(patch.qty)
    if (qty.gt(leavesQty(old))) {
      return fail(
        'order_not_replaceable',
        `order ${orderId} is in a one-cancels-other set: its qty can shrink to at most ${leavesQty(old)}, not grow to ${qty}`,
        { orderId, status: old.status },
      )
    }
  }
  const request = replacementRequest(old, patch)
  const valid = validateOrder(request, world.market(old.symbol).instrument, world.nowMs)
  if (!valid.ok) return valid
  const risk = checkRisk(
    world,
    accountId,
    { symbol: old.symbol, side: old.side, ...valid.value },
    exposureKey(world, old),
  )
  if (!risk.ok) return risk
  const replacement = newOrder(world, accountId, request, valid.value, 'pending_new', {
    replaces: old.id,
    ...(old.parentId !== null && { parentId: old.parentId }),
  })
  if (old.ocoGroup !== null) joinGroup(world, replacement, old.ocoGroup)
  registerOrder(world, replacement)
  moveTo(world, old, 'pending_replace')
  emitOrder(world, replacement, 'order.pending_new')
  replacement.ackDueMs = world.nowMs + world.latencyMs('replace')
  world.schedule(replacement.ackDueMs, {
    kind: 'order.replace',
    orderId: old.id,
    replacementId: replacement.id,
    oldFilledQty: old.filledQty.toString(),
  })
  return ok(toOrderView(replacement))
}

/** The venue processes the replace; `oldFilledQty` is what the old order had filled when sent. */
export function completeReplace(
  world: World,
  old: Order,
  replacement: Order,
  oldFilledQty: Decimal,
): void {
  if (isTerminal(replacement.status)) {
    // The venue canceled the replacement in flight (its oco parent went): the old order goes too.
    if (old.status === 'pending_replace') moveTo(world, old, 'canceled')
    return
  }
  if (old.status !== 'pending_replace') {
    return failReplacement(
      world,
      replacement,
      `order ${old.id} was ${old.status} before the replace reached the venue`,
    )
  }
  const filledInFlight = old.filledQty.sub(oldFilledQty)
  if (filledInFlight.isPositive()) {
    const rest = replacement.qty.sub(filledInFlight)
    if (!rest.isPositive()) {
      moveTo(world, old, 'canceled')
      return failReplacement(
        world,
        replacement,
        `order ${old.id} filled ${filledInFlight} while the replace was in flight, all that the replacement was for`,
      )
    }
    replacement.qty = rest
    exposureChanged(world, replacement)
  }
  old.replacedBy = replacement.id
  moveTo(world, old, 'replaced')
  acceptOrder(world, replacement)
}

/** Rejects a replacement that cannot take over, or cancels it if a cancel of it is in flight. */
function failReplacement(world: World, replacement: Order, why: string): void {
  if (replacement.status === 'pending_cancel') return moveTo(world, replacement, 'canceled')
  replacement.rejectReason = `order_not_replaceable: ${why}`
  moveTo(world, replacement, 'rejected')
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
