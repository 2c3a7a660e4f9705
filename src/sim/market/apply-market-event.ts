/**
 * Injected market events. `price_jump` moves the mid (by `pct` or to `price`) and requotes with the
 * current spread around it; `halt` stops quoting and matching for the symbol and makes new orders
 * fail with `market_halted`; `resume` undoes it. Each is journaled as `market.<kind>` and, where the
 * quote changed, `quote.updated`, followed by a matching pass.
 */
import { Decimal } from '../decimal.js'
import { matchSymbol } from '../execution/matching.js'
import type { JsonObject } from '../journal/events.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import type { MarketEvent } from './market-event.js'
import { toQuoteView } from './quote-view.js'

/** Checks an event against the world before it is accepted, so a scheduled one cannot fail later. */
export function checkMarketEvent(world: World, event: MarketEvent): Result<null> {
  const market = world.markets.get(event.symbol)
  if (!market)
    return fail('unknown_symbol', `unknown symbol ${event.symbol}`, { symbol: event.symbol })
  if (event.kind !== 'price_jump') return ok(null)
  if ((event.pct === undefined) === (event.price === undefined)) {
    return fail('invalid_request', 'price_jump needs exactly one of pct and price', {
      kind: event.kind,
    })
  }
  if (event.price !== undefined) {
    const price = Decimal.parse(event.price)
    if (!price.isPositive())
      return fail('invalid_request', `price must be positive, was ${event.price}`, {
        kind: event.kind,
      })
  }
  if (event.pct !== undefined && event.pct <= -100) {
    return fail('invalid_request', `pct must be greater than -100, was ${event.pct}`, {
      kind: event.kind,
    })
  }
  return ok(null)
}

export function applyMarketEvent(world: World, eventId: string, event: MarketEvent): void {
  const market = world.market(event.symbol)
  const data: JsonObject = { id: eventId, ...(event as unknown as JsonObject) }
  switch (event.kind) {
    case 'price_jump': {
      const mid =
        event.price !== undefined
          ? Decimal.parse(event.price).toNumber()
          : market.mid * (1 + (event.pct as number) / 100)
      market.requote(
        mid,
        world.nowMs,
        world.quoteParams,
        world.streams.get(`sizes/${event.symbol}`),
      )
      world.emit('market.price_jump', null, data)
      world.emit('quote.updated', null, { quote: toQuoteView(market) })
      break
    }
    case 'halt':
      market.halted = true
      world.emit('market.halt', null, data)
      break
    case 'resume':
      market.halted = false
      world.emit('market.resume', null, data)
      break
  }
  matchSymbol(world, event.symbol)
}
