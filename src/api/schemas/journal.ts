/**
 * The event journal on the wire (CONTRACT.md section 4): events, the `/mock/events` page and the
 * journal summary of `/mock/state`. `seq` is strictly increasing within one timeline; `epoch`
 * counts the rewinds (configure, reset, snapshot restore).
 */
import { z } from '@hono/zod-openapi'
import { AccountId, IsoTime, PageLimit, orNull, queryInt } from './common.js'

export const JournalEvent = z
  .object({
    seq: z.int().min(1),
    type: z.string().openapi({ example: 'order.accepted' }),
    time: IsoTime,
    accountId: orNull(z.string()),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('JournalEvent')
export type JournalEvent = z.infer<typeof JournalEvent>

/** An event type (`order.filled`) or a prefix ending in `.*` (`order.*`). */
const EventTypeFilter = z
  .string()
  .regex(
    /^[a-z][a-z_]*(\.[a-z_]+)*(\.\*)?$/,
    'Expected an event type or a prefix such as "order.*"',
  )
  .max(128)

export const EventsQuery = z.object({
  after: queryInt({ min: 0, default: 0 }, 'Answer the events with seq greater than this.'),
  limit: PageLimit,
  type: EventTypeFilter.optional().openapi({
    description: 'An event type (`order.filled`) or a prefix ending in `.*` (`order.*`).',
  }),
  accountId: AccountId.optional(),
})
export type EventsQuery = z.output<typeof EventsQuery>

export const EventsPage = z
  .object({
    events: z.array(JournalEvent),
    next: orNull(z.int()).openapi({
      description: 'The `after` of the next page; null when this page is the last.',
    }),
  })
  .openapi('EventsPage')
export type EventsPage = z.infer<typeof EventsPage>

export const JournalSummary = z
  .object({
    seq: z.int().min(0).openapi({ description: 'Sequence number of the last event; 0 if none.' }),
    hash: z.string().openapi({ description: 'Running hash over every event of the timeline.' }),
    epoch: z.int().min(0),
  })
  .openapi('JournalSummary')
export type JournalSummary = z.infer<typeof JournalSummary>
