/**
 * A distribution of a delay in milliseconds, and its seeded sampler. Venue latency per action
 * (`executionConfig.latency`) uses it today; it knows nothing of what the delay is for, so any
 * other delay (a wall-clock latency fault) can share the type and the draws.
 *
 * Samples are rounded to whole ms (half up) and clamped to [0, LIMITS.delayMsMax], so a long
 * normal or lognormal tail can neither go negative nor stall a world for days.
 *
 * Draws per sample, fixed by the type and never by the values drawn, so a stream's position is
 * predictable: `fixed` none; `uniform` one `nextInt`, or none when `max <= min` (the venue
 * latency drew exactly so before distributions existed, and journal hashes must not move);
 * `normal` and `lognormal` one `nextNormal`.
 */
import { InvariantError } from '../invariant.js'
import { LIMITS } from '../limits.js'
import type { Rng } from './rng.js'

export type Distribution =
  | { type: 'fixed'; ms: number }
  /** Whole ms, both ends included. */
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; stdDev: number }
  /** `median` is e^mu; `sigma` the standard deviation of the logarithm. */
  | { type: 'lognormal'; median: number; sigma: number }

export function sampleDistribution(rng: Rng, dist: Distribution): number {
  return constantSample(dist) ?? clampDelay(rawSample(rng, dist))
}

/**
 * The sample of a distribution that has only one (`fixed`, or `uniform` with `max <= min`),
 * else null: a caller can skip creating a stream that would never be drawn from.
 */
export function constantSample(dist: Distribution): number | null {
  if (dist.type === 'fixed') return clampDelay(dist.ms)
  if (dist.type === 'uniform' && dist.max <= dist.min) return clampDelay(dist.min)
  return null
}

/**
 * Why `dist` cannot be sampled, or null: whole non-negative ms with `min <= max` for `fixed` and
 * `uniform`, finite non-negative parameters for the others. `field` is the parameter at fault,
 * for the caller's error path.
 */
export function distributionProblem(dist: Distribution): { field: string; message: string } | null {
  const wholeMs = (field: string, value: number) =>
    Number.isSafeInteger(value) && value >= 0
      ? null
      : { field, message: `${field} must be a whole number of ms, 0 or more, was ${value}` }
  const nonNegative = (field: string, value: number) =>
    Number.isFinite(value) && value >= 0
      ? null
      : { field, message: `${field} must be a finite number, 0 or more, was ${value}` }
  switch (dist.type) {
    case 'fixed':
      return wholeMs('ms', dist.ms)
    case 'uniform':
      return (
        wholeMs('min', dist.min) ??
        wholeMs('max', dist.max) ??
        (dist.min <= dist.max
          ? null
          : { field: 'min', message: `min (${dist.min}) must not exceed max (${dist.max})` })
      )
    case 'normal':
      return nonNegative('mean', dist.mean) ?? nonNegative('stdDev', dist.stdDev)
    case 'lognormal':
      return nonNegative('median', dist.median) ?? nonNegative('sigma', dist.sigma)
  }
}

function rawSample(rng: Rng, dist: Distribution): number {
  switch (dist.type) {
    case 'fixed':
      return dist.ms
    case 'uniform':
      return rng.nextInt(dist.min, dist.max)
    case 'normal':
      return dist.mean + dist.stdDev * rng.nextNormal()
    case 'lognormal': {
      const z = rng.nextNormal()
      // A huge sigma overflows to Infinity or 0 (then clamped); 0 × Infinity would be NaN.
      return dist.median === 0 ? 0 : dist.median * Math.exp(dist.sigma * z)
    }
    default:
      throw new InvariantError(`unknown distribution ${JSON.stringify(dist)}`)
  }
}

function clampDelay(ms: number): number {
  const rounded = Math.round(ms)
  if (!(rounded > 0)) return 0
  return Math.min(rounded, LIMITS.delayMsMax)
}
