/**
 * Ornstein–Uhlenbeck on the log price: a range-bound market pulled toward an anchor (the symbol's
 * starting price), `dx = θ (m − x) dt + s dW` with x = ln(mid) and m = ln(anchor).
 *
 * - Pull: θ = ln 2 / halfLife, so without noise the log distance to the anchor halves every
 *   `halfLife` ms of virtual time (the model steps only while the market is open).
 * - Noise: s is chosen so that the standard deviation of daily returns, once the price has settled
 *   around its anchor, is the configured σ (the contract's meaning of `volatility`):
 *   Var[x(t+1 day) − x(t)] = s² (1 − e^(−θ_d)) / θ_d = σ², so s = σ √(θ_d / (1 − e^(−θ_d))), with θ_d
 *   the pull per trading day. A long half-life gives s → σ (a random walk); the default 1 h in a 24 h
 *   day gives s ≈ 4.1 σ: busy intraday, but a day's net move is still about σ, and the price stays
 *   within about σ / √2 of the anchor (one standard deviation).
 * - Step: the exact transition, so any `updateFrequency` gives the same distribution:
 *   x' = m + (x − m) a + s √u √((1 − a²) / (2 θ_d)) ε, with a = e^(−θ dt) and u the GARCH variance
 *   ratio (1 without volatility clustering).
 * - Drift moves the anchor: m grows by μ dt per step, so a trending range is possible.
 *
 * The anchor is for the log price (the median), not the mean price. Draws one standard normal per
 * step when σ > 0, none otherwise.
 */
import { invariant } from '../../invariant.js'
import type { Rng } from '../../random/rng.js'
import type { PriceModel, PriceModelParams, PriceModelState } from '../price-model.js'
import { nextVarianceRatio } from './volatility-clustering.js'

export interface MeanReversionParams extends PriceModelParams {
  /** The price the model reverts to (before drift). */
  anchor: number
  halfLifeMs: number
}

export class MeanReversionModel implements PriceModel {
  readonly name = 'mean_reversion'
  readonly #mu: number
  readonly #dayMs: number
  readonly #halfLifeMs: number
  /** Pull per trading day, θ_d. */
  readonly #thetaDay: number
  /** Noise per √day, s. */
  readonly #noise: number
  readonly #clustering: PriceModelParams['volatilityClustering']
  #anchorLog: number
  #varianceRatio = 1
  /** a and √((1 − a²) / (2 θ_d)) for the last dtMs, which is nearly always the same. */
  #cache = { dtMs: Number.NaN, decay: 1, noiseScale: 0 }

  constructor(params: MeanReversionParams) {
    invariant(
      params.anchor > 0 && params.halfLifeMs > 0,
      `Failed to create a mean_reversion model: anchor and halfLife must be positive, were ${params.anchor} and ${params.halfLifeMs}`,
    )
    const sigma = params.volatilityPct / 100
    this.#mu = params.driftPct / 100
    this.#dayMs = params.dayMs
    this.#halfLifeMs = params.halfLifeMs
    this.#thetaDay = (Math.LN2 * params.dayMs) / params.halfLifeMs
    this.#noise = sigma * Math.sqrt(this.#thetaDay / -Math.expm1(-this.#thetaDay))
    this.#clustering = params.volatilityClustering
    this.#anchorLog = Math.log(params.anchor)
  }

  step(mid: number, dtMs: number, rng: Rng): number {
    const { decay, noiseScale } = this.#coefficients(dtMs)
    this.#anchorLog += (this.#mu * dtMs) / this.#dayMs
    const anchorLog = this.#anchorLog
    const pulled = anchorLog + (Math.log(mid) - anchorLog) * decay
    if (this.#noise === 0) return Math.exp(pulled)
    const epsilon = rng.nextNormal()
    const noise = this.#noise * Math.sqrt(this.#varianceRatio) * noiseScale * epsilon
    this.#varianceRatio = nextVarianceRatio(this.#varianceRatio, epsilon, this.#clustering)
    return Math.exp(pulled + noise)
  }

  volatilityRatio(): number {
    return Math.sqrt(this.#varianceRatio)
  }

  snapshot(): PriceModelState {
    return { model: this.name, varianceRatio: this.#varianceRatio, anchorLog: this.#anchorLog }
  }

  restore(state: PriceModelState): void {
    invariant(
      state.model === this.name && state.varianceRatio >= 0 && Number.isFinite(state.anchorLog),
      `Failed to restore a mean_reversion model from ${JSON.stringify(state)}`,
    )
    this.#varianceRatio = state.varianceRatio
    this.#anchorLog = state.anchorLog
  }

  #coefficients(dtMs: number): { decay: number; noiseScale: number } {
    if (this.#cache.dtMs !== dtMs) {
      const decay = Math.exp((-Math.LN2 * dtMs) / this.#halfLifeMs)
      // 1 − a² = −expm1(−2 θ dt), accurate however small θ dt is.
      const oneMinusDecaySq = -Math.expm1((-2 * Math.LN2 * dtMs) / this.#halfLifeMs)
      this.#cache = { dtMs, decay, noiseScale: Math.sqrt(oneMinusDecaySq / (2 * this.#thetaDay)) }
    }
    return this.#cache
  }
}
