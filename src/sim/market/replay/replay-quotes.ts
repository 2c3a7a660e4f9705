/**
 * Historical symbols in a world. When the world is created each one gets its feed (tick-feed.ts or
 * bar-feed.ts) and shows the fixture's quote at the clock's start, which is where the file's first
 * row lands: the replay is shifted onto the virtual clock with its offsets kept. At every market
 * tick it shows the fixture's quote for the current virtual time instead of stepping a price
 * model (market-tick.ts), and matching runs as usual.
 *
 * Market events act on a historical symbol as on any other, until the next tick shows the file
 * again: a jump or gap moves the quote for the rest of the tick, a flash crash suspends the replay
 * while it runs, stale quotes hide the replayed quotes (the mid moves underneath), a halt stops
 * the ticks. The spread (`marketConfig.spread`, or a `spread` event's) and the liquidity (with a
 * `liquidity` event's factor) shape a bar replay's quotes and the sizes a tick file leaves out; a
 * tick file's own prices and sizes are shown exactly as written.
 */
import { invariant } from '../../invariant.js'
import type { World } from '../../world.js'
import { effectiveQuoteParams } from '../market-overrides.js'
import { hideMid } from '../publish-quote.js'
import { toQuoteView } from '../quote-view.js'
import type { SymbolMarket } from '../symbol-market.js'
import { BarFeed } from './bar-feed.js'
import {
  historicalSymbols,
  seriesOf,
  type BarRow,
  type ReplayFixture,
  type TickRow,
} from './fixture.js'
import type { ReplayFeed, ReplayQuote } from './replay-feed.js'
import { TickFeed } from './tick-feed.js'

/** Builds the feeds of the world's historical symbols and shows their quotes at the start. */
export function openReplays(world: World, fixture: ReplayFixture | null): void {
  buildReplayFeeds(world, fixture)
  for (const [symbol, feed] of world.replays)
    world.market(symbol).setQuote(feed.quoteAt(0, world.quoteParams), world.nowMs)
}

/** The feeds alone: a restored world's markets already show where the replay was. */
export function buildReplayFeeds(world: World, fixture: ReplayFixture | null): void {
  for (const { symbol } of historicalSymbols(world.config)) {
    invariant(fixture !== null, `${symbol} is historical but the world has no fixture`)
    const series = seriesOf(fixture, symbol)
    invariant(series !== undefined, `fixture ${fixture.name} has no rows for ${symbol}`)
    const market = world.market(symbol)
    const feed =
      fixture.format === 'ticks'
        ? new TickFeed(market.instrument, series.rows as TickRow[])
        : new BarFeed(market.instrument, series.rows as BarRow[])
    world.replays.set(symbol, feed)
  }
}

/**
 * One market tick of a historical symbol: shows the fixture's quote for now and journals
 * `quote.updated`, unless the symbol's quotes are stale. Answers whether it published.
 */
export function replayTick(world: World, market: SymbolMarket, feed: ReplayFeed): boolean {
  const symbol = market.instrument.symbol
  const params = effectiveQuoteParams(world, symbol, world.quoteParams)
  const quote = feed.quoteAt(world.nowMs - Date.parse(world.config.clock.start), params)
  if (hideMid(world, market, midOf(quote))) return false
  market.setQuote(quote, world.nowMs)
  world.emitQuote(toQuoteView(market))
  return true
}

function midOf(quote: ReplayQuote): number {
  return (quote.bid.toNumber() + quote.ask.toNumber()) / 2
}
