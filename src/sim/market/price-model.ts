/**
 * A price model moves one symbol's mid price by one step of virtual time. Models work in binary
 * floating point (that is what stochastic processes are written in); the market rounds their
 * output to the tick grid and floors it at one tick (`SymbolMarket.requote`), so floats never
 * reach money and a price never reaches zero.
 *
 * One instance per symbol (`createPriceModel`), because models remember: momentum its last
 * return, mean reversion its anchor, volatility clustering its current variance. That memory is
 * plain JSON (`snapshot()` / `restore()`), so a world's snapshot can hold it and resume the same
 * path. Randomness comes only from the `rng` passed to `step` (the symbol's `prices/<SYMBOL>`
 * stream), and how many numbers a step draws depends only on the configuration, never on the
 * state, so the stream's position stays predictable.
 *
 * Units: `volatility` is the standard deviation of daily log returns and `drift` the daily log
 * trend, both in percent; a day is the world's trading day (24 h, or one session).
 */
import type { PriceModelName, VolatilityClusteringConfig } from '../config/world-config.js'
import type { Rng } from '../random/rng.js'

/** What a model remembers between steps, as plain JSON (one variant per model). */
export type PriceModelState =
  | { model: 'random_walk'; varianceRatio: number }
  | { model: 'mean_reversion'; varianceRatio: number; anchorLog: number }
  | { model: 'momentum'; varianceRatio: number; lastReturn: number }

export interface PriceModel {
  readonly name: PriceModelName
  /** The next mid after `dtMs` of virtual time; finite and positive for a finite positive `mid`. */
  step(mid: number, dtMs: number, rng: Rng): number
  /**
   * The current volatility as a multiple of the configured one: 1 without volatility clustering,
   * the square root of the GARCH variance ratio with it. The market widens its spread by it.
   */
  volatilityRatio(): number
  /** A copy of the model's memory. */
  snapshot(): PriceModelState
  /** Resumes from a snapshot taken of a model built from the same configuration. */
  restore(state: PriceModelState): void
}

/** What every model is configured with. */
export interface PriceModelParams {
  /** Standard deviation of daily log returns, percent. */
  volatilityPct: number
  /** Daily log trend, percent. */
  driftPct: number
  /** The trading day that volatility and drift are per, ms. */
  dayMs: number
  volatilityClustering: VolatilityClusteringConfig | null
}
