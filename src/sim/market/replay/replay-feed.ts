/**
 * A historical symbol's source of quotes: given a time (as an offset from the clock's start, which
 * is where the fixture's first row lands), the quote the fixture shows then. Feeds are read-only
 * and answer by binary search, so they hold no state a snapshot would need: the quote at a time
 * depends on that time alone.
 *
 * Before a symbol's first row its first row shows; after its last row the last one holds.
 * Sizes the file does not give follow `liquidity` exactly (no random draw): the liquidity rounded
 * down to the lot, at least one lot, none when it is 0.
 */
import { Decimal } from '../../decimal.js'
import type { Instrument } from '../instrument.js'
import type { QuoteParams } from '../symbol-market.js'

/** A quote as `SymbolMarket.setQuote` takes it. */
export interface ReplayQuote {
  bid: Decimal
  ask: Decimal
  bidSize: Decimal
  askSize: Decimal
  last: Decimal
}

export interface ReplayFeed {
  readonly instrument: Instrument
  /** The quote at `offsetMs` after the clock's start, with the symbol's current quote params. */
  quoteAt(offsetMs: number, params: QuoteParams): ReplayQuote
}

/** Index of the last of the ascending `offsets` at or before `offsetMs`; 0 before the first. */
export function lastAtOrBefore(offsets: readonly number[], offsetMs: number): number {
  let low = 0
  let high = offsets.length - 1
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if ((offsets[middle] as number) <= offsetMs) low = middle
    else high = middle - 1
  }
  return low
}

/** The size shown at the touch when the file gives none: `liquidity` in whole lots. */
export function touchSize(liquidity: number, lot: Decimal): Decimal {
  if (!(liquidity > 0)) return Decimal.ZERO
  return Decimal.max(lot, Decimal.fromNumber(liquidity, 8).roundToStep(lot, 'floor'))
}
