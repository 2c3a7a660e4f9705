/**
 * The market's heartbeat: every `updateFrequency` ms of virtual time while the session is open,
 * each trading symbol (in configured order) steps its price model, requotes, journals
 * `quote.updated` and runs a matching pass. While the session is closed nothing moves, and the
 * next tick is the next open. Halted symbols keep their last quote.
 *
 * Market events (market-overrides.ts): during a flash crash the crash alone moves the symbol's
 * mid; while its quotes are stale the model steps the mid underneath and nothing is published;
 * a spread override and a liquidity factor apply to the quote built here.
 *
 * Each symbol steps its own model (`world.priceModel(symbol)`) with its own stream
 * (`prices/<SYMBOL>`), so adding a symbol never changes another's path. The quoted spread widens
 * with the model's current volatility (volatility-spread.ts: configured spread × the ratio of the
 * current to the configured volatility, clamped to [0.5, 4], at most 10000 bps).
 *
 * Each open tick records its time in `world.lastTickMs`: depth taken by fills refills counting
 * from the tick that began the fill's quote period (book-depth.ts).
 *
 * A historical symbol (`model: historical`) steps no model: it shows its fixture's quote for the
 * current virtual time (replay/replay-quotes.ts), then matches as usual.
 */
import { matchSymbol } from '../execution/matching.js'
import type { World } from '../world.js'
import { crashInProgress, effectiveQuoteParams } from './market-overrides.js'
import { hideMid } from './publish-quote.js'
import { replayTick } from './replay/replay-quotes.js'
import { toQuoteView } from './quote-view.js'
import { volatilityQuoteParams } from './volatility-spread.js'

export function scheduleFirstTick(world: World): void {
  world.schedule(nextTickMs(world, world.nowMs), { kind: 'market.tick' })
}

export function marketTick(world: World): void {
  if (world.calendar.isOpen(world.nowMs)) {
    world.lastTickMs = world.nowMs
    const dtMs = world.config.marketConfig.updateFrequency
    for (const market of world.markets.values()) {
      if (market.halted || crashInProgress(world, market.instrument.symbol)) continue
      const symbol = market.instrument.symbol
      const replay = world.replays.get(symbol)
      if (replay !== undefined) {
        if (replayTick(world, market, replay)) matchSymbol(world, symbol)
        continue
      }
      const model = world.priceModel(symbol)
      const mid = model.step(market.mid, dtMs, world.streams.get(`prices/${symbol}`))
      if (hideMid(world, market, mid)) continue
      const widened = volatilityQuoteParams(world.quoteParams, model.volatilityRatio())
      const params = effectiveQuoteParams(world, symbol, widened)
      market.requote(mid, world.nowMs, params, world.streams.get(`sizes/${symbol}`))
      world.emitQuote(toQuoteView(market))
      matchSymbol(world, symbol)
    }
  }
  world.schedule(nextTickMs(world, world.nowMs), { kind: 'market.tick' })
}

function nextTickMs(world: World, fromMs: number): number {
  const next = fromMs + world.config.marketConfig.updateFrequency
  if (world.calendar.isOpen(next)) return next
  return world.calendar.nextOpenMs(next) ?? next
}
