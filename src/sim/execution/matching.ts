/**
 * Matching against the synthetic quote, by the seed rule: a buy fills when the ask is at or below
 * its limit, at the ask; a sell when the bid is at or above its limit, at the bid. Market orders
 * and triggered stops take the touch plus `slippageBps`. A fill takes at most the displayed size
 * (times `partialFillRatio`); what it cannot take stays open for later quotes (ioc cancels it;
 * fok executes only when one such fill takes all of it). `fillProbability` is drawn only for a
 * limit that the touch merely equals, resting or ioc/fok alike.
 *
 * Liquidity: `taker` when the order executes while it is being accepted, is a market order or a
 * triggered stop, or is a stop-limit executing on the quote that triggered it; `maker` when a
 * resting limit (a triggered stop-limit included) is reached by a later quote, even one at the
 * same virtual instant.
 *
 * Ordering invariant: within one pass, stops trigger first, then market orders in arrival order,
 * then buy limits best first, then sell limits best first.
 * Known limit: no depth beyond the touch yet (the market-model issue adds it).
 */
import { Decimal } from '../decimal.js'
import type { SymbolMarket } from '../market/symbol-market.js'
import type { Liquidity } from '../orders/order-vocabulary.js'
import { leavesQty, type Order } from '../orders/order.js'
import type { World } from '../world.js'
import { executeFill } from './fill-execution.js'
import { moveTo } from './order-lifecycle.js'
import { triggerStops } from './stop-triggers.js'

/** One matching pass over every working order of `symbol`, after its quote changed. */
export function matchSymbol(world: World, symbol: string): void {
  if (!world.canExecute(symbol)) return
  const market = world.market(symbol)
  const book = world.book(symbol)
  const justTriggered = triggerStops(world, book, market)
  const liquidityOf = (order: Order): Liquidity =>
    justTriggered.includes(order) ? 'taker' : 'maker'
  for (const order of [...book.marketable]) executeAtTouch(world, order, 'taker')
  for (const order of [...book.buyLimits]) {
    if (market.askSize.isZero() || (order.limitPrice as Decimal).lt(market.ask)) break
    executeLimit(world, order, market, liquidityOf(order))
  }
  for (const order of [...book.sellLimits]) {
    if (market.bidSize.isZero() || (order.limitPrice as Decimal).gt(market.bid)) break
    executeLimit(world, order, market, liquidityOf(order))
  }
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
  if (order.limitPrice === null) executeAtTouch(world, order, 'taker')
  else if (isMarketable(order, market)) executeLimit(world, order, market, 'taker')
}

function executeImmediately(world: World, order: Order, allOrNone: boolean): void {
  const market = world.market(order.symbol)
  if (order.limitPrice !== null) {
    if (!isMarketable(order, market) || declinesAtTouch(world, order, market)) return
  }
  const available = order.side === 'buy' ? market.askSize : market.bidSize
  const qty = takeQty(world, order, available)
  if (qty.isZero() || (allOrNone && qty.lt(order.qty))) return
  executeFill(world, order, qty, fillPrice(world, order, market), 'taker')
}

function executeAtTouch(world: World, order: Order, liquidity: Liquidity): void {
  const market = world.market(order.symbol)
  const available = order.side === 'buy' ? market.askSize : market.bidSize
  const qty = takeQty(world, order, available)
  if (qty.isZero()) return
  executeFill(world, order, qty, fillPrice(world, order, market), liquidity)
}

function executeLimit(
  world: World,
  order: Order,
  market: SymbolMarket,
  liquidity: Liquidity,
): void {
  if (declinesAtTouch(world, order, market)) return
  executeAtTouch(world, order, liquidity)
}

/** A limit the touch only equals fills with `fillProbability`, drawn from the `fills` stream. */
function declinesAtTouch(world: World, order: Order, market: SymbolMarket): boolean {
  const touch = order.side === 'buy' ? market.ask : market.bid
  const onlyTouches = touch.eq(order.limitPrice as Decimal)
  const { fillProbability } = world.config.executionConfig
  return onlyTouches && fillProbability < 1 && !world.streams.get('fills').chance(fillProbability)
}

function isMarketable(order: Order, market: SymbolMarket): boolean {
  const limit = order.limitPrice as Decimal
  return order.side === 'buy' ? market.ask.lte(limit) : market.bid.gte(limit)
}

/** Limits fill at the touch; market orders and triggered stops pay the slippage too. */
function fillPrice(world: World, order: Order, market: SymbolMarket): Decimal {
  const tick = market.instrument.tickSize
  if (order.side === 'buy') {
    if (order.limitPrice !== null) return market.ask
    return market.ask
      .add(market.ask.mulBps(Decimal.fromNumber(world.config.executionConfig.slippageBps, 8)))
      .roundToStep(tick, 'ceil')
  }
  if (order.limitPrice !== null) return market.bid
  const slipped = market.bid.sub(
    market.bid.mulBps(Decimal.fromNumber(world.config.executionConfig.slippageBps, 8)),
  )
  return Decimal.max(tick, slipped.roundToStep(tick, 'floor'))
}

/** The share of the displayed size one fill takes: whole lots, at least one, at most the leaves. */
function takeQty(world: World, order: Order, available: Decimal): Decimal {
  const lot = world.market(order.symbol).instrument.lotSize
  if (available.lt(lot)) return Decimal.ZERO
  const ratio = world.config.executionConfig.partialFillRatio
  const share =
    ratio >= 1
      ? available
      : Decimal.fromNumber(available.toNumber() * ratio, 8).roundToStep(lot, 'floor')
  return Decimal.min(leavesQty(order), Decimal.max(lot, share))
}
