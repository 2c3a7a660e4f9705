/**
 * Paths and statistics for price-model tests: step a model from a named seed, then measure the
 * path (log returns, their standard deviation, autocorrelation). Plain loops over numbers, so a
 * million steps take a fraction of a second.
 */
import type { PriceModel, PriceModelParams } from '../../src/sim/market/price-model.js'
import { Rng } from '../../src/sim/random/rng.js'

export const DAY_MS = 24 * 60 * 60 * 1000
export const MINUTE_MS = 60_000

/** Common parameters: 2% daily volatility, no drift, 24 h days, no clustering. */
export function modelParams(overrides: Partial<PriceModelParams> = {}): PriceModelParams {
  return { volatilityPct: 2, driftPct: 0, dayMs: DAY_MS, volatilityClustering: null, ...overrides }
}

/** `steps + 1` mids: the start, then one per step of `dtMs`, drawn from the stream `seed`. */
export function pricePath(
  model: PriceModel,
  seed: string,
  options: { start?: number; steps: number; dtMs: number; rng?: Rng },
): number[] {
  const rng = options.rng ?? new Rng(seed)
  const path = [options.start ?? 100]
  let mid = path[0] as number
  for (let i = 0; i < options.steps; i++) {
    mid = model.step(mid, options.dtMs, rng)
    path.push(mid)
  }
  return path
}

/** Log returns between consecutive points, or between points `every` apart. */
export function logReturns(path: readonly number[], every = 1): number[] {
  const out: number[] = []
  for (let i = every; i < path.length; i += every) {
    out.push(Math.log((path[i] as number) / (path[i - every] as number)))
  }
  return out
}

export function mean(xs: readonly number[]): number {
  let sum = 0
  for (const x of xs) sum += x
  return sum / xs.length
}

/** Sample standard deviation. */
export function std(xs: readonly number[]): number {
  const m = mean(xs)
  let sum = 0
  for (const x of xs) sum += (x - m) ** 2
  return Math.sqrt(sum / (xs.length - 1))
}

/** Sample autocorrelation at `lag`. */
export function autocorrelation(xs: readonly number[], lag: number): number {
  const m = mean(xs)
  let numerator = 0
  let denominator = 0
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] as number) - m
    denominator += d * d
    if (i >= lag) numerator += d * ((xs[i - lag] as number) - m)
  }
  return numerator / denominator
}

/** |actual / expected − 1|: how far off, as a fraction of what was expected. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual / expected - 1)
}
