/**
 * What an order needs from buying power: the notional of the part of it that opens or extends a
 * position, priced at a conservative reference (its limit, else the touch or its stop). Open
 * orders hold that much until they fill, cancel or expire.
 */
import { Decimal } from '../decimal.js'
import { leavesQty } from '../orders/order.js'
import type { Order } from '../orders/order.js'
import type { Side } from '../orders/order-vocabulary.js'
import type { World } from '../world.js'

export interface OrderExposure {
  symbol: string
  side: Side
  qty: Decimal
  limitPrice: Decimal | null
  stopPrice: Decimal | null
}

/** The share of `qty` that opens exposure, given the current position. */
export function openingQty(side: Side, qty: Decimal, positionQty: Decimal): Decimal {
  const offsetting =
    side === 'buy'
      ? Decimal.max(Decimal.ZERO, positionQty.neg())
      : Decimal.max(Decimal.ZERO, positionQty)
  return Decimal.max(Decimal.ZERO, qty.sub(offsetting))
}

export function referencePrice(world: World, order: OrderExposure): Decimal {
  if (order.limitPrice !== null) return order.limitPrice
  const market = world.market(order.symbol)
  if (order.side === 'buy')
    return order.stopPrice === null ? market.ask : Decimal.max(market.ask, order.stopPrice)
  return market.bid
}

export function requiredBuyingPower(
  world: World,
  accountId: string,
  order: OrderExposure,
): Decimal {
  const positionQty = world.account(accountId).positionQty(order.symbol)
  return openingQty(order.side, order.qty, positionQty).mul(referencePrice(world, order))
}

export function openOrders(world: World, accountId: string): Iterable<Order> {
  return world.openOrdersByAccount.get(accountId) ?? []
}

/** Buying power held by the account's open orders, optionally leaving one out (a replace). */
export function heldBuyingPower(world: World, accountId: string, excludeOrderId?: string): Decimal {
  let held = Decimal.ZERO
  for (const order of openOrders(world, accountId)) {
    if (order.id === excludeOrderId) continue
    held = held.add(requiredBuyingPower(world, accountId, { ...order, qty: leavesQty(order) }))
  }
  return held
}
