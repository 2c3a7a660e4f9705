/**
 * How OHLCV bars become a price path (fixtures/README.md, docs/BEHAVIOUR.md): a bar is four points
 * at fixed fractions of the bar length, joined by straight lines, and its close holds until the
 * next bar opens. No randomness: the same bars always give the same path.
 *
 * - The bar length `L` is the smallest gap between two consecutive bars of the series (a minute
 *   for minute bars, a day for daily bars), so a missing bar or a weekend is a hold, not a slower
 *   bar. A series needs two bars to have a length (check-fixture.ts refuses a single one).
 * - A bar starting at `t` visits open at `t`, then its two extremes at `t + L/4` and `t + L/2`, and
 *   its close at `t + 3L/4` (fractions rounded down to the millisecond). The extremes come in the
 *   order a bar most plausibly traded them: low then high when the close is above the open (an up
 *   bar), high then low otherwise.
 * - The close holds from `t + 3L/4` until the next bar's open, which is a jump (an overnight gap
 *   stays a gap). The last bar's close holds for ever.
 */
import type { Decimal } from '../../decimal.js'

export interface BarPrices {
  offsetMs: number
  open: Decimal
  high: Decimal
  low: Decimal
  close: Decimal
}

export interface PathPoint {
  offsetMs: number
  price: Decimal
  /** True: the price moves in a straight line to the next point. False: it holds until then. */
  glides: boolean
}

/** The path of `bars` (in strictly increasing time, at least two). */
export function barPath(bars: readonly BarPrices[]): PathPoint[] {
  const lengthMs = barLengthMs(bars)
  return bars.flatMap((bar) => {
    const up = bar.close.gt(bar.open)
    const [first, second] = up ? [bar.low, bar.high] : [bar.high, bar.low]
    const at = (quarters: number) => bar.offsetMs + Math.floor((lengthMs * quarters) / 4)
    return [
      { offsetMs: at(0), price: bar.open, glides: true },
      { offsetMs: at(1), price: first, glides: true },
      { offsetMs: at(2), price: second, glides: true },
      { offsetMs: at(3), price: bar.close, glides: false },
    ]
  })
}

/** The smallest gap between consecutive bars. */
export function barLengthMs(bars: readonly { offsetMs: number }[]): number {
  let length = Infinity
  let previous: number | undefined
  for (const { offsetMs } of bars) {
    if (previous !== undefined) length = Math.min(length, offsetMs - previous)
    previous = offsetMs
  }
  return length
}
