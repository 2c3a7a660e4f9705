/**
 * Momentum: the price-model contract, returns autocorrelated by φ, the configured daily
 * volatility whatever φ, and the random walk exactly when φ = 0.
 */
import { expect, it } from 'vitest'
import {
  DAY_MS,
  MINUTE_MS,
  autocorrelation,
  logReturns,
  modelParams,
  pricePath,
  relativeError,
  std,
} from '../../../../test/support/price-paths.js'
import type { PriceModelParams } from '../price-model.js'
import { runPriceModelContract } from '../price-model.case.test.js'
import { MomentumModel } from './momentum.js'
import { RandomWalkModel } from './random-walk.js'

const STEPS_PER_DAY = DAY_MS / MINUTE_MS

function momentum(phi: number, overrides: Partial<PriceModelParams> = {}): MomentumModel {
  return new MomentumModel({ ...modelParams(overrides), momentum: phi })
}

runPriceModelContract({ label: 'momentum', create: () => momentum(0.3) })

runPriceModelContract({
  label: 'momentum wild',
  create: () =>
    momentum(0.95, {
      volatilityPct: 300,
      driftPct: 50,
      volatilityClustering: { alpha: 0.2, beta: 0.79 },
    }),
})

it('autocorrelates successive returns by the configured momentum', () => {
  const seed = 'momentum/autocorrelation'
  for (const phi of [0.1, 0.3, 0.7]) {
    const path = pricePath(momentum(phi), seed, { steps: 200_000, dtMs: 1000 })
    const lag1 = autocorrelation(logReturns(path), 1)
    expect(Math.abs(lag1 - phi), `seed=${seed}, φ=${phi}: lag-1 ${lag1}`).toBeLessThan(0.02)
  }
})

it('realizes the configured daily volatility within 15% whatever the momentum', () => {
  const seed = 'momentum/volatility'
  for (const phi of [0.3, 0.8]) {
    const path = pricePath(momentum(phi), seed, { steps: 500 * STEPS_PER_DAY, dtMs: MINUTE_MS })
    const daily = std(logReturns(path, STEPS_PER_DAY))
    expect(relativeError(daily, 0.02), `seed=${seed}, φ=${phi}: ${daily}`).toBeLessThan(0.15)
  }
})

it('is the random walk, draw for draw, without momentum', () => {
  const seed = 'momentum/zero'
  const params = modelParams({ driftPct: 1, volatilityClustering: { alpha: 0.1, beta: 0.8 } })
  const walk = pricePath(new RandomWalkModel(params), seed, { steps: 5000, dtMs: 1000 })
  const still = pricePath(momentum(0, params), seed, { steps: 5000, dtMs: 1000 })
  expect(still, `seed=${seed}`).toEqual(walk)
})
