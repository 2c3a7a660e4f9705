/**
 * Bodies of the control plane (CONTRACT.md section 3): advancing the manual clock, the answer of
 * configure and reset, and market events for `/mock/inject`.
 *
 * `InjectRequest` is a union on `type`: a market event (`{ type: 'market', event, at? }`) or a
 * fault rule (`{ type: 'fault', rule }`). Market events themselves are in market-event.ts, fault
 * rules in fault.ts.
 */
import { z } from '@hono/zod-openapi'
import { IsoTime } from './common.js'
import { FaultRuleInput } from './fault.js'
import { MarketEvent } from './market-event.js'

export const AdvanceRequest = z
  .union(
    [
      z.strictObject({
        ms: z.int().min(0).openapi({ description: 'Virtual milliseconds to advance by.' }),
      }),
      z.strictObject({ to: IsoTime.openapi({ description: 'Virtual time to advance to.' }) }),
    ],
    { error: 'Send exactly one of "ms" (milliseconds to advance by) or "to" (an ISO time)' },
  )
  .openapi('AdvanceRequest', {
    description: 'Exactly one of `ms` or `to`.',
    example: { ms: 60_000 },
  })
export type AdvanceRequest = z.output<typeof AdvanceRequest>

export const AdvanceResponse = z
  .object({
    from: IsoTime,
    to: IsoTime,
    events: z.int().min(0).openapi({ description: 'Journal events appended while advancing.' }),
  })
  .openapi('AdvanceResponse')
export type AdvanceResponse = z.infer<typeof AdvanceResponse>

/** The answer of configure and reset: where the new timeline starts. */
export const ControlAck = z
  .object({ epoch: z.int().min(0), seq: z.int().min(0), hash: z.string(), time: IsoTime })
  .openapi('ControlAck')
export type ControlAck = z.infer<typeof ControlAck>

const MarketInjection = z
  .strictObject({
    type: z.literal('market'),
    event: MarketEvent,
    at: IsoTime.optional().openapi({ description: 'When to apply it; now without it.' }),
  })
  .openapi('MarketInjection')

const FaultInjection = z
  .strictObject({ type: z.literal('fault'), rule: FaultRuleInput })
  .openapi('FaultInjection', {
    description: 'Adds a fault rule after the active ones; it applies from the next call.',
  })

export const InjectRequest = z
  .discriminatedUnion('type', [MarketInjection, FaultInjection])
  .openapi('InjectRequest', {
    example: { type: 'market', event: { kind: 'price_jump', symbol: 'AAPL', pct: -5 } },
  })
export type InjectRequestInput = z.input<typeof InjectRequest>
export type InjectRequest = z.output<typeof InjectRequest>

export const InjectResponse = z
  .object({
    id: z.string().openapi({ description: 'A market event `mev-…` or a fault rule `flt-…`.' }),
    at: IsoTime.optional().openapi({ description: 'When a market event applies; not for a rule.' }),
  })
  .openapi('InjectResponse', { example: { id: 'mev-000001', at: '2026-01-05T14:30:00.000Z' } })
export type InjectResponse = z.infer<typeof InjectResponse>
