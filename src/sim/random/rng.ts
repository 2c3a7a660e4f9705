/**
 * One named, seeded random stream: the only source of randomness in `sim/`.
 *
 * Wraps seedrandom's Alea generator created with `{ state: true }`, so `state()` captures the
 * exact position as plain data and `new Rng(seed, state)` resumes from it. Every method draws a
 * fixed number of values (no cached spare normal, no early exit in `chance`), so a stream's
 * position depends only on which methods were called, never on their arguments or results.
 *
 * Known limits: `nextNormal` uses `Math.log`, `Math.sqrt` and `Math.cos`, which ECMAScript lets
 * engines approximate differently; results are pinned to the Node version in `.nvmrc`.
 * `nextInt` is uniform to within 2^-53 relative bias (it scales a 53-bit float).
 */
import seedrandom from 'seedrandom'
import { InvariantError, invariant } from '../invariant.js'

/** Serializable position of one random stream; stored in snapshots. */
export type RngState = seedrandom.State.Alea

export class Rng {
  readonly #prng: seedrandom.StatefulPRNG<RngState>

  constructor(seed: string, state?: RngState) {
    invariant(
      state === undefined ||
        (['c', 's0', 's1', 's2'] as const).every((key) => Number.isFinite(state[key])),
      `Failed to restore random stream "${seed}": the state needs finite c, s0, s1 and s2`,
    )
    this.#prng = seedrandom.alea(seed, { state: state ?? true })
  }

  /** Uniform in [0, 1), with 53 bits of precision (two Alea outputs). */
  nextFloat(): number {
    return this.#prng.double()
  }

  /** Uniform integer in [minInclusive, maxInclusive]; one float draw. */
  nextInt(minInclusive: number, maxInclusive: number): number {
    const count = maxInclusive - minInclusive + 1
    // `if` rather than invariant(): its message would be built on every draw.
    if (
      !Number.isSafeInteger(minInclusive) ||
      !Number.isSafeInteger(maxInclusive) ||
      !Number.isSafeInteger(count) ||
      count < 1
    ) {
      throw new InvariantError(
        `Failed to draw an integer: expected safe integers with min <= max, was [${minInclusive}, ${maxInclusive}]`,
      )
    }
    return minInclusive + Math.floor(this.nextFloat() * count)
  }

  /** Standard normal by Box–Muller; two float draws, the second variate is discarded. */
  nextNormal(): number {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()))
    return radius * Math.cos(2 * Math.PI * this.nextFloat())
  }

  /** True with the given probability in [0, 1]; always one float draw. */
  chance(probability: number): boolean {
    if (!(probability >= 0 && probability <= 1)) {
      throw new InvariantError(
        `Failed to draw a chance: probability must be within [0, 1], was ${probability}`,
      )
    }
    return this.nextFloat() < probability
  }

  /** A copy of the current position; pass it to the constructor to resume. */
  state(): RngState {
    return this.#prng.state()
  }
}
