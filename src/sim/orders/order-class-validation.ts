/**
 * Checks the order class of a request and its exits (CONTRACT.md section 1, order classes):
 * `simple` has none; `bracket` needs a take-profit and a stop-loss; `oto` exactly one of them;
 * `oco` both, and is itself the take-profit (a limit order at `takeProfit.limitPrice`).
 *
 * The exits must make sense for the side they close: for a sell exit (closing a long) the
 * take-profit is above the stop-loss, for a buy exit below it, a stop-limit stop-loss has its limit
 * on the far side of its stop, and the price the entry is expected at lies between them: its
 * limit, else its stop, else the touch it would take (for an oco, the touch it would sell or buy
 * at). Classes are for orders that rest: `ioc` and `fok` are refused, as at Alpaca.
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
  touch: { bid: Decimal; ask: Decimal },
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
  if (request.timeInForce === 'ioc' || request.timeInForce === 'fok') {
    return invalid(
      'timeInForce',
      `a ${orderClass} order rests until its exits are done: use day, gtc or gtd, not ${request.timeInForce}`,
    )
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
  const entryPrice = expectedEntry(request, touch)
  const reference =
    orderClass === 'oco' ? 'the current price' : `the entry's expected price (${entryPrice.what})`
  if (profit && !above(profit, entryPrice.price)) {
    return invalid(
      'takeProfit.limitPrice',
      `takeProfit.limitPrice ${profit} must be ${word} ${reference} ${entryPrice.price}`,
    )
  }
  if (stop && !above(entryPrice.price, stop)) {
    return invalid(
      'stopLoss.stopPrice',
      `stopLoss.stopPrice ${stop} must be ${sellExit ? 'below' : 'above'} ${reference} ${entryPrice.price}`,
    )
  }
  return ok({
    takeProfit: profit ? { limitPrice: profit } : null,
    stopLoss: stop ? { stopPrice: stop, limitPrice: stopLimit } : null,
  })
}

/** Where the position the exits close is expected to be opened (oco: the price exits see now). */
function expectedEntry(
  request: OrderRequest,
  touch: { bid: Decimal; ask: Decimal },
): { price: Decimal; what: string } {
  if (request.orderClass === 'oco')
    return { price: request.side === 'sell' ? touch.bid : touch.ask, what: 'touch' }
  if (request.limitPrice !== undefined)
    return { price: Decimal.parse(request.limitPrice), what: 'limitPrice' }
  if (request.stopPrice !== undefined)
    return { price: Decimal.parse(request.stopPrice), what: 'stopPrice' }
  return request.side === 'buy'
    ? { price: touch.ask, what: 'the ask' }
    : { price: touch.bid, what: 'the bid' }
}
