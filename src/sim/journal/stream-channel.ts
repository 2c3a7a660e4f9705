/**
 * Which stream channel (CONTRACT.md section 2) carries a journal event. The core needs it to
 * decide stream faults per event (the rule names a channel); the gateway needs it to route.
 * Events of no channel (market events, `fault.applied`) are journal-only.
 */
import type { JournalEvent } from './events.js'

/** The channels of an account's own events; quotes are `quotes:SYMBOL`, plus `connection`. */
export const ACCOUNT_CHANNELS = ['orders', 'fills', 'positions', 'account'] as const
export type AccountChannel = (typeof ACCOUNT_CHANNELS)[number]

export const QUOTES_CHANNEL_PREFIX = 'quotes:'

export function quotesChannel(symbol: string): string {
  return `${QUOTES_CHANNEL_PREFIX}${symbol}`
}

/** The channel an event streams on, or null for journal-only events. */
export function streamChannelOf(event: JournalEvent): string | null {
  const { type } = event
  if (type.startsWith('order.')) return 'orders'
  switch (type) {
    case 'fill.created':
      return 'fills'
    case 'position.changed':
      return 'positions'
    case 'account.changed':
      return 'account'
    case 'quote.updated':
      return quotesChannel(String(field(event.data.quote, 'symbol')))
    default:
      return null
  }
}

/** The order (or fill, position, quote) fields of an event that fault rules can match on. */
export function streamSubjectOf(event: JournalEvent): {
  symbol: string | null
  side: string | null
  clientOrderId: string | null
} {
  const { data } = event
  const subject = data.order ?? data.fill ?? data.position ?? data.quote
  const order = data.order
  return {
    symbol: stringOrNull(field(subject, 'symbol')),
    side: stringOrNull(field(data.fill ?? order, 'side')),
    clientOrderId: stringOrNull(field(order, 'clientOrderId')),
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
