/**
 * Moves a symbol's mid outside the market tick (an event, a flash-crash step, the end of an
 * override) and publishes the quote built from it, with the symbol's overrides applied.
 *
 * While the symbol's quotes are stale nothing is published: the mid moves underneath (it is the
 * price the quote will show once quotes resume) and the last quote, which matching keeps using,
 * stays as it was.
 */
import { LIMITS } from '../limits.js'
import type { World } from '../world.js'
import { effectiveQuoteParams, quotesStale } from './market-overrides.js'
import { toQuoteView } from './quote-view.js'
import type { SymbolMarket } from './symbol-market.js'

/** Sets the mid and publishes a fresh quote (`quote.updated`), unless the quotes are stale. */
export function publishMid(world: World, symbol: string, mid: number): void {
  const market = world.market(symbol)
  if (hideMid(world, market, mid)) return
  market.requote(
    mid,
    world.nowMs,
    effectiveQuoteParams(world, symbol, world.quoteParams),
    world.streams.get(`sizes/${symbol}`),
  )
  world.emitQuote(toQuoteView(market))
}

/**
 * When `market`'s quotes are stale, moves only its mid (clamped as a quote would be) and answers
 * true: the caller must not requote. The market tick uses it too.
 */
export function hideMid(world: World, market: SymbolMarket, mid: number): boolean {
  if (!quotesStale(world, market.instrument.symbol)) return false
  const floor = market.instrument.tickSize.toNumber()
  market.mid = Number.isFinite(mid) ? Math.min(LIMITS.priceMax, Math.max(floor, mid)) : floor
  return true
}
