/**
 * An instrument's tick or lot grid, for snapping a model's floating price or a drawn size onto
 * it. The answer is always exactly `Decimal.fromNumber(x, 8).roundToStep(step, mode)`: the exact
 * binary value rounded to 8 places, then to a whole number of steps. The market requotes every
 * symbol on every tick, so this is a hot path, and that BigInt arithmetic was a fifth of a tick.
 *
 * Fast path: `x / step` in floating point. Its distance from the true ratio is at most a few
 * units in the last place, and rounding `x` to 8 places moves the ratio by at most
 * 0.5e-8 / step. When the computed ratio is further than both together from the mode's decision
 * point (a whole number for floor and ceil, a half for half_even), the true one is on the same
 * side, and so is the answer. Otherwise, and for ratios too large to count exactly in a double,
 * the exact Decimal path decides (grid.test.ts checks both agree, near boundaries included).
 *
 * Snapped values are kept, a bounded number per grid, so a price seen before is the same
 * `Decimal` (and prints without work: decimal.ts caches its text).
 */
import { Decimal } from '../decimal.js'

export type GridRounding = 'floor' | 'ceil' | 'half_even'

const FROM_NUMBER_DIGITS = 8
// Ratios below this count steps exactly in a double, with room for the margin below.
const FAST_RATIO_MAX = 2 ** 50
// A few units in the last place of the ratio (division, and the step's own binary rounding).
const RELATIVE_ERROR = 4 * Number.EPSILON
const CACHE_SIZE = 4096
const REBASE_AFTER_MISSES = 64

export class Grid {
  readonly step: Decimal
  readonly #stepNumber: number
  readonly #roundingMargin: number
  // A window of steps around the last values snapped: a price wanders, it does not jump about.
  // (A Map keyed by these numbers cost more than building the Decimal it saved.)
  #cache: (Decimal | undefined)[] = []
  #cacheBase = 0
  #missesOutside = 0

  constructor(step: Decimal) {
    this.step = step
    this.#stepNumber = step.toNumber()
    this.#roundingMargin = (0.5 * 10 ** -FROM_NUMBER_DIGITS) / this.#stepNumber
  }

  /**
   * How many steps `x` snaps to, as `Decimal.fromNumber(x, 8).roundToStep(step, mode)`; null
   * when that many steps cannot be counted exactly in a double (a tiny step on a huge value):
   * the caller then keeps to Decimal arithmetic.
   */
  steps(x: number, mode: GridRounding): number | null {
    const ratio = x / this.#stepNumber
    if (!(Math.abs(ratio) < FAST_RATIO_MAX)) return null
    const margin = this.#roundingMargin + Math.abs(ratio) * RELATIVE_ERROR
    if (margin < 0.25) {
      const whole = Math.floor(ratio) + 0 // + 0: no -0 steps
      const fraction = ratio - whole
      if (mode === 'half_even') {
        if (Math.abs(fraction - 0.5) > margin) return fraction < 0.5 ? whole : whole + 1
      } else if (fraction > margin && fraction < 1 - margin) {
        return mode === 'floor' ? whole : whole + 1
      }
    }
    return this.#exactSteps(x, mode)
  }

  /** `n` steps as a decimal. */
  at(n: number): Decimal {
    let index = n - this.#cacheBase
    if (!(index >= 0 && index < CACHE_SIZE)) {
      // Moved away for good (the window follows), or one stray value (built, not kept).
      if (++this.#missesOutside < REBASE_AFTER_MISSES && this.#cache.length > 0) {
        return Decimal.fromParts(BigInt(n) * this.step.coefficient, this.step.scale)
      }
      this.#missesOutside = 0
      this.#cacheBase = n - CACHE_SIZE / 2
      this.#cache = new Array<Decimal | undefined>(CACHE_SIZE).fill(undefined)
      index = CACHE_SIZE / 2
    }
    let value = this.#cache[index]
    if (value === undefined) {
      value = Decimal.fromParts(BigInt(n) * this.step.coefficient, this.step.scale)
      this.#cache[index] = value
    }
    return value
  }

  #exactSteps(x: number, mode: GridRounding): number | null {
    const snapped = Decimal.fromNumber(x, FROM_NUMBER_DIGITS).roundToStep(this.step, mode)
    // roundToStep gives steps × step; dividing back is exact.
    const scale = Math.max(snapped.scale, this.step.scale)
    const steps = Number(
      (snapped.coefficient * 10n ** BigInt(scale - snapped.scale)) /
        (this.step.coefficient * 10n ** BigInt(scale - this.step.scale)),
    )
    return Number.isSafeInteger(steps) ? steps : null
  }
}
