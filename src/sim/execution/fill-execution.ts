/**
 * Books one fill: the order's cumulative quantity and notional, the commission, the account's
 * cash, position and realized P&L, the size it took from its level of the book, and the journal
 * events `fill.created`, `order.partially_filled | order.filled`, what the fill does to contingent
 * orders (contingent-orders.ts), `position.changed`, `account.changed`.
 *
 * Partial fills while a cancel or replace is in flight keep the pending status (the order event
 * is still journaled, carrying the pending status and the new cumulative quantity).
 */
import type { Decimal } from '../decimal.js'
import { chargeFill } from '../orders/commission.js'
import { toFillView, type Fill } from '../orders/fill.js'
import type { Liquidity } from '../orders/order-vocabulary.js'
import { toOrderView, type Order } from '../orders/order.js'
import type { World } from '../world.js'
import { emitOrder, moveTo } from './order-lifecycle.js'
import { exposureChanged, heldBuyingPower } from './exposure-index.js'
import { armLegs, reduceOcoPartners } from './contingent-orders.js'

export function executeFill(
  world: World,
  order: Order,
  qty: Decimal,
  price: Decimal,
  liquidity: Liquidity,
  /** The level of the book the fill takes from; 0 is the touch. */
  level: number,
): Fill {
  const charge = chargeFill(
    world.commission,
    liquidity,
    qty,
    price,
    order.commissionRaw,
    order.commission,
  )
  order.commissionRaw = charge.rawTotal
  order.commission = charge.chargedTotal
  order.filledQty = order.filledQty.add(qty)
  order.filledNotional = order.filledNotional.add(qty.mul(price))
  order.updatedAtMs = world.nowMs

  const account = world.account(order.accountId)
  const signedQty = order.side === 'buy' ? qty : qty.neg()
  const position = account.position(order.symbol)
  const realized = position.applyFill(signedQty, price)
  account.cash = account.cash.sub(signedQty.mul(price)).sub(charge.commission)
  account.commissionsPaid = account.commissionsPaid.add(charge.commission)
  account.realizedPnl = account.realizedPnl.add(realized)
  exposureChanged(world, order)
  world.market(order.symbol).consume(order.side === 'buy' ? 'ask' : 'bid', qty, level, {
    refillMs: world.config.marketConfig.depthRefillMs,
    periodStartMs: world.lastTickMs,
  })

  const fill: Fill = {
    id: world.ids.next('fill'),
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    qty,
    price,
    commission: charge.commission,
    liquidity,
    timeMs: world.nowMs,
  }
  world.fillsByAccount.get(order.accountId)?.push(fill)
  const complete = order.filledQty.eq(order.qty)
  if (complete) order.filledAtMs = world.nowMs
  // The order as this fill leaves it: its status moves right after, in its own event.
  const statusAfter = complete
    ? 'filled'
    : order.status === 'new'
      ? 'partially_filled'
      : order.status
  world.emit('fill.created', order.accountId, {
    fill: toFillView(fill),
    order: toOrderView(statusAfter === order.status ? order : { ...order, status: statusAfter }),
    positionQty: position.qty.toString(),
  })
  if (complete) moveTo(world, order, 'filled')
  else if (order.status === 'new' || order.status === 'partially_filled')
    moveTo(world, order, 'partially_filled')
  else emitOrder(world, order, 'order.partially_filled')
  // Before the position and account events, so the buying power they carry already reflects
  // the partners this fill shrank or canceled and the exits it released.
  reduceOcoPartners(world, order, qty)
  if (complete && order.orderClass !== 'oco') armLegs(world, order)
  const mark = world.markOf(order.symbol)
  world.emit('position.changed', order.accountId, { position: position.view(mark) })
  world.emit('account.changed', order.accountId, {
    account: account.view(world.markOf, heldBuyingPower(world, account.id)),
  })
  return fill
}
