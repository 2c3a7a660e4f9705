/**
 * The venue acknowledges an order: `order.accepted`, the expiry timer (day: the session close;
 * gtd: expireAt), then the order goes to work. With `rejectionRate` the venue may instead reject
 * it, drawn from the `rejections` stream (new orders only, not replacements). An order whose cancel arrived before the acknowledgement
 * is accepted as `pending_cancel` and may still fill before the cancel lands. An order
 * acknowledged at or after its expiry (latency past `expireAt` or the day's close) is accepted and
 * expires at once, without working.
 */
import type { Order } from '../orders/order.js'
import type { World } from '../world.js'
import { workArrivingOrder } from './matching.js'
import { emitOrder, moveTo } from './order-lifecycle.js'
import { ackStuck } from './order-faults.js'

export function acceptOrder(world: World, order: Order): void {
  if (order.status !== 'pending_new' && order.status !== 'pending_cancel') return
  if (ackStuck(world, order)) return
  const injected = order.faults.reject
  if (injected !== null && order.status === 'pending_new') {
    order.rejectReason = `injected_fault: ${injected.reason} (fault rule ${injected.ruleId})`
    moveTo(world, order, 'rejected')
    return
  }
  const { rejectionRate } = world.config.executionConfig
  // A replacement is not drawn: the old order is already replaced when it is accepted, and a
  // rejected replace that left nothing working would be worse than any real venue.
  if (
    order.status === 'pending_new' &&
    order.replaces === null &&
    rejectionRate > 0 &&
    world.streams.get('rejections').chance(rejectionRate)
  ) {
    order.rejectReason =
      'venue_rejected: the venue rejected the order (executionConfig.rejectionRate)'
    moveTo(world, order, 'rejected')
    return
  }
  order.acceptedAtMs = world.nowMs
  if (order.status === 'pending_new') moveTo(world, order, 'new')
  else emitOrder(world, order, 'order.accepted')
  const expiresAtMs = order.timeInForce === 'gtd' ? order.expireAtMs : order.dayCloseMs
  if (expiresAtMs !== null && expiresAtMs <= world.nowMs) return moveTo(world, order, 'expired')
  if (expiresAtMs !== null) {
    order.expiryTimer = world.schedule(expiresAtMs, { kind: 'order.expire', orderId: order.id })
  }
  workArrivingOrder(world, order)
}

/** The expiry timer fires: an order still working expires. */
export function expireOrder(world: World, order: Order): void {
  const working = ['new', 'partially_filled', 'pending_cancel', 'pending_replace']
  if (working.includes(order.status)) moveTo(world, order, 'expired')
}
