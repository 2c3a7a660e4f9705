/**
 * Geometric Brownian motion: log returns are normal with mean (μ − σ²/2) dt and standard
 * deviation σ √dt, where σ is the daily volatility, μ the daily drift and dt the step as a fraction
 * of a trading day. The −σ²/2 term makes μ the trend of the expected price. `volatility: 0` and
 * `drift: 0` give a flat market.
 *
 * With volatility clustering, σ² becomes σ² u for the step, u the GARCH variance ratio
 * (volatility-clustering.ts). Draws one standard normal per step when σ > 0, none otherwise.
 */
import { invariant } from '../../invariant.js'
import type { Rng } from '../../random/rng.js'
import type { PriceModel, PriceModelParams, PriceModelState } from '../price-model.js'
import { nextVarianceRatio } from './volatility-clustering.js'

export class RandomWalkModel implements PriceModel {
  readonly name = 'random_walk'
  readonly #sigma: number
  readonly #mu: number
  readonly #dayMs: number
  readonly #clustering: PriceModelParams['volatilityClustering']
  #varianceRatio = 1

  constructor({ volatilityPct, driftPct, dayMs, volatilityClustering }: PriceModelParams) {
    this.#sigma = volatilityPct / 100
    this.#mu = driftPct / 100
    this.#dayMs = dayMs
    this.#clustering = volatilityClustering
  }

  step(mid: number, dtMs: number, rng: Rng): number {
    if (this.#sigma === 0 && this.#mu === 0) return mid
    const dt = dtMs / this.#dayMs
    if (this.#sigma === 0) return mid * Math.exp(this.#mu * dt)
    const sigma = this.#sigma * Math.sqrt(this.#varianceRatio)
    const epsilon = rng.nextNormal()
    this.#varianceRatio = nextVarianceRatio(this.#varianceRatio, epsilon, this.#clustering)
    const shock = sigma * Math.sqrt(dt) * epsilon
    return mid * Math.exp((this.#mu - (sigma * sigma) / 2) * dt + shock)
  }

  volatilityRatio(): number {
    return Math.sqrt(this.#varianceRatio)
  }

  snapshot(): PriceModelState {
    return { model: this.name, varianceRatio: this.#varianceRatio }
  }

  restore(state: PriceModelState): void {
    invariant(
      state.model === this.name && state.varianceRatio >= 0,
      `Failed to restore a random_walk model from ${JSON.stringify(state)}`,
    )
    this.#varianceRatio = state.varianceRatio
  }
}
