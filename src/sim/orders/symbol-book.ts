/**
 * The working orders of one symbol, kept in the order the venue looks at them.
 *
 * Ordering invariant: `buyLimits` best (highest) limit first, `sellLimits` lowest first; untriggered
 * buy stops lowest stop first, sell stops highest first; within a price, arrival order (`seqNo`).
 * Market orders and triggered stops wait in `marketable`, in arrival order, for liquidity.
 * Known limit: orders match against the synthetic quote, never against each other.
 */
import type { Decimal } from '../decimal.js'
import type { Order } from './order.js'

type Compare = (a: Order, b: Order) => number

const byArrival: Compare = (a, b) => a.seqNo - b.seqNo
const byPrice =
  (price: (o: Order) => Decimal, direction: 1 | -1): Compare =>
  (a, b) =>
    price(a).cmp(price(b)) * direction || a.seqNo - b.seqNo

const limitOf = (o: Order): Decimal => o.limitPrice as Decimal
const stopOf = (o: Order): Decimal => o.stopPrice as Decimal

export class SymbolBook {
  readonly marketable: Order[] = []
  readonly buyLimits: Order[] = []
  readonly sellLimits: Order[] = []
  readonly buyStops: Order[] = []
  readonly sellStops: Order[] = []
  readonly trailing: Order[] = []

  add(order: Order): void {
    const [list, compare] = this.#placeFor(order)
    insertSorted(list, order, compare)
  }

  remove(order: Order): void {
    for (const list of this.#lists()) {
      const i = list.indexOf(order)
      if (i >= 0) {
        list.splice(i, 1)
        return
      }
    }
  }

  /** Moves an order whose stop triggered to where it now waits. */
  reposition(order: Order): void {
    this.remove(order)
    this.add(order)
  }

  get size(): number {
    return this.#lists().reduce((n, list) => n + list.length, 0)
  }

  #lists(): Order[][] {
    return [
      this.marketable,
      this.buyLimits,
      this.sellLimits,
      this.buyStops,
      this.sellStops,
      this.trailing,
    ]
  }

  #placeFor(order: Order): [Order[], Compare] {
    const buy = order.side === 'buy'
    if (!order.triggered && order.type === 'trailing_stop') return [this.trailing, byArrival]
    if (!order.triggered && (order.type === 'stop' || order.type === 'stop_limit')) {
      return buy ? [this.buyStops, byPrice(stopOf, 1)] : [this.sellStops, byPrice(stopOf, -1)]
    }
    if (order.limitPrice !== null && order.type !== 'market') {
      return buy ? [this.buyLimits, byPrice(limitOf, -1)] : [this.sellLimits, byPrice(limitOf, 1)]
    }
    return [this.marketable, byArrival]
  }
}

function insertSorted(list: Order[], order: Order, compare: Compare): void {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(list[mid] as Order, order) <= 0) lo = mid + 1
    else hi = mid
  }
  list.splice(lo, 0, order)
}
