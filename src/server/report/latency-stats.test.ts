import { expect, it } from 'vitest'
import { latencyStats } from './latency-stats.js'

it('answers nulls for no samples', () => {
  expect(latencyStats([])).toEqual({ count: 0, p50: null, p90: null, p99: null, max: null })
})

it('takes nearest-rank percentiles, whatever the order of the samples', () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i) // 100 … 1
  expect(latencyStats(samples)).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 })
  expect(latencyStats([7])).toEqual({ count: 1, p50: 7, p90: 7, p99: 7, max: 7 })
  expect(latencyStats([1, 2, 3, 4, 1000])).toEqual({
    count: 5,
    p50: 3,
    p90: 1000,
    p99: 1000,
    max: 1000,
  })
})
