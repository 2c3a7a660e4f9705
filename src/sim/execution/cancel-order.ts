/**
 * Cancel requests: the order goes `pending_cancel` at once and is canceled after the cancel
 * latency, unless it fills first (a fill can win the race). A cancel never overtakes the
 * submission's acknowledgement. Cancelling an order already being cancelled answers it unchanged.
 * Cancelling an oco parent cancels its stop-loss with it; a bracket's or oto's waiting exits follow
 * the entry's outcome instead (contingent-orders.ts).
 */
import { isTerminal } from '../orders/order-status.js'
import { toOrderView, type Order, type OrderView } from '../orders/order.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import { openOrders } from './buying-power.js'
import { cancelableLegs } from './contingent-orders.js'
import { moveTo } from './order-lifecycle.js'
import { cancelStuck, markCancel } from './order-faults.js'
import type { FiredFault } from '../faults/fault-rule.js'

export function cancelOrder(
  world: World,
  accountId: string,
  orderId: string,
  fault?: FiredFault | null,
): Result<OrderView> {
  const order = world.orders.get(orderId)
  if (!order || order.accountId !== accountId)
    return fail('not_found', `no order ${orderId} in account ${accountId}`, { orderId })
  if (order.status === 'pending_cancel') return ok(toOrderView(order))
  if (isTerminal(order.status) || order.status === 'pending_replace') {
    const why =
      order.status === 'pending_replace'
        ? 'a replace is in flight: cancel its replacement instead'
        : `it is already ${order.status}`
    return fail('order_not_cancelable', `order ${orderId} cannot be canceled: ${why}`, {
      orderId,
      status: order.status,
    })
  }
  markCancel(order, fault)
  const dueMs = requestCancel(world, order)
  for (const leg of cancelableLegs(world, order)) requestCancel(world, leg, dueMs)
  return ok(toOrderView(order))
}

/** Cancels every open order of the account; answers the ones now being canceled. */
export function cancelAllOrders(
  world: World,
  accountId: string,
  fault?: FiredFault | null,
): Result<OrderView[]> {
  if (!world.accounts.has(accountId))
    return fail('not_found', `no account ${accountId}`, { accountId })
  const out: OrderView[] = []
  for (const order of [...openOrders(world, accountId)]) {
    if (
      isTerminal(order.status) ||
      order.status === 'pending_cancel' ||
      order.status === 'pending_replace'
    )
      continue
    markCancel(order, fault)
    requestCancel(world, order)
    out.push(toOrderView(order))
  }
  return ok(out)
}

/** Sends a cancel; a leg canceled with its parent lands with the parent's cancel (`dueMs`). */
function requestCancel(world: World, order: Order, dueMs?: number): number {
  moveTo(world, order, 'pending_cancel')
  const due = Math.max(dueMs ?? world.nowMs + world.latencyMs('cancel'), order.ackDueMs ?? 0)
  world.schedule(due, { kind: 'order.cancel', orderId: order.id })
  return due
}

/** The venue processes a cancel: it takes effect unless the order reached a terminal state first. */
export function completeCancel(world: World, order: Order): void {
  if (order.status !== 'pending_cancel') return
  if (cancelStuck(world, order)) {
    order.faults.cancelHeld = true
    return
  }
  moveTo(world, order, 'canceled')
}
