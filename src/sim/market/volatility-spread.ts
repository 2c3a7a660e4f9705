/**
 * Spreads widen with volatility: market makers quote wider when prices move more. On each tick the
 * quoted spread is the configured one scaled by the model's current volatility relative to the
 * configured volatility (`PriceModel.volatilityRatio()`, the square root of the GARCH variance
 * ratio), bounded so a calm spell cannot close the spread and a burst cannot make it absurd:
 *
 *     spreadBps = min(10000, spread × clamp(volatilityRatio, 0.5, 4))
 *
 * Without volatility clustering the ratio is 1 and the spread is exactly the configured one. Since
 * the long-run variance ratio is 1, the spread averages about the configured one. A `spread`
 * market event overrides the result (market-overrides.ts).
 */
import type { QuoteParams } from './symbol-market.js'

export const SPREAD_FACTOR_MIN = 0.5
export const SPREAD_FACTOR_MAX = 4
/** The widest spread the wire accepts as configuration: 100%. */
export const SPREAD_BPS_MAX = 10_000

export function volatilitySpreadBps(spreadBps: number, volatilityRatio: number): number {
  const factor = Math.min(SPREAD_FACTOR_MAX, Math.max(SPREAD_FACTOR_MIN, volatilityRatio))
  return Math.min(SPREAD_BPS_MAX, spreadBps * factor)
}

/** The quote parameters for this tick; the configured object itself when nothing widens. */
export function volatilityQuoteParams(
  configured: QuoteParams,
  volatilityRatio: number,
): QuoteParams {
  if (volatilityRatio === 1) return configured
  return { ...configured, spreadBps: volatilitySpreadBps(configured.spreadBps, volatilityRatio) }
}
