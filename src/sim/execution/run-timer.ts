/** Dispatches a due timer to the rule it belongs to. */
import { Decimal } from '../decimal.js'
import { invariant } from '../invariant.js'
import { applyMarketEvent, restoreOverride } from '../market/apply-market-event.js'
import { runCrashStep } from '../market/flash-crash.js'
import { marketTick } from '../market/market-tick.js'
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
      return acceptOrder(world, orderOf(world, timer.orderId))
    case 'order.cancel':
      return completeCancel(world, orderOf(world, timer.orderId))
    case 'order.expire':
      return expireOrder(world, orderOf(world, timer.orderId))
    case 'order.replace':
      return completeReplace(
        world,
        orderOf(world, timer.orderId),
        orderOf(world, timer.replacementId),
        Decimal.parse(timer.oldFilledQty),
      )
  }
}

function orderOf(world: World, orderId: string) {
  const order = world.orders.get(orderId)
  invariant(order, `timer for unknown order ${orderId}`)
  return order
}
