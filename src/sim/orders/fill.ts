/** One execution of an order (CONTRACT.md section 1). Fill ids are unique and never reused. */
import type { Decimal } from '../decimal.js'
import { isoTime } from '../time/iso-time.js'
import type { Liquidity, Side } from './order-vocabulary.js'

export interface Fill {
  readonly id: string
  readonly orderId: string
  readonly clientOrderId: string | null
  readonly accountId: string
  readonly symbol: string
  readonly side: Side
  readonly qty: Decimal
  readonly price: Decimal
  readonly commission: Decimal
  readonly liquidity: Liquidity
  readonly timeMs: number
}

export type FillView = {
  id: string
  orderId: string
  clientOrderId: string | null
  accountId: string
  symbol: string
  side: Side
  qty: string
  price: string
  commission: string
  liquidity: Liquidity
  time: string
}

export function toFillView(fill: Fill): FillView {
  return {
    id: fill.id,
    orderId: fill.orderId,
    clientOrderId: fill.clientOrderId,
    accountId: fill.accountId,
    symbol: fill.symbol,
    side: fill.side,
    qty: fill.qty.toString(),
    price: fill.price.toString(),
    commission: fill.commission.toString(),
    liquidity: fill.liquidity,
    time: isoTime(fill.timeMs),
  }
}
