/**
 * Matching against the synthetic quote and its depth, by the seed rule: a buy fills when the ask
 * is at or below its limit; a sell when the bid is at or above its limit.
 *
 * Taker orders walk the book (book-walk.ts): market orders and triggered stops take the touch and
 * then the deeper levels, one fill per level at its price plus `slippageBps`; a limit executing on
 * arrival (or a stop-limit on the quote that triggered it) walks only the levels at or better
 * than its limit, at their prices. Resting limits reached by a later quote (makers) take the touch
 * only, at the touch, one fill per quote; the rest waits for the next quote. What the book cannot
 * fill stays open (ioc cancels it; fok executes only when the walk up to its limit fills all of
 * it). `fillProbability` is drawn only for a limit that the touch merely equals, resting or
 * ioc/fok alike, and only when the book has something for it.
 *
 * Liquidity: `taker` when the order executes while it is being accepted, is a market order or a
 * triggered stop, or is a stop-limit executing on the quote that triggered it; `maker` when a
 * resting limit (a triggered stop-limit included) is reached by a later quote, even one at the
 * same virtual instant.
 *
 * Ordering invariant: within one pass, stops trigger first, then market orders in arrival order,
 * then buy limits best first, then sell limits best first.
 */
import type { Decimal } from '../decimal.js'
import type { SymbolMarket } from '../market/symbol-market.js'
import type { Liquidity } from '../orders/order-vocabulary.js'
import { leavesQty, type Order } from '../orders/order.js'
import type { SymbolBook } from '../orders/symbol-book.js'
import type { World } from '../world.js'
import { executeWalk, planWalk, plannedQty } from './book-walk.js'
import { moveTo } from './order-lifecycle.js'
import { triggerStops } from './stop-triggers.js'

/** One matching pass over every working order of `symbol`, after its quote changed. */
export function matchSymbol(world: World, symbol: string): void {
  if (!world.canExecute(symbol)) return
  const market = world.market(symbol)
  const book = world.book(symbol)
  const justTriggered = hasStops(book) ? triggerStops(world, book, market) : NONE_TRIGGERED
  // Executing changes the book, so each loop walks a copy; but a pass on most quotes executes
  // nothing, and copying a deep book on every tick for that was most of a tick's cost.
  if (book.marketable.length > 0) {
    for (const order of [...book.marketable]) executeAtMarket(world, order)
  }
  if (book.buyLimits.length > 0 && !buyRests(book.buyLimits[0] as Order, market)) {
    for (const order of [...book.buyLimits]) {
      if (buyRests(order, market)) break
      executeLimit(world, order, market, liquidityOf(order, justTriggered))
    }
  }
  if (book.sellLimits.length > 0 && !sellRests(book.sellLimits[0] as Order, market)) {
    for (const order of [...book.sellLimits]) {
      if (sellRests(order, market)) break
      executeLimit(world, order, market, liquidityOf(order, justTriggered))
    }
  }
}

const NONE_TRIGGERED: readonly Order[] = []

function hasStops(book: SymbolBook): boolean {
  return book.buyStops.length > 0 || book.sellStops.length > 0 || book.trailing.length > 0
}

function liquidityOf(order: Order, justTriggered: readonly Order[]): Liquidity {
  return justTriggered.includes(order) ? 'taker' : 'maker'
}

function buyRests(order: Order, market: SymbolMarket): boolean {
  return (order.limitPrice as Decimal).lt(market.ask)
}

function sellRests(order: Order, market: SymbolMarket): boolean {
  return (order.limitPrice as Decimal).gt(market.bid)
}

/** Puts a just-accepted order to work: immediate-or-cancel types execute now or never. */
export function workArrivingOrder(world: World, order: Order): void {
  const tif = order.timeInForce
  if (tif === 'ioc' || tif === 'fok') {
    if (world.canExecute(order.symbol)) executeImmediately(world, order, tif === 'fok')
    if (order.status === 'new' || order.status === 'partially_filled')
      moveTo(world, order, 'canceled')
    return
  }
  const market = world.market(order.symbol)
  if (order.type === 'trailing_stop')
    order.trailAnchor = order.side === 'buy' ? market.ask : market.bid
  world.book(order.symbol).add(order)
  if (!world.canExecute(order.symbol)) return
  triggerStops(world, world.book(order.symbol), market)
  if (!order.triggered && order.type !== 'market' && order.type !== 'limit') return
  if (order.limitPrice === null) executeAtMarket(world, order)
  else executeLimit(world, order, market, 'taker')
}

function executeImmediately(world: World, order: Order, allOrNone: boolean): void {
  const market = world.market(order.symbol)
  const steps = planWalk(world, order, market, world.config.marketConfig.depthLevels)
  if (steps.length === 0 || (allOrNone && plannedQty(steps).lt(leavesQty(order)))) return
  if (order.limitPrice !== null && declinesAtTouch(world, order, market)) return
  executeWalk(world, order, steps, 'taker')
}

/** Market orders and triggered stops walk the whole book, as takers. */
function executeAtMarket(world: World, order: Order): void {
  const market = world.market(order.symbol)
  const steps = planWalk(world, order, market, world.config.marketConfig.depthLevels)
  executeWalk(world, order, steps, 'taker')
}

/** A limit walks the book up to its limit as a taker, and takes only the touch as a maker. */
function executeLimit(
  world: World,
  order: Order,
  market: SymbolMarket,
  liquidity: Liquidity,
): void {
  const levels = liquidity === 'taker' ? world.config.marketConfig.depthLevels : 1
  const steps = planWalk(world, order, market, levels)
  if (steps.length === 0 || declinesAtTouch(world, order, market)) return
  executeWalk(world, order, steps, liquidity)
}

/** A limit the touch only equals fills with `fillProbability`, drawn from the `fills` stream. */
function declinesAtTouch(world: World, order: Order, market: SymbolMarket): boolean {
  const touch = order.side === 'buy' ? market.ask : market.bid
  const onlyTouches = touch.eq(order.limitPrice as Decimal)
  const { fillProbability } = world.config.executionConfig
  return onlyTouches && fillProbability < 1 && !world.streams.get('fills').chance(fillProbability)
}
