/** Dispatches a due timer to the rule it belongs to. */
import { Decimal } from '../decimal.js'
import { invariant } from '../invariant.js'
import { applyMarketEvent, restoreOverride } from '../market/apply-market-event.js'
import { runCrashStep } from '../market/flash-crash.js'
import { marketTick } from '../market/market-tick.js'
import type { Order } from '../orders/order.js'
import type { Timer } from '../timer.js'
import type { World } from '../world.js'
import { acceptOrder, expireOrder } from './accept-order.js'
import { completeCancel } from './cancel-order.js'
import { rollTradingDay } from './trading-day.js'
import { completeReplace } from './replace-order.js'

export function runTimer(world: World, timer: Timer): void {
  switch (timer.kind) {
    case 'market.tick':
      return marketTick(world)
    case 'day.roll':
      return rollTradingDay(world)
    case 'market.event':
      return applyMarketEvent(world, timer.eventId, timer.event)
    case 'market.crash_step':
      return runCrashStep(world, timer)
    case 'market.restore':
      return restoreOverride(world, timer)
    case 'order.ack':
      return ifHeld(world, timer.orderId, (order) => acceptOrder(world, order))
    case 'order.cancel':
      return ifHeld(world, timer.orderId, (order) => completeCancel(world, order))
    case 'order.expire':
      return ifHeld(world, timer.orderId, (order) => expireOrder(world, order))
    case 'order.replace': {
      const old = orderOf(world, timer.orderId)
      const replacement = orderOf(world, timer.replacementId)
      if (old === null || replacement === null) return
      return completeReplace(world, old, replacement, Decimal.parse(timer.oldFilledQty))
    }
  }
}

/**
 * The order a timer names, or null when it was forgotten (order-retention.ts): only closed
 * orders without open relatives are, and every order timer is a no-op on those.
 */
function orderOf(world: World, orderId: string): Order | null {
  const order = world.orders.get(orderId)
  if (order !== undefined) return order
  invariant(world.forgottenOrders.size > 0, `timer for unknown order ${orderId}`)
  return null
}

function ifHeld(world: World, orderId: string, run: (order: Order) => void): void {
  const order = orderOf(world, orderId)
  if (order !== null) run(order)
}
