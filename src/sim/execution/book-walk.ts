/**
 * Walking the book (market/book-depth.ts): an order that takes liquidity takes the touch, then
 * the next levels at worse prices, one fill per level that has size, each at its level's price
 * (market orders and triggered stops pay `slippageBps` on top, rounded away from them to the
 * tick). A limit walks only the levels at or better than its limit. A level that offers nothing
 * (taken and not refilled yet) is skipped. Its average price is therefore
 * `Σ(fill price × fill qty) / Σ fill qty`, worse than the touch as soon as it takes a second level.
 *
 * `partialFillRatio` keeps its meaning per level: one fill takes that share of the size its level
 * offers (whole lots, at least one lot, at most what the order still needs), so with a ratio
 * below 1 an order takes a share of each level it walks.
 */
import { Decimal } from '../decimal.js'
import type { SymbolMarket } from '../market/symbol-market.js'
import type { Liquidity } from '../orders/order-vocabulary.js'
import { leavesQty, type Order } from '../orders/order.js'
import type { World } from '../world.js'
import { executeFill } from './fill-execution.js'

/** One planned fill: `qty` from `level` of the book at `price` (slippage included). */
export interface WalkStep {
  level: number
  price: Decimal
  qty: Decimal
}

/** The fills `order` would get from the first `levels` levels of the book now, best first. */
export function planWalk(
  world: World,
  order: Order,
  market: SymbolMarket,
  levels: number,
): WalkStep[] {
  const side = order.side === 'buy' ? 'ask' : 'bid'
  const limit = order.limitPrice
  const lot = market.instrument.lotSize
  let wanted = leavesQty(order)
  const steps: WalkStep[] = []
  for (const level of market.depth(side, levels)) {
    if (!wanted.isPositive()) break
    if (limit !== null && (side === 'ask' ? level.price.gt(limit) : level.price.lt(limit))) break
    const qty = takeQty(world, lot, level.available, wanted)
    if (qty.isZero()) continue
    steps.push({ level: level.level, price: fillPrice(world, order, market, level.price), qty })
    wanted = wanted.sub(qty)
  }
  return steps
}

/** The total quantity a plan fills. */
export function plannedQty(steps: readonly WalkStep[]): Decimal {
  return Decimal.sum(steps.map((step) => step.qty))
}

/** Books the planned fills in order. */
export function executeWalk(
  world: World,
  order: Order,
  steps: readonly WalkStep[],
  liquidity: Liquidity,
): void {
  for (const step of steps) executeFill(world, order, step.qty, step.price, liquidity, step.level)
}

/** Limits fill at their level's price; market orders and triggered stops pay the slippage too. */
function fillPrice(world: World, order: Order, market: SymbolMarket, price: Decimal): Decimal {
  if (order.limitPrice !== null) return price
  const tick = market.instrument.tickSize
  const slippage = price.mulBps(Decimal.fromNumber(world.config.executionConfig.slippageBps, 8))
  if (order.side === 'buy') return price.add(slippage).roundToStep(tick, 'ceil')
  return Decimal.max(tick, price.sub(slippage).roundToStep(tick, 'floor'))
}

/** The share of a level's size one fill takes: whole lots, at least one, at most `wanted`. */
function takeQty(world: World, lot: Decimal, available: Decimal, wanted: Decimal): Decimal {
  if (available.lt(lot)) return Decimal.ZERO
  const ratio = world.config.executionConfig.partialFillRatio
  const share =
    ratio >= 1
      ? available
      : Decimal.fromNumber(available.toNumber() * ratio, 8).roundToStep(lot, 'floor')
  return Decimal.min(wanted, Decimal.max(lot, share))
}
