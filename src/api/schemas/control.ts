/**
 * Bodies of the control plane (CONTRACT.md section 3): advancing the manual clock, the answer of
 * configure and reset, and market events for `/mock/inject`.
 *
 * `InjectRequest` is a union on `type`; fault rules (`{ type: 'fault', rule }`) join it as one more
 * member when their schema lands. Market events are a union on `kind`; the other kinds of the
 * contract (`gap`, `flash_crash`, `spread`, `liquidity`, `stale_quotes`) join the same way.
 */
import { z } from '@hono/zod-openapi'
import { DecimalInput } from '../decimal-input.js'
import { IsoTime, SymbolInput } from './common.js'

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

/** Largest upward jump one event may ask for, in percent (a 1000-fold move). */
export const PRICE_JUMP_PCT_MAX = 99_900

const PriceJumpEvent = z
  .strictObject({
    kind: z.literal('price_jump'),
    symbol: SymbolInput,
    pct: z
      .number()
      .gt(-100)
      .max(PRICE_JUMP_PCT_MAX)
      .optional()
      .openapi({
        description: `Move of the mid in percent: -5 is -5%; above -100, at most ${PRICE_JUMP_PCT_MAX}.`,
      }),
    price: DecimalInput.optional().openapi({ description: 'The new mid.' }),
  })
  .refine(({ pct, price }) => (pct === undefined) !== (price === undefined), {
    message: 'Send exactly one of "pct" or "price"',
  })
  .openapi('PriceJumpEvent', {
    description: 'Moves the mid by `pct` or to `price`; bid and ask keep the spread around it.',
  })

const HaltEvent = z
  .strictObject({ kind: z.literal('halt'), symbol: SymbolInput })
  .openapi('HaltEvent')

const ResumeEvent = z
  .strictObject({ kind: z.literal('resume'), symbol: SymbolInput })
  .openapi('ResumeEvent')

export const MarketEvent = z
  .discriminatedUnion('kind', [PriceJumpEvent, HaltEvent, ResumeEvent])
  .openapi('MarketEvent')
export type MarketEvent = z.output<typeof MarketEvent>

const MarketInjection = z
  .strictObject({
    type: z.literal('market'),
    event: MarketEvent,
    at: IsoTime.optional().openapi({ description: 'When to apply it; now without it.' }),
  })
  .openapi('MarketInjection')

export const InjectRequest = z
  .discriminatedUnion('type', [MarketInjection])
  .openapi('InjectRequest', {
    example: { type: 'market', event: { kind: 'price_jump', symbol: 'AAPL', pct: -5 } },
  })
export type InjectRequestInput = z.input<typeof InjectRequest>
export type InjectRequest = z.output<typeof InjectRequest>

export const InjectResponse = z
  .object({ id: z.string(), at: IsoTime.openapi({ description: 'When it applies.' }) })
  .openapi('InjectResponse')
export type InjectResponse = z.infer<typeof InjectResponse>
