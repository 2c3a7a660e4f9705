/**
 * A bounded order history: a world keeps every open order, and the latest `orderRetention`
 * closed ones (filled, canceled, replaced, rejected, expired) with their fills. Older closed
 * orders are forgotten, as the journal forgets old events, so a long run (a soak, a realtime demo
 * that trades all day, a million orders) holds steady memory instead of ~3 KB more per order.
 *
 * Forgotten orders answer `not_found`, their fills leave the fill history, and their
 * clientOrderId may be used again. An order is forgotten only when none of its relatives (the
 * order it replaced or that replaces it, in flight or landed, its parent, its legs, its
 * one-cancels-other set, the exit set it is the parent of) is open: then every venue timer still
 * pending on it (ack, cancel, replace, expiry) is a no-op, and run-timer.ts skips it. Which orders
 * go, and when, depends on the commands and on the retention, so it is as deterministic as the
 * rest of the world for a given retention. Forgetting itself journals nothing, but what follows
 * can differ with the retention (a forgotten order's clientOrderId is no longer deduplicated), so
 * the same calls give the same hash for the same retention.
 *
 * Forgetting runs in batches, once a quarter of the retention more has closed, so its cost is
 * amortized over the orders that closed since.
 */
import { isOpen, type Order } from '../orders/order.js'
import type { World } from '../world.js'

/** Records that `order` reached a final status, and forgets old ones when over the retention. */
export function orderClosed(world: World, order: Order): void {
  world.closedOrders.push(order)
  const slack = Math.max(1, Math.floor(world.orderRetention / 4))
  // Orders kept back last time (an open relative) do not trigger a new pass over the queue.
  if (world.closedOrders.length > world.orderRetention + slack + world.closedOrdersKept) {
    forgetOldest(world)
  }
}

function forgetOldest(world: World): void {
  const excess = world.closedOrders.length - world.orderRetention
  const kept: Order[] = []
  const forgotten = new Set<Order>()
  let index = 0
  for (; index < world.closedOrders.length && forgotten.size < excess; index++) {
    const order = world.closedOrders[index] as Order
    if (hasOpenRelative(world, order)) kept.push(order)
    else forgotten.add(order)
  }
  world.closedOrdersKept = kept.length
  if (forgotten.size === 0) return
  world.closedOrders = [...kept, ...world.closedOrders.slice(index)]
  const accounts = new Set<string>()
  for (const order of forgotten) {
    world.orders.delete(order.id)
    accounts.add(order.accountId)
    world.forgottenOrders.set(
      order.accountId,
      (world.forgottenOrders.get(order.accountId) ?? 0) + 1,
    )
    if (order.clientOrderId === null) continue
    const key = `${order.accountId} ${order.clientOrderId}`
    if (world.clientOrderIds.get(key) === order.id) world.clientOrderIds.delete(key)
  }
  for (const accountId of accounts) {
    const orders = world.ordersByAccount.get(accountId)
    if (orders !== undefined) {
      world.ordersByAccount.set(
        accountId,
        orders.filter((o) => !forgotten.has(o)),
      )
    }
    const fills = world.fillsByAccount.get(accountId)
    if (fills !== undefined) {
      world.fillsByAccount.set(
        accountId,
        fills.filter((f) => world.orders.has(f.orderId)),
      )
    }
  }
}

function hasOpenRelative(world: World, order: Order): boolean {
  if (order.ocoGroup !== null && world.ocoGroups.has(order.ocoGroup)) return true
  // A bracket parent names the one-cancels-other set of its exits, which outlives the parent.
  if (world.ocoGroups.has(order.id)) return true
  // A replacement in flight: the old order's replacedBy is set only when the replace lands, and
  // the venue's answer needs the old order to decide what becomes of the replacement.
  if (world.exposures.replacements.has(order.id)) return true
  const relatives = [order.replaces, order.replacedBy, order.parentId, ...order.legs]
  return relatives.some((id) => {
    const relative = id === null ? undefined : world.orders.get(id)
    return relative !== undefined && isOpen(relative)
  })
}
