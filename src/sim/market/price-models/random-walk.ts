/**
 * Geometric Brownian motion: log returns are normal with mean (mu - sigma^2 / 2) dt and standard
 * deviation sigma sqrt(dt), where sigma is the daily volatility, mu the daily drift and dt the
 * step as a fraction of a trading day. `volatility: 0` and `drift: 0` give a flat market.
 */
import type { Rng } from '../../random/rng.js'
import type { PriceModel } from '../price-model.js'

export interface RandomWalkParams {
  volatilityPct: number
  driftPct: number
  dayMs: number
}

export class RandomWalkModel implements PriceModel {
  readonly #sigma: number
  readonly #mu: number
  readonly #dayMs: number

  constructor({ volatilityPct, driftPct, dayMs }: RandomWalkParams) {
    this.#sigma = volatilityPct / 100
    this.#mu = driftPct / 100
    this.#dayMs = dayMs
  }

  step(mid: number, dtMs: number, rng: Rng): number {
    if (this.#sigma === 0 && this.#mu === 0) return mid
    const dt = dtMs / this.#dayMs
    const shock = this.#sigma === 0 ? 0 : this.#sigma * Math.sqrt(dt) * rng.nextNormal()
    return mid * Math.exp((this.#mu - (this.#sigma * this.#sigma) / 2) * dt + shock)
  }
}
