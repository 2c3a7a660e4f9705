/**
 * Checks the order class of a request and its exits (CONTRACT.md section 1, order classes):
 * `simple` has none; `bracket` needs a take-profit and a stop-loss; `oto` exactly one of them;
 * `oco` both, and is itself the take-profit (a limit order at `takeProfit.limitPrice`).
 *
 * The exits must make sense for the side they close: for a sell exit (closing a long) the
 * take-profit is above the stop-loss, for a buy exit below it, a stop-limit stop-loss has its limit
 * on the far side of its stop, and a limit entry lies between its take-profit and its stop-loss.
 * A bracket that could never take its profit without first stopping out is a mistake the client
 * wants to hear about at once, not after the entry filled.
 */
import { Decimal } from '../decimal.js'
import type { Instrument } from '../market/instrument.js'
import { fail, ok, type Result } from '../result.js'
import type { OrderRequest } from './order-request.js'
import type { Side } from './order-vocabulary.js'

export interface ValidExits {
  takeProfit: { limitPrice: Decimal } | null
  stopLoss: { stopPrice: Decimal; limitPrice: Decimal | null } | null
}

/** The side of the exits: the entry's opposite, except for an oco, which is its own exits. */
export function exitSide(request: Pick<OrderRequest, 'orderClass' | 'side'>): Side {
  if (request.orderClass === 'oco') return request.side
  return request.side === 'buy' ? 'sell' : 'buy'
}

export function validateOrderClass(
  request: OrderRequest,
  instrument: Instrument,
): Result<ValidExits> {
  const invalid = (field: string, message: string): Result<ValidExits> =>
    fail('invalid_order', message, {
      field,
      symbol: request.symbol,
      orderClass: request.orderClass,
    })
  const { orderClass, takeProfit, stopLoss } = request
  if (orderClass === 'simple') {
    if (takeProfit || stopLoss) {
      return invalid(
        takeProfit ? 'takeProfit' : 'stopLoss',
        'takeProfit and stopLoss apply only to bracket, oco and oto orders',
      )
    }
    return ok({ takeProfit: null, stopLoss: null })
  }
  if (orderClass === 'oto' ? !takeProfit === !stopLoss : !takeProfit || !stopLoss) {
    const needs =
      orderClass === 'oto' ? 'exactly one of takeProfit and stopLoss' : 'takeProfit and stopLoss'
    return invalid(takeProfit ? 'stopLoss' : 'takeProfit', `a ${orderClass} order needs ${needs}`)
  }
  const prices: Record<string, Decimal | null> = {}
  for (const [field, text] of [
    ['takeProfit.limitPrice', takeProfit?.limitPrice],
    ['stopLoss.stopPrice', stopLoss?.stopPrice],
    ['stopLoss.limitPrice', stopLoss?.limitPrice],
  ] as const) {
    if (text === undefined) {
      prices[field] = null
      continue
    }
    const price = Decimal.parse(text)
    if (!price.isPositive()) return invalid(field, `${field} must be positive, was ${text}`)
    if (!price.isMultipleOf(instrument.tickSize)) {
      return invalid(
        field,
        `${field} ${text} is not a multiple of the tick size ${instrument.tickSize} of ${request.symbol}`,
      )
    }
    prices[field] = price
  }
  const profit = prices['takeProfit.limitPrice'] ?? null
  const stop = prices['stopLoss.stopPrice'] ?? null
  const stopLimit = prices['stopLoss.limitPrice'] ?? null
  if (orderClass === 'oco') {
    if (request.type !== 'limit') {
      return invalid(
        'type',
        'an oco order is its take-profit: send type "limit" (limitPrice may be left out)',
      )
    }
    if (request.limitPrice !== undefined && !Decimal.parse(request.limitPrice).eq(profit!)) {
      return invalid('limitPrice', 'an oco order’s limitPrice must equal takeProfit.limitPrice')
    }
  }
  // Above for a sell exit (closing a long), below for a buy exit.
  const sellExit = exitSide(request) === 'sell'
  const above = (a: Decimal, b: Decimal) => (sellExit ? a.gt(b) : a.lt(b))
  const word = sellExit ? 'above' : 'below'
  if (profit && stop && !above(profit, stop)) {
    return invalid(
      'takeProfit.limitPrice',
      `takeProfit.limitPrice ${profit} must be ${word} stopLoss.stopPrice ${stop} for a ${exitSide(request)} exit`,
    )
  }
  if (stop && stopLimit && above(stopLimit, stop)) {
    return invalid(
      'stopLoss.limitPrice',
      `stopLoss.limitPrice ${stopLimit} must not be ${word} stopLoss.stopPrice ${stop} for a ${exitSide(request)} exit`,
    )
  }
  const entryLimit =
    orderClass !== 'oco' && request.limitPrice !== undefined
      ? Decimal.parse(request.limitPrice)
      : null
  if (entryLimit && profit && !above(profit, entryLimit)) {
    return invalid(
      'takeProfit.limitPrice',
      `takeProfit.limitPrice ${profit} must be ${word} the entry's limitPrice ${entryLimit}`,
    )
  }
  if (entryLimit && stop && !above(entryLimit, stop)) {
    return invalid(
      'stopLoss.stopPrice',
      `stopLoss.stopPrice ${stop} must be ${sellExit ? 'below' : 'above'} the entry's limitPrice ${entryLimit}`,
    )
  }
  return ok({
    takeProfit: profit ? { limitPrice: profit } : null,
    stopLoss: stop ? { stopPrice: stop, limitPrice: stopLimit } : null,
  })
}
