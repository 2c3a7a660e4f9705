/**
 * GARCH(1,1) volatility clustering, an option on every price model: large moves tend to follow
 * large moves, and calm follows calm, while the long-run variance stays the configured one.
 *
 * The state is the variance ratio u = h / σ² (the current variance over the configured daily
 * variance), so it is meaningful for any σ, including 0. A step's shock is scaled by √u, and after
 * the step, with ε the standard normal drawn for it:
 *
 *     u' = (1 − α − β) + α · u · ε² + β · u
 *
 * which is GARCH(1,1) `h' = ω + α · shock² + β · h` with ω = (1 − α − β) σ², divided by σ². With
 * α ≥ 0, β ≥ 0 and α + β < 1, E[u] = 1: the long-run variance is σ². α and β are per step, so how
 * long a burst lasts depends on `updateFrequency`: a shock to u decays by α + β per step (half of it
 * is gone after ln 2 / −ln(α + β) steps).
 */
import type { VolatilityClusteringConfig } from '../../config/world-config.js'

/** u after a step whose standard normal draw was `epsilon`; 1 forever without clustering. */
export function nextVarianceRatio(
  varianceRatio: number,
  epsilon: number,
  clustering: VolatilityClusteringConfig | null,
): number {
  if (clustering === null) return 1
  const { alpha, beta } = clustering
  return 1 - alpha - beta + varianceRatio * (alpha * epsilon * epsilon + beta)
}
