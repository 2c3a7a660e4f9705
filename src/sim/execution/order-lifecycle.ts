/**
 * Status changes of orders. Every change goes through `moveTo`, which checks the transition table,
 * stamps the times, takes terminal orders off the book and journals the event, so no rule can
 * skip a check or forget an event.
 */
import type { OrderEventType } from '../journal/events.js'
import { assertTransition, isTerminal } from '../orders/order-status.js'
import type { OrderStatus } from '../orders/order-vocabulary.js'
import { toOrderView, type Order } from '../orders/order.js'
import type { World } from '../world.js'
import { parentEnded } from './contingent-orders.js'
import { exposureChanged } from './exposure-index.js'
import { orderClosed } from './order-retention.js'

const EVENT_OF: Record<OrderStatus, OrderEventType> = {
  pending_new: 'order.pending_new',
  new: 'order.accepted',
  partially_filled: 'order.partially_filled',
  filled: 'order.filled',
  pending_cancel: 'order.pending_cancel',
  canceled: 'order.canceled',
  pending_replace: 'order.pending_replace',
  replaced: 'order.replaced',
  rejected: 'order.rejected',
  expired: 'order.expired',
}

export function moveTo(world: World, order: Order, to: OrderStatus): void {
  assertTransition(order.status, to, order.id)
  order.status = to
  order.updatedAtMs = world.nowMs
  if (to === 'filled') order.filledAtMs = world.nowMs
  if (to === 'canceled') order.canceledAtMs = world.nowMs
  if (to === 'expired') order.expiredAtMs = world.nowMs
  if (isTerminal(to)) {
    if (order.expiryTimer !== undefined && order.expiryTimer !== null) {
      world.scheduler.cancel(order.expiryTimer)
    }
    order.expiryTimer = null
    world.book(order.symbol).remove(order)
    world.openOrdersByAccount.get(order.accountId)?.delete(order)
  }
  exposureChanged(world, order)
  emitOrder(world, order, EVENT_OF[to])
  if (isTerminal(to)) {
    if (to !== 'filled' && order.legs.length > 0) parentEnded(world, order)
    if (order.ocoGroup !== null) forgetClosedGroup(world, order.ocoGroup)
    orderClosed(world, order)
  }
}

/** Drops a one-cancels-other set from the index once none of its members can fill. */
function forgetClosedGroup(world: World, group: string): void {
  const members = world.ocoGroups.get(group)
  if (members && members.every((member) => isTerminal(member.status))) world.ocoGroups.delete(group)
}

export function emitOrder(world: World, order: Order, type: OrderEventType): void {
  world.emit(type, order.accountId, { order: toOrderView(order) })
}

/** Records a brand-new order in the world's indexes (it is not on the book until accepted). */
export function registerOrder(world: World, order: Order): void {
  world.orders.set(order.id, order)
  world.ordersRegistered++
  world.ordersByAccount.get(order.accountId)?.push(order)
  if (!isTerminal(order.status)) world.openOrdersByAccount.get(order.accountId)?.add(order)
  exposureChanged(world, order)
  if (order.clientOrderId !== null)
    world.clientOrderIds.set(`${order.accountId} ${order.clientOrderId}`, order.id)
  if (isTerminal(order.status)) orderClosed(world, order)
}
