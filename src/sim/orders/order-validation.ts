/**
 * Checks that a well-formed request describes an order this venue can take (422 invalid_order
 * otherwise, and no order is created): positive quantity on the lot grid, prices where the type
 * needs them (and only there), positive and on the tick grid, a future `expireAt` for gtd only.
 * The order class and its exits are checked apart (order-class-validation.ts), because a
 * replacement of a leg is validated as one order.
 */
import { Decimal } from '../decimal.js'
import type { Instrument } from '../market/instrument.js'
import { fail, ok, type Result } from '../result.js'
import { parseIsoTime } from '../time/iso-time.js'
import type { OrderRequest } from './order-request.js'
import type { OrderType } from './order-vocabulary.js'

export interface ValidOrder {
  qty: Decimal
  limitPrice: Decimal | null
  stopPrice: Decimal | null
  trailPrice: Decimal | null
  trailPercent: Decimal | null
  expireAtMs: number | null
}

const NEEDS_LIMIT: readonly OrderType[] = ['limit', 'stop_limit']
const NEEDS_STOP: readonly OrderType[] = ['stop', 'stop_limit']

export function validateOrder(
  request: OrderRequest,
  instrument: Instrument,
  nowMs: number,
): Result<ValidOrder> {
  const { type, symbol } = request
  const invalid = (field: string, message: string): Result<ValidOrder> =>
    fail('invalid_order', `${message}`, { field, symbol, type })
  const qty = Decimal.parse(request.qty)
  if (!qty.isPositive()) return invalid('qty', `qty must be positive, was ${request.qty}`)
  if (!qty.isMultipleOf(instrument.lotSize)) {
    return invalid(
      'qty',
      `qty ${request.qty} is not a multiple of the lot size ${instrument.lotSize} of ${symbol}`,
    )
  }
  const prices: Record<'limitPrice' | 'stopPrice', Decimal | null> = {
    limitPrice: null,
    stopPrice: null,
  }
  for (const [field, needed] of [
    ['limitPrice', NEEDS_LIMIT],
    ['stopPrice', NEEDS_STOP],
  ] as const) {
    const text = request[field]
    if (needed.includes(type) && text === undefined)
      return invalid(field, `a ${type} order needs ${field}`)
    if (!needed.includes(type) && text !== undefined)
      return invalid(field, `${field} does not apply to a ${type} order`)
    if (text === undefined) continue
    const price = Decimal.parse(text)
    if (!price.isPositive()) return invalid(field, `${field} must be positive, was ${text}`)
    if (!price.isMultipleOf(instrument.tickSize)) {
      return invalid(
        field,
        `${field} ${text} is not a multiple of the tick size ${instrument.tickSize} of ${symbol}`,
      )
    }
    prices[field] = price
  }
  const trail = validateTrail(request)
  if (!trail.ok) return trail
  const expiry = validateExpiry(request, nowMs)
  if (!expiry.ok) return expiry
  return ok({ qty, ...prices, ...trail.value, expireAtMs: expiry.value })
}

function validateTrail(
  request: OrderRequest,
): Result<Pick<ValidOrder, 'trailPrice' | 'trailPercent'>> {
  const { trailPrice, trailPercent, type } = request
  if (type !== 'trailing_stop') {
    if (trailPrice !== undefined || trailPercent !== undefined) {
      return fail(
        'invalid_order',
        `trailPrice and trailPercent apply only to trailing_stop orders`,
        { field: 'trailPrice', type },
      )
    }
    return ok({ trailPrice: null, trailPercent: null })
  }
  if ((trailPrice === undefined) === (trailPercent === undefined)) {
    return fail(
      'invalid_order',
      'a trailing_stop order needs exactly one of trailPrice and trailPercent',
      { field: 'trailPrice', type },
    )
  }
  const value = Decimal.parse((trailPrice ?? trailPercent) as string)
  if (!value.isPositive())
    return fail('invalid_order', 'the trail must be positive', { field: 'trailPrice', type })
  return ok(
    trailPrice !== undefined
      ? { trailPrice: value, trailPercent: null }
      : { trailPrice: null, trailPercent: value },
  )
}

function validateExpiry(request: OrderRequest, nowMs: number): Result<number | null> {
  const { timeInForce: tif, type } = request
  if ((tif === 'ioc' || tif === 'fok') && type !== 'market' && type !== 'limit') {
    return fail('invalid_order', `timeInForce ${tif} applies only to market and limit orders`, {
      field: 'timeInForce',
      type,
    })
  }
  if (tif !== 'gtd') {
    if (request.expireAt !== undefined)
      return fail('invalid_order', 'expireAt applies only to gtd orders', { field: 'expireAt' })
    return ok(null)
  }
  if (request.expireAt === undefined)
    return fail('invalid_order', 'a gtd order needs expireAt', { field: 'expireAt' })
  const expireAtMs = parseIsoTime(request.expireAt)
  if (expireAtMs === undefined || expireAtMs <= nowMs) {
    return fail(
      'invalid_order',
      `expireAt must be a time after the current virtual time, was ${request.expireAt}`,
      { field: 'expireAt' },
    )
  }
  return ok(expireAtMs)
}
