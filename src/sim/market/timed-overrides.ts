/**
 * The events that override a symbol's market for a while: `spread`, `liquidity` and
 * `stale_quotes`. Setting one journals `market.<kind>` and, for spread and liquidity, requotes at
 * once so the override shows in the very next quote. With a duration, a `market.restore` timer
 * ends it: `market.spread_restored`, `market.liquidity_restored` or `market.stale_quotes_ended`,
 * followed by a fresh quote. A later event of the same kind replaces an earlier one, and the
 * earlier one's end then does nothing (each override remembers the event that set it).
 */
import type { JsonObject } from '../journal/events.js'
import { isoTime } from '../time/iso-time.js'
import type { World } from '../world.js'
import type { MarketEvent, OverrideKind } from './market-event.js'
import { writableOverrides } from './market-overrides.js'
import { publishMid } from './publish-quote.js'

export type OverrideEvent = Extract<MarketEvent, { kind: OverrideKind }>

export type RestoreTimer = {
  kind: 'market.restore'
  eventId: string
  symbol: string
  override: OverrideKind
}

const END_EVENT = {
  spread: 'market.spread_restored',
  liquidity: 'market.liquidity_restored',
  stale_quotes: 'market.stale_quotes_ended',
} as const

export function applyOverride(world: World, eventId: string, event: OverrideEvent): void {
  const overrides = writableOverrides(world, event.symbol)
  const untilMs = event.durationMs === undefined ? null : world.nowMs + event.durationMs
  switch (event.kind) {
    case 'spread':
      overrides.spread = { bps: event.bps, eventId }
      break
    case 'liquidity':
      overrides.liquidity = { factor: event.factor, eventId }
      break
    case 'stale_quotes':
      overrides.stale = { untilMs: world.nowMs + event.durationMs, eventId }
      break
  }
  const data: JsonObject = {
    id: eventId,
    ...event,
    until: untilMs === null ? null : isoTime(untilMs),
  }
  world.emit(`market.${event.kind}`, null, data)
  if (untilMs !== null) {
    world.schedule(untilMs, {
      kind: 'market.restore',
      eventId,
      symbol: event.symbol,
      override: event.kind,
    })
  }
  if (event.kind !== 'stale_quotes') publishMid(world, event.symbol, world.market(event.symbol).mid)
}

/** Ends an override if the event that set it is still the one in force. */
export function runRestore(world: World, timer: RestoreTimer): boolean {
  const overrides = writableOverrides(world, timer.symbol)
  const key = timer.override === 'stale_quotes' ? 'stale' : timer.override
  if (overrides[key]?.eventId !== timer.eventId) return false
  overrides[key] = null
  world.emit(END_EVENT[timer.override], null, { id: timer.eventId, symbol: timer.symbol })
  publishMid(world, timer.symbol, world.market(timer.symbol).mid)
  return true
}
