/**
 * The whole world as `GET /mock/state` reports it (CONTRACT.md section 3): clock, resolved
 * configuration, instruments and quotes, accounts with their positions, orders, active fault rules
 * and the journal summary. Two states with the same `journal.hash` come from the same history.
 */
import { z } from '@hono/zod-openapi'
import { AccountWithPositions } from './account.js'
import { FaultRule } from './fault.js'
import { JournalSummary } from './journal.js'
import { Clock, Instrument, Quote } from './market.js'
import { Order } from './order.js'
import { ResolvedConfig } from './resolved-config.js'

export const State = z
  .object({
    clock: Clock,
    config: ResolvedConfig,
    symbols: z.array(Instrument),
    quotes: z.array(Quote),
    accounts: z.array(AccountWithPositions),
    orders: z.array(Order),
    faults: z.array(FaultRule).openapi({
      description: 'Active fault rules, in the order they are checked, with their counts.',
    }),
    journal: JournalSummary,
  })
  .openapi('State')
export type State = z.infer<typeof State>
