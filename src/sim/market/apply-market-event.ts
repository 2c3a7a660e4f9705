/**
 * Applies injected market events. Each is journaled as `market.<kind>` (its data: the event's own
 * fields plus its `id`) and followed by a matching pass on the symbol.
 *
 * - `price_jump` and `gap` move the mid (by `pct` or to `price`) and requote with the current
 *   spread around it. A gap is a jump named for what it models (an opening or news gap): prices
 *   in between never trade, resting orders meet the new quote.
 * - `halt` stops ticks and matching for the symbol and makes new orders fail with `market_halted`;
 *   `resume` undoes it.
 * - `flash_crash` runs as timer steps (flash-crash.ts); `spread`, `liquidity` and `stale_quotes`
 *   are overrides, timed or not (timed-overrides.ts).
 *
 * Where the quote changed, `quote.updated` follows the `market.<kind>` event, unless the symbol's
 * quotes are stale (publish-quote.ts).
 */
import { Decimal } from '../decimal.js'
import { matchSymbol } from '../execution/matching.js'
import type { JsonObject } from '../journal/events.js'
import type { World } from '../world.js'
import { startFlashCrash } from './flash-crash.js'
import type { MarketEvent } from './market-event.js'
import { publishMid } from './publish-quote.js'
import { applyOverride, runRestore, type RestoreTimer } from './timed-overrides.js'

export { checkMarketEvent } from './check-market-event.js'

export function applyMarketEvent(world: World, eventId: string, event: MarketEvent): void {
  const market = world.market(event.symbol)
  const data = { id: eventId, ...event } as unknown as JsonObject
  switch (event.kind) {
    case 'price_jump':
    case 'gap': {
      const mid =
        event.price !== undefined
          ? Decimal.parse(event.price).toNumber()
          : market.mid * (1 + (event.pct as number) / 100)
      world.emit(`market.${event.kind}`, null, data)
      publishMid(world, event.symbol, mid)
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
    case 'flash_crash':
      startFlashCrash(world, eventId, event)
      break
    case 'spread':
    case 'liquidity':
    case 'stale_quotes':
      applyOverride(world, eventId, event)
      break
  }
  matchSymbol(world, event.symbol)
}

/** The end of a timed override: restores it (if still in force) and matches on the fresh quote. */
export function restoreOverride(world: World, timer: RestoreTimer): void {
  if (runRestore(world, timer)) matchSymbol(world, timer.symbol)
}
