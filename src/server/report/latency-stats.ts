/**
 * Percentiles of virtual latencies by the nearest-rank method: the p-th percentile of n sorted
 * samples is the ceil(p/100 × n)-th, so every percentile is one of the samples (whole ms).
 */
import type { LatencyStats } from '../../api/schemas/report.js'

export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  if (samplesMs.length === 0) return { count: 0, p50: null, p90: null, p99: null, max: null }
  const sorted = [...samplesMs].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null
  return {
    count: sorted.length,
    p50: rank(50),
    p90: rank(90),
    p99: rank(99),
    max: sorted[sorted.length - 1] ?? null,
  }
}
