/**
 * A request to place an order, as the shell hands it over after checking the wire schema:
 * decimals as strings, times as ISO strings, defaults (type, time in force, class) applied.
 */
import type { JsonObject } from '../journal/events.js'
import type { OrderClass, OrderType, Side, TimeInForce } from './order-vocabulary.js'

export interface OrderRequest {
  clientOrderId?: string | undefined
  symbol: string
  side: Side
  qty: string
  type: OrderType
  limitPrice?: string | undefined
  stopPrice?: string | undefined
  trailPrice?: string | undefined
  trailPercent?: string | undefined
  timeInForce: TimeInForce
  expireAt?: string | undefined
  strategyId?: string | undefined
  metadata?: JsonObject | undefined
  orderClass: OrderClass
  takeProfit?: { limitPrice: string } | undefined
  stopLoss?: { stopPrice: string; limitPrice?: string | undefined } | undefined
}

/** The fields a replace may change (CONTRACT.md section 1, PATCH). */
export interface OrderPatch {
  qty?: string | undefined
  limitPrice?: string | undefined
  stopPrice?: string | undefined
  trailPrice?: string | undefined
  trailPercent?: string | undefined
  timeInForce?: TimeInForce | undefined
  expireAt?: string | undefined
  clientOrderId?: string | undefined
}
