/**
 * Ornstein–Uhlenbeck toward the anchor: the price-model contract, the half-life of the pull (exact
 * without noise, on average with it), and the daily volatility once settled.
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
import type { PriceModelParams } from '../price-model.js'
import { runPriceModelContract } from '../price-model.case.test.js'
import { MeanReversionModel } from './mean-reversion.js'

const HOUR_MS = 60 * MINUTE_MS
const STEPS_PER_DAY = DAY_MS / MINUTE_MS

function meanReversion(
  overrides: Partial<PriceModelParams> = {},
  { anchor = 100, halfLifeMs = HOUR_MS } = {},
): MeanReversionModel {
  return new MeanReversionModel({ ...modelParams(overrides), anchor, halfLifeMs })
}

runPriceModelContract({ label: 'mean_reversion', create: () => meanReversion(), start: 120 })

runPriceModelContract({
  label: 'mean_reversion wild',
  create: () =>
    meanReversion(
      { volatilityPct: 300, driftPct: 20, volatilityClustering: { alpha: 0.2, beta: 0.79 } },
      { halfLifeMs: 5 * MINUTE_MS },
    ),
})

it('halves the distance to the anchor in one half-life without noise', () => {
  for (const [halfLifeMs, dtMs] of [
    [HOUR_MS, 1000],
    [10 * MINUTE_MS, MINUTE_MS],
    [DAY_MS, 250],
  ] as const) {
    const model = meanReversion({ volatilityPct: 0 }, { halfLifeMs })
    const steps = halfLifeMs / dtMs
    const path = pricePath(model, 'mean-reversion/no-noise', { start: 120, steps, dtMs })
    const distance = (path[steps] as number) - 100
    expect(relativeError(distance, 10), `half-life ${halfLifeMs} ms: ${distance}`).toBeLessThan(0.1)
    // In log terms the halving is exact.
    expect(Math.log((path[steps] as number) / 100)).toBeCloseTo(Math.log(1.2) / 2, 10)
  }
})

it('halves the distance to the anchor in one half-life on average, with noise', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => `mean-reversion/noisy/${i}`)
  const logDistances = seeds.map((seed) => {
    const path = pricePath(meanReversion(), seed, { start: 120, steps: 3600, dtMs: 1000 })
    return Math.log((path[3600] as number) / 100)
  })
  const average = mean(logDistances)
  expect(relativeError(average, Math.log(1.2) / 2), `seeds ${seeds[0]}…: ${average}`).toBeLessThan(
    0.1,
  )
})

it('realizes the configured daily volatility within 15% once settled at the anchor', () => {
  const seed = 'mean-reversion/volatility'
  for (const [halfLifeMs, volatilityPct] of [
    [HOUR_MS, 2],
    [DAY_MS, 2],
    [10 * DAY_MS, 5],
  ] as const) {
    const model = meanReversion({ volatilityPct }, { halfLifeMs })
    const path = pricePath(model, seed, { steps: 500 * STEPS_PER_DAY, dtMs: MINUTE_MS })
    const daily = std(logReturns(path, STEPS_PER_DAY))
    expect(
      relativeError(daily, volatilityPct / 100),
      `seed=${seed}, half-life ${halfLifeMs} ms, σ=${volatilityPct}%: ${daily}`,
    ).toBeLessThan(0.15)
  }
})

it('stays around its anchor', () => {
  const seed = 'mean-reversion/range'
  const path = pricePath(meanReversion(), seed, { steps: 100 * STEPS_PER_DAY, dtMs: MINUTE_MS })
  const logs = path.map((mid) => Math.log(mid / 100))
  expect(Math.abs(mean(logs)), `seed=${seed}`).toBeLessThan(0.002)
  // Stationary standard deviation of the log price: σ / √(2 (1 − e^(−θ_d))) ≈ 1.41%.
  expect(relativeError(std(logs), 0.02 / Math.SQRT2), `seed=${seed}`).toBeLessThan(0.1)
})

it('moves its anchor with the drift', () => {
  const model = meanReversion({ volatilityPct: 0, driftPct: 1 })
  const path = pricePath(model, 'mean-reversion/drift', { steps: 10 * 1440, dtMs: MINUTE_MS })
  // After ten days the anchor is at 100 e^0.1, and the price lags it by μ / θ in log terms.
  const thetaDay = Math.LN2 * 24
  expect(Math.log((path[14_400] as number) / 100)).toBeCloseTo(0.1 - 0.01 / thetaDay, 4)
})
