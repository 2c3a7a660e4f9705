/**
 * Geometric Brownian motion: the price-model contract, and its statistics over long seeded paths
 * (daily volatility as configured, drift in the configured direction).
 */
import { expect, it } from 'vitest'
import {
  DAY_MS,
  MINUTE_MS,
  logReturns,
  mean,
  modelParams,
  pricePath,
  relativeError,
  std,
} from '../../../../test/support/price-paths.js'
import { runPriceModelContract } from '../price-model.case.test.js'
import { RandomWalkModel } from './random-walk.js'

const STEPS_PER_DAY = DAY_MS / MINUTE_MS

runPriceModelContract({
  label: 'random_walk',
  create: () => new RandomWalkModel(modelParams()),
})

runPriceModelContract({
  label: 'random_walk wild',
  create: () =>
    new RandomWalkModel(
      modelParams({
        volatilityPct: 300,
        driftPct: -50,
        volatilityClustering: { alpha: 0.2, beta: 0.79 },
      }),
    ),
})

it('realizes the configured daily volatility within 15%', () => {
  const seed = 'random-walk/volatility'
  for (const volatilityPct of [1, 2, 10]) {
    const model = new RandomWalkModel(modelParams({ volatilityPct }))
    const path = pricePath(model, seed, { steps: 500 * STEPS_PER_DAY, dtMs: MINUTE_MS })
    const daily = std(logReturns(path, STEPS_PER_DAY))
    expect(
      relativeError(daily, volatilityPct / 100),
      `seed=${seed}, σ=${volatilityPct}%: ${daily}`,
    ).toBeLessThan(0.15)
  }
})

it('moves in the direction of the drift', () => {
  const seed = 'random-walk/drift'
  for (const driftPct of [1, -1]) {
    const model = new RandomWalkModel(modelParams({ volatilityPct: 2, driftPct }))
    const path = pricePath(model, seed, { steps: 250 * STEPS_PER_DAY, dtMs: MINUTE_MS })
    const meanDaily = mean(logReturns(path, STEPS_PER_DAY))
    const end = path[path.length - 1] as number
    expect(Math.sign(end - 100), `seed=${seed}, drift ${driftPct}%: ends at ${end}`).toBe(
      Math.sign(driftPct),
    )
    // The mean daily log return is μ − σ²/2, give or take σ/√250 ≈ 0.13%.
    expect(meanDaily, `seed=${seed}`).toBeCloseTo(driftPct / 100 - 0.0002, 2)
  }
})

it('stays flat without volatility and drift, and draws nothing', () => {
  const model = new RandomWalkModel(modelParams({ volatilityPct: 0 }))
  const path = pricePath(model, 'random-walk/flat', { steps: 1000, dtMs: 1000 })
  expect(new Set(path)).toEqual(new Set([100]))
})

it('compounds a pure drift exactly without volatility', () => {
  const model = new RandomWalkModel(modelParams({ volatilityPct: 0, driftPct: 1 }))
  const path = pricePath(model, 'random-walk/pure-drift', { steps: 1440, dtMs: MINUTE_MS })
  expect(path[1440]).toBeCloseTo(100 * Math.exp(0.01), 9)
})
