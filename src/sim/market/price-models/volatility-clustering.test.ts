/**
 * GARCH(1,1) volatility clustering on every model: squared returns are autocorrelated (bursts),
 * the long-run variance stays the configured one, and without clustering nothing clusters.
 */
import { expect, it } from 'vitest'
import {
  DAY_MS,
  MINUTE_MS,
  autocorrelation,
  logReturns,
  mean,
  modelParams,
  pricePath,
  relativeError,
  std,
} from '../../../../test/support/price-paths.js'
import type { VolatilityClusteringConfig } from '../../config/world-config.js'
import type { PriceModel } from '../price-model.js'
import { MeanReversionModel } from './mean-reversion.js'
import { MomentumModel } from './momentum.js'
import { RandomWalkModel } from './random-walk.js'
import { nextVarianceRatio } from './volatility-clustering.js'

const STEPS_PER_DAY = DAY_MS / MINUTE_MS
const CLUSTERING: VolatilityClusteringConfig = { alpha: 0.1, beta: 0.85 }

/** Each model, and the lag-1 autocorrelation of its squared returns without clustering. */
const MODELS: ReadonlyArray<{
  name: string
  create: (clustering: VolatilityClusteringConfig | null) => PriceModel
  plainAutocorrelation: number
}> = [
  {
    name: 'random_walk',
    create: (c) => new RandomWalkModel(modelParams({ volatilityClustering: c })),
    plainAutocorrelation: 0,
  },
  {
    name: 'mean_reversion',
    create: (c) =>
      new MeanReversionModel({
        ...modelParams({ volatilityClustering: c }),
        anchor: 100,
        halfLifeMs: 10 * DAY_MS,
      }),
    plainAutocorrelation: 0,
  },
  {
    // Squares of a Gaussian AR(1) are autocorrelated by φ² even at constant volatility.
    name: 'momentum',
    create: (c) =>
      new MomentumModel({ ...modelParams({ volatilityClustering: c }), momentum: 0.3 }),
    plainAutocorrelation: 0.09,
  },
]

it('autocorrelates squared returns with clustering, and not without', () => {
  for (const { name, create, plainAutocorrelation } of MODELS) {
    const seed = `clustering/${name}`
    const squares = (clustering: VolatilityClusteringConfig | null) =>
      logReturns(pricePath(create(clustering), seed, { steps: 300_000, dtMs: MINUTE_MS })).map(
        (r) => r * r,
      )
    const clustered = autocorrelation(squares(CLUSTERING), 1)
    const plain = autocorrelation(squares(null), 1)
    expect(
      clustered - plain,
      `seed=${seed}: lag-1 autocorrelation of r² ${clustered}, without clustering ${plain}`,
    ).toBeGreaterThan(0.1)
    expect(Math.abs(plain - plainAutocorrelation), `seed=${seed}: ${plain}`).toBeLessThan(0.02)
  }
})

it('keeps the long-run variance at the configured volatility', () => {
  for (const { name, create } of MODELS) {
    const seed = `clustering/${name}/variance`
    const path = pricePath(create(CLUSTERING), seed, {
      steps: 500 * STEPS_PER_DAY,
      dtMs: MINUTE_MS,
    })
    const daily = std(logReturns(path, STEPS_PER_DAY))
    expect(relativeError(daily, 0.02), `seed=${seed}: daily σ ${daily}`).toBeLessThan(0.15)
  }
})

it('realizes per-step variance that averages the configured one', () => {
  const seed = 'clustering/per-step'
  const model = new RandomWalkModel(modelParams({ volatilityClustering: CLUSTERING }))
  const returns = logReturns(pricePath(model, seed, { steps: 1_000_000, dtMs: MINUTE_MS }))
  const dailyVariance = mean(returns.map((r) => r * r)) * STEPS_PER_DAY
  expect(relativeError(dailyVariance, 0.02 ** 2), `seed=${seed}: ${dailyVariance}`).toBeLessThan(
    0.05,
  )
})

it('pulls the variance ratio back toward 1 and keeps it at 1 without clustering', () => {
  expect(nextVarianceRatio(4, 0, CLUSTERING)).toBeCloseTo(0.05 + 4 * 0.85, 12)
  expect(nextVarianceRatio(1, 1, CLUSTERING)).toBeCloseTo(1, 12)
  expect(nextVarianceRatio(1, 3, CLUSTERING)).toBeCloseTo(0.05 + 0.9 + 0.85, 12)
  expect(nextVarianceRatio(7, 3, null)).toBe(1)
})
