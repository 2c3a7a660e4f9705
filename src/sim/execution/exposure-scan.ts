/**
 * Buying power held by open orders and the pending quantity of a side, by their definition: one
 * pass over all of an account's working orders. The simulation reads these through the exposure
 * index (exposure-index.ts), which must answer exactly the same decimals without the pass; this
 * is its oracle in tests.
 */
import { Decimal } from '../decimal.js'
import { leavesQty, type Order } from '../orders/order.js'
import type { Side } from '../orders/order-vocabulary.js'
import type { World } from '../world.js'
import { exposureKey, openOrders, requiredBuyingPower } from './buying-power.js'

/**
 * The largest `measure` per exposure key over the account's working orders, summed; held legs
 * (waiting for their parent) are not working yet and count nothing. `excludeKey` leaves out the
 * set an order being checked belongs to.
 */
export function sumOverExposures(
  world: World,
  accountId: string,
  measure: (order: Order) => Decimal | null,
  excludeKey?: string,
): Decimal {
  let alone = Decimal.ZERO
  const largest = new Map<string, Decimal>()
  for (const order of openOrders(world, accountId)) {
    if (order.held) continue
    const key = exposureKey(world, order)
    if (key === excludeKey) continue
    const value = measure(order)
    if (value === null) continue
    if (order.ocoGroup === null && key === order.id && order.status !== 'pending_replace') {
      alone = alone.add(value)
      continue
    }
    const seen = largest.get(key)
    largest.set(key, seen === undefined ? value : Decimal.max(seen, value))
  }
  return alone.add(Decimal.sum([...largest.values()]))
}

export function heldBuyingPowerByScan(
  world: World,
  accountId: string,
  excludeKey?: string,
): Decimal {
  return sumOverExposures(
    world,
    accountId,
    (order) => requiredBuyingPower(world, accountId, { ...order, qty: leavesQty(order) }),
    excludeKey,
  )
}

export function pendingQtyByScan(
  world: World,
  accountId: string,
  symbol: string,
  side: Side,
  excludeKey?: string,
): Decimal {
  return sumOverExposures(
    world,
    accountId,
    (open) => (open.symbol === symbol && open.side === side ? leavesQty(open) : null),
    excludeKey,
  )
}
