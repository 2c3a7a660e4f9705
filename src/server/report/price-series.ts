/**
 * Per-symbol price series for the report's charts, from the `quote.updated` events the journal
 * still holds. A long series is downsampled in buckets: each keeps its first and last quote and
 * the quotes with the lowest bid, highest ask, lowest and highest last, so spikes and gaps survive
 * (a flash crash is one quote wide) and the first and last quote of the timeline are always kept.
 *
 * Known limit: a world's opening quotes are not events, so a series starts at the first
 * `quote.updated` (the first market tick, or the first market event).
 */
import {
  PRICE_POINTS_TOTAL_MAX,
  PRICE_SERIES_POINTS_MAX,
  type PricePoint,
  type PriceSeries,
} from '../../api/schemas/report.js'
import type { JournalEvent, QuoteView } from '../../sim/index.js'

/** Points one bucket may keep: first, last, lowest bid, highest ask, lowest and highest last. */
const POINTS_PER_BUCKET = 6

/** Points per symbol: the most one series may have, less with many symbols (never below 60). */
export function pointsPerSymbol(symbols: number): number {
  return Math.max(
    10 * POINTS_PER_BUCKET,
    Math.min(PRICE_SERIES_POINTS_MAX, Math.floor(PRICE_POINTS_TOTAL_MAX / Math.max(1, symbols))),
  )
}

/**
 * One series per symbol of `quotes` (in that order). A symbol without a retained quote event
 * gets its current quote as its one point.
 */
export function priceSeries(
  events: readonly JournalEvent[],
  quotes: readonly QuoteView[],
  maxPoints: number = pointsPerSymbol(quotes.length),
): PriceSeries[] {
  const bySymbol = new Map<string, PricePoint[]>(quotes.map((q) => [q.symbol, []]))
  for (const event of events) {
    if (event.type !== 'quote.updated') continue
    const quote = event.data.quote as QuoteView
    bySymbol.get(quote.symbol)?.push(toPoint(quote))
  }
  return quotes.map((quote) => {
    const points = bySymbol.get(quote.symbol) ?? []
    return {
      symbol: quote.symbol,
      quotes: points.length,
      points: points.length === 0 ? [toPoint(quote)] : downsample(points, maxPoints),
    }
  })
}

function toPoint(quote: QuoteView): PricePoint {
  return { time: quote.time, bid: quote.bid, ask: quote.ask, last: quote.last }
}

/** At most `maxPoints` of `points`, in order; see the module comment. */
export function downsample(points: readonly PricePoint[], maxPoints: number): PricePoint[] {
  if (points.length <= maxPoints) return [...points]
  const buckets = Math.max(1, Math.floor(maxPoints / POINTS_PER_BUCKET))
  const kept: PricePoint[] = []
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * points.length) / buckets)
    const to = Math.floor(((b + 1) * points.length) / buckets)
    if (to <= from) continue
    const picks = new Set([
      from,
      to - 1,
      extreme(points, from, to, (p) => Number(p.bid), -1),
      extreme(points, from, to, (p) => Number(p.ask), 1),
      extreme(points, from, to, (p) => Number(p.last), -1),
      extreme(points, from, to, (p) => Number(p.last), 1),
    ])
    for (const i of [...picks].sort((x, y) => x - y)) kept.push(points[i] as PricePoint)
  }
  return kept
}

/** Index of the lowest (`sign` -1) or highest (`sign` 1) value in [from, to); the first on ties. */
function extreme(
  points: readonly PricePoint[],
  from: number,
  to: number,
  value: (point: PricePoint) => number,
  sign: 1 | -1,
): number {
  let best = from
  let bestValue = value(points[from] as PricePoint) * sign
  for (let i = from + 1; i < to; i++) {
    const v = value(points[i] as PricePoint) * sign
    if (v > bestValue) {
      best = i
      bestValue = v
    }
  }
  return best
}
