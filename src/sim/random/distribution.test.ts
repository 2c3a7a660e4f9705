/**
 * The delay sampler: each distribution's shape over 20,000 draws (mean, standard deviation,
 * median within a tolerance several standard errors wide), rounding and clamping, the number of
 * draws each type takes, and the same samples for the same seed.
 */
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../limits.js'
import {
  constantSample,
  distributionProblem,
  sampleDistribution,
  type Distribution,
} from './distribution.js'
import { Rng } from './rng.js'

const DRAWS = 20_000

function samples(dist: Distribution, seed = 'distribution-test', count = DRAWS): number[] {
  const rng = new Rng(seed)
  return Array.from({ length: count }, () => sampleDistribution(rng, dist))
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

function stdDev(values: readonly number[]): number {
  const m = mean(values)
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1))
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return ((sorted[Math.floor(mid - 0.5)] ?? 0) + (sorted[Math.ceil(mid - 0.5)] ?? 0)) / 2
}

describe('sampleDistribution', () => {
  it('fixed: always its ms', () => {
    expect(new Set(samples({ type: 'fixed', ms: 25 }, 'fixed', 100))).toEqual(new Set([25]))
  })

  it('uniform: whole ms in [min, max], every value reached, mean and sd of the discrete uniform', () => {
    const values = samples({ type: 'uniform', min: 10, max: 50 })
    expect(Math.min(...values)).toBe(10)
    expect(Math.max(...values)).toBe(50)
    expect(new Set(values).size).toBe(41)
    expect(values.every(Number.isInteger)).toBe(true)
    // 41 equally likely values: mean 30, sd √((41² − 1) / 12) ≈ 11.83; standard error ≈ 0.08.
    expect(mean(values)).toBeCloseTo(30, 0)
    expect(stdDev(values)).toBeGreaterThan(11.83 * 0.98)
    expect(stdDev(values)).toBeLessThan(11.83 * 1.02)
  })

  it('normal: mean and standard deviation as given, rounded to whole ms', () => {
    const values = samples({ type: 'normal', mean: 200, stdDev: 30 })
    expect(values.every(Number.isInteger)).toBe(true)
    // Standard error of the mean 30 / √20000 ≈ 0.21; of the sd ≈ 0.15.
    expect(Math.abs(mean(values) - 200)).toBeLessThan(1)
    expect(Math.abs(stdDev(values) - 30)).toBeLessThan(0.75)
    expect(Math.abs(median(values) - 200)).toBeLessThanOrEqual(1)
  })

  it('lognormal: median e^mu, sd of the log sigma, mean median × e^(sigma²/2)', () => {
    const values = samples({ type: 'lognormal', median: 40, sigma: 0.5 })
    expect(values.every(Number.isInteger)).toBe(true)
    // Standard error of the median ≈ 0.18 ms; rounding to whole ms adds at most half of one.
    expect(Math.abs(median(values) - 40)).toBeLessThanOrEqual(1)
    expect(Math.abs(mean(values) - 40 * Math.exp(0.125))).toBeLessThan(0.6)
    const logs = values.map(Math.log)
    expect(Math.abs(stdDev(logs) - 0.5)).toBeLessThan(0.015)
    // Skewed right: the mean is above the median.
    expect(mean(values)).toBeGreaterThan(median(values))
  })

  it('rounds half up to whole ms', () => {
    const rng = new Rng('round')
    expect(sampleDistribution(rng, { type: 'normal', mean: 12.5, stdDev: 0 })).toBe(13)
    expect(sampleDistribution(rng, { type: 'normal', mean: 12.49, stdDev: 0 })).toBe(12)
    expect(sampleDistribution(rng, { type: 'lognormal', median: 7.5, sigma: 0 })).toBe(8)
  })

  it('clamps to [0, LIMITS.delayMsMax], one hour', () => {
    expect(LIMITS.delayMsMax).toBe(3_600_000)
    const around0 = samples({ type: 'normal', mean: 0, stdDev: 10 })
    expect(Math.min(...around0)).toBe(0)
    // Half the mass is below zero and lands on 0 (±3 standard errors of a proportion).
    const zeros = around0.filter((v) => v === 0).length / DRAWS
    expect(zeros).toBeGreaterThan(0.5 - 0.02)
    expect(zeros).toBeLessThan(0.5 + 0.04)
    expect(samples({ type: 'fixed', ms: 10_000_000 }, 'big', 3)).toEqual(Array(3).fill(3_600_000))
    expect(samples({ type: 'uniform', min: 4_000_000, max: 5_000_000 }, 'big', 3)).toEqual(
      Array(3).fill(3_600_000),
    )
    const wild = samples({ type: 'lognormal', median: 1000, sigma: 1e6 }, 'wild', 1000)
    expect(Math.min(...wild)).toBe(0)
    expect(Math.max(...wild)).toBe(3_600_000)
    expect(wild.every((v) => v === 0 || v === 3_600_000)).toBe(true)
    expect(samples({ type: 'lognormal', median: 0, sigma: 3 }, 'zero', 100)).toEqual(
      Array(100).fill(0),
    )
    const huge = samples({ type: 'normal', mean: 1e308, stdDev: 1e308 }, 'huge', 100)
    expect(huge.every((v) => v >= 0 && v <= 3_600_000)).toBe(true)
  })

  it('gives the same samples for the same seed, others for another', () => {
    const dists: Distribution[] = [
      { type: 'uniform', min: 0, max: 1000 },
      { type: 'normal', mean: 100, stdDev: 20 },
      { type: 'lognormal', median: 50, sigma: 1 },
    ]
    for (const dist of dists) {
      expect(samples(dist, 'seed-a', 200), dist.type).toEqual(samples(dist, 'seed-a', 200))
      expect(samples(dist, 'seed-a', 200), dist.type).not.toEqual(samples(dist, 'seed-b', 200))
    }
  })

  it('draws a number of values fixed by the type: none, one nextInt, one nextNormal', () => {
    const after = (draw: (rng: Rng) => void) => {
      const rng = new Rng('draw-count')
      draw(rng)
      return rng.state()
    }
    const untouched = after(() => {})
    expect(after((r) => sampleDistribution(r, { type: 'fixed', ms: 9 }))).toEqual(untouched)
    expect(after((r) => sampleDistribution(r, { type: 'uniform', min: 5, max: 5 }))).toEqual(
      untouched,
    )
    expect(after((r) => sampleDistribution(r, { type: 'uniform', min: 1, max: 9 }))).toEqual(
      after((r) => r.nextInt(1, 9)),
    )
    for (const dist of [
      { type: 'normal', mean: 10, stdDev: 0 },
      { type: 'lognormal', median: 10, sigma: 2 },
    ] satisfies Distribution[]) {
      expect(after((r) => sampleDistribution(r, dist))).toEqual(after((r) => r.nextNormal()))
    }
  })

  it('draws uniform exactly as nextInt(min, max)', () => {
    const rng = new Rng('same-as-next-int')
    const expected = Array.from({ length: 50 }, () => rng.nextInt(3, 70))
    expect(samples({ type: 'uniform', min: 3, max: 70 }, 'same-as-next-int', 50)).toEqual(expected)
  })
})

describe('constantSample', () => {
  it('is the one sample of fixed and of a one-point uniform, null for the others', () => {
    expect(constantSample({ type: 'fixed', ms: 12 })).toBe(12)
    expect(constantSample({ type: 'fixed', ms: 1e9 })).toBe(LIMITS.delayMsMax)
    expect(constantSample({ type: 'uniform', min: 7, max: 7 })).toBe(7)
    expect(constantSample({ type: 'uniform', min: 7, max: 8 })).toBeNull()
    expect(constantSample({ type: 'normal', mean: 7, stdDev: 0 })).toBeNull()
    expect(constantSample({ type: 'lognormal', median: 7, sigma: 0 })).toBeNull()
  })
})

describe('distributionProblem', () => {
  it('accepts sound parameters', () => {
    for (const dist of [
      { type: 'fixed', ms: 0 },
      { type: 'uniform', min: 0, max: 0 },
      { type: 'uniform', min: 3, max: 70 },
      { type: 'normal', mean: 0, stdDev: 0 },
      { type: 'lognormal', median: 0, sigma: 0 },
      { type: 'lognormal', median: 40.5, sigma: 1.5 },
    ] satisfies Distribution[]) {
      expect(distributionProblem(dist), JSON.stringify(dist)).toBeNull()
    }
  })

  it('names the parameter at fault', () => {
    const cases: [Distribution, string][] = [
      [{ type: 'fixed', ms: -1 }, 'ms'],
      [{ type: 'fixed', ms: 2.5 }, 'ms'],
      [{ type: 'uniform', min: -1, max: 5 }, 'min'],
      [{ type: 'uniform', min: 0, max: 1.5 }, 'max'],
      [{ type: 'uniform', min: 9, max: 5 }, 'min'],
      [{ type: 'normal', mean: -1, stdDev: 1 }, 'mean'],
      [{ type: 'normal', mean: 1, stdDev: -0.1 }, 'stdDev'],
      [{ type: 'normal', mean: Number.NaN, stdDev: 1 }, 'mean'],
      [{ type: 'lognormal', median: -5, sigma: 1 }, 'median'],
      [{ type: 'lognormal', median: 5, sigma: -1 }, 'sigma'],
      [{ type: 'lognormal', median: 5, sigma: Number.POSITIVE_INFINITY }, 'sigma'],
    ]
    for (const [dist, field] of cases) {
      const problem = distributionProblem(dist)
      expect(problem?.field, JSON.stringify(dist)).toBe(field)
      expect(problem?.message).toContain(field)
    }
  })
})
