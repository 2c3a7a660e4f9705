/**
 * Momentum: autocorrelated log returns, so moves persist and the market trends in runs.
 *
 *     r_t = φ r_{t−1} + (1 − φ) σ √u √dt ε_t        log(mid') = log(mid) + (μ − σ² u / 2) dt + r_t
 *
 * with φ = `momentum` in [0, 1), σ the daily volatility, μ the daily drift, dt the step as a
 * fraction of a trading day, and u the GARCH variance ratio (1 without volatility clustering).
 *
 * Why the (1 − φ): a sum of AR(1) returns has long-run variance σ_ε² / (1 − φ)² per step, so
 * scaling the innovation by (1 − φ) keeps the standard deviation of daily returns at the configured
 * σ (the contract's meaning of `volatility`); without it, φ = 0.9 would be ten times as volatile
 * as configured. The lag-1 autocorrelation of step returns is φ either way. With φ = 0 the model
 * is the random walk, draw for draw.
 *
 * Draws one standard normal per step when σ > 0, none otherwise.
 */
import { invariant } from '../../invariant.js'
import type { Rng } from '../../random/rng.js'
import type { PriceModel, PriceModelParams, PriceModelState } from '../price-model.js'
import { nextVarianceRatio } from './volatility-clustering.js'

export interface MomentumParams extends PriceModelParams {
  /** φ in [0, 1). */
  momentum: number
}

export class MomentumModel implements PriceModel {
  readonly name = 'momentum'
  readonly #sigma: number
  readonly #mu: number
  readonly #phi: number
  readonly #dayMs: number
  readonly #clustering: PriceModelParams['volatilityClustering']
  #lastReturn = 0
  #varianceRatio = 1

  constructor(params: MomentumParams) {
    invariant(
      params.momentum >= 0 && params.momentum < 1,
      `Failed to create a momentum model: momentum must be in [0, 1), was ${params.momentum}`,
    )
    this.#sigma = params.volatilityPct / 100
    this.#mu = params.driftPct / 100
    this.#phi = params.momentum
    this.#dayMs = params.dayMs
    this.#clustering = params.volatilityClustering
  }

  step(mid: number, dtMs: number, rng: Rng): number {
    const dt = dtMs / this.#dayMs
    const sigma = this.#sigma * Math.sqrt(this.#varianceRatio)
    let innovation = 0
    if (this.#sigma !== 0) {
      const epsilon = rng.nextNormal()
      this.#varianceRatio = nextVarianceRatio(this.#varianceRatio, epsilon, this.#clustering)
      innovation = (1 - this.#phi) * sigma * Math.sqrt(dt) * epsilon
    }
    this.#lastReturn = this.#phi * this.#lastReturn + innovation
    if (this.#lastReturn === 0 && this.#mu === 0 && sigma === 0) return mid
    return mid * Math.exp((this.#mu - (sigma * sigma) / 2) * dt + this.#lastReturn)
  }

  volatilityRatio(): number {
    return Math.sqrt(this.#varianceRatio)
  }

  snapshot(): PriceModelState {
    return { model: this.name, varianceRatio: this.#varianceRatio, lastReturn: this.#lastReturn }
  }

  restore(state: PriceModelState): void {
    invariant(
      state.model === this.name && state.varianceRatio >= 0 && Number.isFinite(state.lastReturn),
      `Failed to restore a momentum model from ${JSON.stringify(state)}`,
    )
    this.#varianceRatio = state.varianceRatio
    this.#lastReturn = state.lastReturn
  }
}
