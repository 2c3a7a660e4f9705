/**
 * Replays a bar series along its path (bar-path.ts): the price at a time is the path's, rounded
 * half-even to the tick; `last` is that price, and bid and ask sit half the current spread
 * (`marketConfig.spread`, or a `spread` event's) below and above it, rounded outward to the tick
 * (at least one tick apart, bid at least one tick). Sizes follow `liquidity` in whole lots.
 * At a path point (a bar's open, high, low or close) `last` is therefore the file's price exactly.
 */
import { Decimal } from '../../decimal.js'
import type { Instrument } from '../instrument.js'
import type { QuoteParams } from '../symbol-market.js'
import { barPath, type PathPoint } from './bar-path.js'
import type { BarRow } from './fixture.js'
import { lastAtOrBefore, touchSize, type ReplayFeed, type ReplayQuote } from './replay-feed.js'

const TWO = Decimal.fromInt(2)
/** Digits of the intermediate quotient: exact enough that the tick rounding sees the true side. */
const DIGITS = 24

export class BarFeed implements ReplayFeed {
  readonly instrument: Instrument
  readonly #offsets: number[]
  readonly #points: PathPoint[]

  constructor(instrument: Instrument, rows: readonly BarRow[]) {
    this.instrument = instrument
    this.#points = barPath(
      rows.map((row) => ({
        offsetMs: row.offsetMs,
        open: Decimal.parse(row.open),
        high: Decimal.parse(row.high),
        low: Decimal.parse(row.low),
        close: Decimal.parse(row.close),
      })),
    )
    this.#offsets = this.#points.map((point) => point.offsetMs)
  }

  /** The path's price at `offsetMs`, on the tick grid. */
  priceAt(offsetMs: number): Decimal {
    const index = lastAtOrBefore(this.#offsets, offsetMs)
    const from = this.#points[index] as PathPoint
    const to = this.#points[index + 1]
    if (!from.glides || to === undefined || offsetMs <= from.offsetMs) return from.price
    const moved = to.price
      .sub(from.price)
      .mul(Decimal.fromInt(offsetMs - from.offsetMs))
      .div(Decimal.fromInt(to.offsetMs - from.offsetMs), DIGITS, 'floor')
    return from.price.add(moved).roundToStep(this.instrument.tickSize, 'half_even')
  }

  quoteAt(offsetMs: number, params: QuoteParams): ReplayQuote {
    const { tickSize: tick, lotSize: lot } = this.instrument
    const last = this.priceAt(offsetMs)
    const half = last.mulBps(Decimal.fromNumber(params.spreadBps, 8)).div(TWO, DIGITS)
    const bid = Decimal.max(tick, last.sub(half).roundToStep(tick, 'floor'))
    const ceil = last.add(half).roundToStep(tick, 'ceil')
    const ask = ceil.gt(bid) ? ceil : bid.add(tick)
    const size = touchSize(params.liquidity, lot)
    return { bid, ask, bidSize: size, askSize: size, last }
  }
}
