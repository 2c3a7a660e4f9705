/**
 * A price model moves one symbol's mid price by one step of virtual time. Models work in binary
 * floating point (that is what stochastic processes are written in); the market rounds their
 * output to the tick grid, so floats never reach money.
 */
import type { Rng } from '../random/rng.js'

export interface PriceModel {
  /** The next mid after `dtMs` of virtual time; always finite and positive. */
  step(mid: number, dtMs: number, rng: Rng): number
}
