/** An order leaves for the venue: it is acknowledged (or rejected) after the submit latency. */
import type { Order } from '../orders/order.js'
import type { World } from '../world.js'

export function sendToVenue(world: World, order: Order): void {
  order.ackDueMs = world.nowMs + world.latencyMs('submit')
  world.schedule(order.ackDueMs, { kind: 'order.ack', orderId: order.id })
}
