/**
 * The table of contents of everything that can happen (CONTRACT.md section 4). Every state change
 * of the world is one of these, appended to the journal in the order it happened; streams,
 * reports and snapshots are views of the journal.
 */
export const ORDER_EVENT_TYPES = [
  'order.pending_new',
  'order.accepted',
  'order.partially_filled',
  'order.filled',
  'order.pending_cancel',
  'order.canceled',
  'order.pending_replace',
  'order.replaced',
  'order.rejected',
  'order.expired',
  // Not a status change: an oco partner's quantity shrank by what its partner filled.
  'order.reduced',
] as const

/** `market.<kind>` for each injected kind, then the ends of timed events (market/timed-overrides.ts). */
export const MARKET_EVENT_TYPES = [
  'market.price_jump',
  'market.gap',
  'market.halt',
  'market.resume',
  'market.flash_crash',
  'market.flash_crash_ended',
  'market.spread',
  'market.spread_restored',
  'market.liquidity',
  'market.liquidity_restored',
  'market.stale_quotes',
  'market.stale_quotes_ended',
] as const

export const EVENT_TYPES = [
  ...ORDER_EVENT_TYPES,
  'fill.created',
  'position.changed',
  'account.changed',
  'quote.updated',
  ...MARKET_EVENT_TYPES,
  'fault.applied',
] as const

export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number]
export type EventType = (typeof EVENT_TYPES)[number]

/** JSON-safe data: what event payloads, snapshots and configs are made of. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** One journal entry. `timeMs` is virtual epoch milliseconds; the shell renders it as ISO. */
export interface JournalEvent {
  readonly seq: number
  readonly type: EventType
  readonly timeMs: number
  readonly accountId: string | null
  readonly data: JsonObject
}
