/**
 * Stops trigger when the touch crosses them (a buy stop when the ask rises to it, a sell stop when
 * the bid falls to it); trailing stops first move their stop with the best price seen since
 * acceptance. A triggered stop becomes a market order, a triggered stop-limit a limit order.
 */
import { Decimal } from '../decimal.js'
import type { SymbolMarket } from '../market/symbol-market.js'
import type { SymbolBook } from '../orders/symbol-book.js'
import type { Order } from '../orders/order.js'
import type { World } from '../world.js'
import { exposureChanged } from './exposure-index.js'

/** Triggers every stop the quote crosses; answers the orders it triggered, in trigger order. */
export function triggerStops(world: World, book: SymbolBook, market: SymbolMarket): Order[] {
  const triggered: Order[] = []
  for (const order of [...book.buyStops]) {
    if ((order.stopPrice as Decimal).gt(market.ask)) break
    trigger(world, book, order, triggered)
  }
  for (const order of [...book.sellStops]) {
    if ((order.stopPrice as Decimal).lt(market.bid)) break
    trigger(world, book, order, triggered)
  }
  for (const order of [...book.trailing]) {
    const stopBefore = order.stopPrice
    trail(order, market)
    // A buy stop without a limit holds buying power at its stop when that is above the ask.
    if (stopBefore === null || !stopBefore.eq(order.stopPrice as Decimal))
      exposureChanged(world, order)
    const crossed =
      order.side === 'buy'
        ? market.ask.gte(order.stopPrice as Decimal)
        : market.bid.lte(order.stopPrice as Decimal)
    if (crossed) trigger(world, book, order, triggered)
  }
  return triggered
}

function trigger(world: World, book: SymbolBook, order: Order, triggered: Order[]): void {
  order.triggered = true
  order.updatedAtMs = world.nowMs
  book.reposition(order)
  triggered.push(order)
}

function trail(order: Order, market: SymbolMarket): void {
  const tick = market.instrument.tickSize
  const buy = order.side === 'buy'
  const best = buy ? market.ask : market.bid
  const anchor = order.trailAnchor ?? best
  order.trailAnchor = buy ? Decimal.min(anchor, best) : Decimal.max(anchor, best)
  const offset = order.trailPrice ?? order.trailAnchor.mulPct(order.trailPercent as Decimal)
  const stop = buy
    ? order.trailAnchor.add(offset).roundToStep(tick, 'ceil')
    : order.trailAnchor.sub(offset).roundToStep(tick, 'floor')
  order.stopPrice = Decimal.max(tick, stop)
}
