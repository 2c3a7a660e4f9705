/**
 * Per-symbol overrides of the market that timed events set: a spread, a liquidity factor, stale
 * quotes, and the flash crashes in progress. Plain data in `world.overrides`, so a snapshot
 * captures them; each timed override remembers the event that set it, so the end of an earlier
 * event never undoes a later one.
 *
 * The quote of a symbol is built from `effectiveQuoteParams`: the spread override replaces the
 * spread (whatever the model would have quoted), the liquidity factor multiplies the touch sizes.
 */
import type { World } from '../world.js'
import type { QuoteParams } from './symbol-market.js'

export interface MarketOverrides {
  spread: { bps: number; eventId: string } | null
  liquidity: { factor: number; eventId: string } | null
  /** While set, the symbol publishes no quote; matching goes on against the last one. */
  stale: { untilMs: number; eventId: string } | null
  /** Ids of the flash crashes moving this symbol's mid; its price model waits meanwhile. */
  crashes: string[]
}

const NONE: Readonly<MarketOverrides> = Object.freeze({
  spread: null,
  liquidity: null,
  stale: null,
  crashes: Object.freeze([]) as unknown as string[],
})

/** The overrides of `symbol`, read-only; a symbol nothing overrode has none. */
export function overridesOf(world: World, symbol: string): Readonly<MarketOverrides> {
  return world.overrides.get(symbol) ?? NONE
}

/** The overrides of `symbol`, created on first write. */
export function writableOverrides(world: World, symbol: string): MarketOverrides {
  let overrides = world.overrides.get(symbol)
  if (overrides === undefined) {
    overrides = { spread: null, liquidity: null, stale: null, crashes: [] }
    world.overrides.set(symbol, overrides)
  }
  return overrides
}

/** `params` with the symbol's spread override and liquidity factor applied. */
export function effectiveQuoteParams(
  world: World,
  symbol: string,
  params: QuoteParams,
): QuoteParams {
  const { spread, liquidity } = overridesOf(world, symbol)
  if (spread === null && liquidity === null) return params
  return {
    ...params,
    spreadBps: spread?.bps ?? params.spreadBps,
    liquidity: params.liquidity * (liquidity?.factor ?? 1),
  }
}

/** Whether `symbol`'s quotes are stale: nothing may publish a new quote for it. */
export function quotesStale(world: World, symbol: string): boolean {
  return overridesOf(world, symbol).stale !== null
}

/** Whether a flash crash drives `symbol`'s mid, so market ticks leave it alone. */
export function crashInProgress(world: World, symbol: string): boolean {
  return overridesOf(world, symbol).crashes.length > 0
}
