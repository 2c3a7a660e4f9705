/**
 * The synthetic depth behind a quote: `marketConfig.depthLevels` price levels per side, level 0
 * being the touch (the quote's bid or ask), and what fills took from each level and have not yet
 * got back. Taker orders walk it (execution/book-walk.ts).
 *
 * Prices: level i sits i steps behind the touch, `ask + i × step` on the ask side and
 * `bid − i × step` on the bid side, where
 *
 *     step = max(one tick, (ask − bid) / 2 rounded down to the tick)
 *
 * so a one-tick market stacks its levels one tick apart, and a wider spread (configured, widened
 * by volatility, or set by a `spread` event) spreads the book out with it: 5 bps on a 190 stock
 * quotes 189.95 / 190.05 and puts the ask levels at 190.05, 190.10, 190.15… Bid levels that would
 * fall below one tick do not exist.
 *
 * Sizes: level 0's full size is the touch size drawn for the quote; level i's is
 * `touch × 0.7^i` rounded down to whole lots, at least one lot (none when the touch has none, so
 * zero liquidity still means an empty book).
 *
 * Depletion and refill: a fill at level i adds its quantity to that level's `missing` shares,
 * which are all back `depthRefillMs` after the market tick that began the fill's quote period
 * (`until = tick + depthRefillMs`), coming back linearly from the later of that tick and the
 * quote the fill took from (`from`; the quote is later when an event requoted after the tick,
 * earlier when quotes are stale):
 *
 *     missing(t) = missing                                    for t ≤ from
 *                = missing × (until − t) / (until − from)    for from < t < until
 *                = 0                                          for t ≥ until
 *
 * Counting from the tick keeps the refill on the tick grid: with `depthRefillMs = n ×
 * updateFrequency` a level is whole again at the n-th tick after the fill, whatever quote the fill
 * took from; with the default of one `updateFrequency` (or 0) the next market tick quotes the
 * whole book again. A fill at a level that is still refilling restarts its clock with the sum of
 * what is missing. The book changes only when a quote is built: between two quotes it is the
 * earlier quote's book less what fills took. What a level offers is
 *
 *     available = full size − missing(quote time), rounded down to whole lots, at least 0.
 *
 * Depletion is plain data per side (`LevelDepletionState`), so a snapshot can hold it; levels
 * nothing took from have no entry.
 */
import { Decimal } from '../decimal.js'
import { LIMITS } from '../limits.js'

export type BookSide = 'bid' | 'ask'

/** Each level's full size relative to the one before it. */
export const DEPTH_SIZE_DECAY = Decimal.parse('0.7')

/** What fills took from one level and has not come back yet, as plain data. */
export interface LevelDepletionState {
  /** 0 is the touch. */
  level: number
  /** Shares missing as of `refillFromMs` (a decimal: they come back continuously). */
  missing: string
  refillFromMs: number
  refillUntilMs: number
}

/** A market's depth as plain data: the full touch sizes of its quote and the depletions. */
export interface BookDepthState {
  bidTouchSize: string
  askTouchSize: string
  bid: LevelDepletionState[]
  ask: LevelDepletionState[]
}

export interface LevelDepletion {
  readonly level: number
  readonly missing: Decimal
  readonly refillFromMs: number
  readonly refillUntilMs: number
}

/** One level of one side of the book as it stands: its price and what it offers now. */
export interface DepthLevel {
  level: number
  price: Decimal
  available: Decimal
}

/** How taken depth comes back: all of it `refillMs` after the tick at `periodStartMs`. */
export interface DepthRefill {
  refillMs: number
  /** When the market last ticked: the start of the quote period the fill happens in. */
  periodStartMs: number
}

/** The distance between two levels: half the quoted spread on the tick grid, at least a tick. */
export function depthStep(bid: Decimal, ask: Decimal, tick: Decimal): Decimal {
  const half = ask.sub(bid).mul(Decimal.parse('0.5')).roundToStep(tick, 'floor')
  return Decimal.max(tick, half)
}

/** The price of `level` on `side`, or null where it would fall below one tick. */
export function levelPrice(
  side: BookSide,
  touch: Decimal,
  step: Decimal,
  level: number,
  tick: Decimal,
): Decimal | null {
  const offset = step.mul(Decimal.fromInt(level))
  if (side === 'ask') return touch.add(offset)
  const price = touch.sub(offset)
  return price.lt(tick) ? null : price
}

/** The full size of `level`: the touch size decayed by 0.7 per level, whole lots, at least one. */
export function levelSize(touchSize: Decimal, level: number, lot: Decimal): Decimal {
  if (level === 0 || touchSize.lt(lot)) return touchSize
  let factor = Decimal.ONE
  for (let i = 0; i < level; i++) factor = factor.mul(DEPTH_SIZE_DECAY)
  return Decimal.max(lot, touchSize.mul(factor).roundToStep(lot, 'floor'))
}

/** The shares of a depletion still missing at `timeMs` (linear refill from `from` to `until`). */
export function missingAt(depletion: LevelDepletion, timeMs: number): Decimal {
  const { missing, refillFromMs: from, refillUntilMs: until } = depletion
  if (timeMs <= from) return missing
  if (timeMs >= until) return Decimal.ZERO
  const left = Decimal.fromInt(until - timeMs)
  return missing.mul(left).div(Decimal.fromInt(until - from), LIMITS.priceScaleDigits, 'ceil')
}

/** What a level of full size `size` offers at `timeMs`: whole lots, never negative. */
export function availableAt(
  size: Decimal,
  depletion: LevelDepletion | undefined,
  timeMs: number,
  lot: Decimal,
): Decimal {
  if (depletion === undefined) return size
  const left = size.sub(missingAt(depletion, timeMs))
  return left.isPositive() ? left.roundToStep(lot, 'floor') : Decimal.ZERO
}

/**
 * The depletion of `level` after a fill of `qty` from the quote of `quoteTimeMs`: what was
 * missing at that quote plus `qty`, all back `refill.refillMs` after the period's tick, linearly
 * from the later of that tick and the quote.
 */
export function afterTake(
  current: LevelDepletion | undefined,
  level: number,
  qty: Decimal,
  quoteTimeMs: number,
  refill: DepthRefill,
): LevelDepletion {
  const missing = current === undefined ? Decimal.ZERO : missingAt(current, quoteTimeMs)
  return {
    level,
    missing: missing.add(qty),
    refillFromMs: Math.max(quoteTimeMs, refill.periodStartMs),
    refillUntilMs: refill.periodStartMs + refill.refillMs,
  }
}

/** The depletions still refilling at `timeMs` (the others are back in full). */
export function stillRefilling(depletions: readonly LevelDepletion[], timeMs: number) {
  return depletions.filter((d) => d.refillUntilMs > timeMs)
}

export function toDepletionState(depletion: LevelDepletion): LevelDepletionState {
  return { ...depletion, missing: depletion.missing.toString() }
}

export function fromDepletionState(state: LevelDepletionState): LevelDepletion {
  return { ...state, missing: Decimal.parse(state.missing) }
}
