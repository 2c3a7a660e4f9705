/**
 * A scenario's timeline on the wire: market events at offsets from the configured start
 * (`+5m`; units ms, s, m, h) or at absolute ISO times. The resolved configuration lists the same
 * entries with every `at` made absolute, so `/mock/state` shows when each one fires.
 */
import { z } from '@hono/zod-openapi'
import { IsoTime } from './common.js'
import { MarketEvent } from './market-event.js'

/** Most entries one timeline may hold. */
export const TIMELINE_ENTRIES_MAX = 1_000

export const TimelineOffset = z
  .string()
  .regex(/^\+\d{1,15}(ms|s|m|h)$/, 'Expected an offset such as "+5m" (ms, s, m or h)')
  .openapi('TimelineOffset', {
    description: 'Virtual time after the configured start: `+<integer><ms|s|m|h>`.',
    example: '+5m',
  })

const TimelineEntry = z
  .strictObject({
    at: z.union([TimelineOffset, IsoTime]).openapi({
      description: 'An offset from the configured start (`+5m`) or an ISO time, not before it.',
    }),
    event: MarketEvent,
  })
  .openapi('TimelineEntry', {
    example: { at: '+5m', event: { kind: 'halt', symbol: 'AAPL' } },
  })

export const Timeline = z
  .array(TimelineEntry)
  .max(TIMELINE_ENTRIES_MAX)
  .openapi('Timeline', {
    description:
      'Market events the world schedules when it is created (and again on reset), in time ' +
      'order; entries at the same time fire in the order listed.',
  })

export const ResolvedTimeline = z
  .array(z.object({ at: IsoTime, event: MarketEvent }))
  .openapi('ResolvedTimeline', { description: 'The timeline with every `at` absolute.' })
