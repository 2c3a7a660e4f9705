/**
 * Checks a market event before it is accepted, so that a scheduled event (or a scenario timeline's)
 * can never fail when it fires. The wire schema bounds the same parameters; these checks repeat
 * them for callers of the core that do not come through the wire (tests, scenario timelines).
 */
import { Decimal } from '../decimal.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import { MARKET_EVENT_LIMITS as LIMITS, type MarketEvent } from './market-event.js'

/** Checks an event against the world: its symbol must trade there and its parameters hold. */
export function checkMarketEvent(world: World, event: MarketEvent): Result<null> {
  if (!world.markets.has(event.symbol))
    return fail('unknown_symbol', `unknown symbol ${event.symbol}`, { symbol: event.symbol })
  const problem = marketEventProblem(event)
  return problem === null ? ok(null) : fail('invalid_request', problem, { kind: event.kind })
}

/** What is wrong with an event's parameters, or null; independent of any world. */
export function marketEventProblem(event: MarketEvent): string | null {
  switch (event.kind) {
    case 'price_jump':
    case 'gap':
      return moveProblem(event)
    case 'halt':
    case 'resume':
      return null
    case 'flash_crash':
      return (
        rangeProblem('dropPct', event.dropPct, 0, 100, 'open') ??
        rangeProblem('recoverPct', event.recoverPct, 0, 100, 'closed') ??
        durationProblem('durationMs', event.durationMs, 0) ??
        durationProblem('recoverMs', event.recoverMs, 0)
      )
    case 'spread':
      return (
        rangeProblem('bps', event.bps, 0, LIMITS.spreadBpsMax, 'closed') ??
        optionalDurationProblem(event.durationMs)
      )
    case 'liquidity':
      return (
        rangeProblem('factor', event.factor, 0, LIMITS.liquidityFactorMax, 'closed') ??
        optionalDurationProblem(event.durationMs)
      )
    case 'stale_quotes':
      return durationProblem('durationMs', event.durationMs, 1)
  }
}

function moveProblem(event: { kind: string; pct?: number | undefined; price?: string }) {
  if ((event.pct === undefined) === (event.price === undefined))
    return `${event.kind} needs exactly one of pct and price`
  if (event.price !== undefined && !Decimal.parse(event.price).isPositive())
    return `price must be positive, was ${event.price}`
  if (event.pct !== undefined && !(event.pct > -100 && event.pct <= LIMITS.jumpPctMax))
    return `pct must be greater than -100 and at most ${LIMITS.jumpPctMax}, was ${event.pct}`
  return null
}

function rangeProblem(
  name: string,
  value: number,
  min: number,
  max: number,
  bounds: 'open' | 'closed',
): string | null {
  const inside = bounds === 'open' ? value > min && value < max : value >= min && value <= max
  if (inside) return null
  const range = bounds === 'open' ? `(${min}, ${max})` : `[${min}, ${max}]`
  return `${name} must be in ${range}, was ${value}`
}

function durationProblem(name: string, value: number, min: number): string | null {
  if (Number.isSafeInteger(value) && value >= min && value <= LIMITS.durationMsMax) return null
  return `${name} must be an integer of ms from ${min} to ${LIMITS.durationMsMax}, was ${value}`
}

function optionalDurationProblem(durationMs: number | undefined): string | null {
  return durationMs === undefined ? null : durationProblem('durationMs', durationMs, 1)
}
