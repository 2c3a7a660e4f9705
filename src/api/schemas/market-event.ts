/**
 * Market events (CONTRACT.md section 3), a union on `kind`: what `POST /mock/inject` accepts under
 * `event`, and what a scenario timeline schedules. The bounds repeat the core's
 * (`MARKET_EVENT_LIMITS` in src/sim/market/market-event.ts) so a bad event is a 400 here rather
 * than a refusal later; durations are milliseconds of virtual time.
 */
import { z } from '@hono/zod-openapi'
import { DecimalInput } from '../decimal-input.js'
import { SymbolInput } from './common.js'

/** Largest upward jump or gap one event may ask for, in percent (a 1000-fold move). */
export const PRICE_JUMP_PCT_MAX = 99_900
/** Longest duration of a timed event: one year. */
export const MARKET_EVENT_DURATION_MS_MAX = 366 * 24 * 60 * 60 * 1000
export const SPREAD_OVERRIDE_BPS_MAX = 10_000
export const LIQUIDITY_FACTOR_MAX = 1_000

const DurationMs = (min: number) => z.int().min(min).max(MARKET_EVENT_DURATION_MS_MAX)

/** `price_jump` and `gap`: a move of the mid by `pct` or to `price`. */
function priceMove<K extends string>(kind: K, refId: string, description: string) {
  return z
    .strictObject({
      kind: z.literal(kind),
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
    .openapi(refId, { description })
}

const PriceJumpEvent = priceMove(
  'price_jump',
  'PriceJumpEvent',
  'Moves the mid by `pct` or to `price`; bid and ask keep the spread around it.',
)

const GapEvent = priceMove(
  'gap',
  'GapEvent',
  'An opening or news gap: the mid moves by `pct` or to `price` at once, as `price_jump` does; ' +
    'journaled `market.gap`.',
)

const HaltEvent = z
  .strictObject({ kind: z.literal('halt'), symbol: SymbolInput })
  .openapi('HaltEvent', {
    description: 'No ticks, no matching, new orders `market_halted`, until `resume`.',
  })

const ResumeEvent = z
  .strictObject({ kind: z.literal('resume'), symbol: SymbolInput })
  .openapi('ResumeEvent')

const FlashCrashEvent = z
  .strictObject({
    kind: z.literal('flash_crash'),
    symbol: SymbolInput,
    dropPct: z.number().gt(0).lt(100).openapi({ description: 'How far the mid falls, percent.' }),
    durationMs: DurationMs(0).openapi({ description: 'How long the fall takes.' }),
    recoverPct: z
      .number()
      .min(0)
      .max(100)
      .openapi({ description: 'The share of the drop regained afterwards, percent.' }),
    recoverMs: DurationMs(0).openapi({ description: 'How long the recovery takes.' }),
  })
  .openapi('FlashCrashEvent', {
    description:
      'The mid falls by `dropPct` over `durationMs` (one step per `updateFrequency`), then climbs ' +
      'back `recoverPct` of the drop over `recoverMs`; the price model waits meanwhile.',
    example: {
      kind: 'flash_crash',
      symbol: 'AAPL',
      dropPct: 10,
      durationMs: 60_000,
      recoverPct: 80,
      recoverMs: 300_000,
    },
  })

const SpreadEvent = z
  .strictObject({
    kind: z.literal('spread'),
    symbol: SymbolInput,
    bps: z.number().min(0).max(SPREAD_OVERRIDE_BPS_MAX).openapi({ description: 'The spread.' }),
    durationMs: DurationMs(1).optional().openapi({
      description: 'When it ends (`market.spread_restored`); without it, until the next spread.',
    }),
  })
  .openapi('SpreadEvent', { description: "Overrides the symbol's quoted spread." })

const LiquidityEvent = z
  .strictObject({
    kind: z.literal('liquidity'),
    symbol: SymbolInput,
    factor: z
      .number()
      .min(0)
      .max(LIQUIDITY_FACTOR_MAX)
      .openapi({ description: 'Multiplies the touch sizes; 0 quotes none.' }),
    durationMs: DurationMs(1).optional().openapi({
      description: 'When it ends (`market.liquidity_restored`); without it, until the next one.',
    }),
  })
  .openapi('LiquidityEvent', { description: "Scales the symbol's sizes at the touch." })

const StaleQuotesEvent = z
  .strictObject({
    kind: z.literal('stale_quotes'),
    symbol: SymbolInput,
    durationMs: DurationMs(1).openapi({ description: 'When quotes resume.' }),
  })
  .openapi('StaleQuotesEvent', {
    description:
      'No quote updates for `durationMs` (the price moves underneath); matching goes on against ' +
      'the last quote. Ends with `market.stale_quotes_ended` and a fresh quote.',
  })

export const MarketEvent = z
  .discriminatedUnion('kind', [
    PriceJumpEvent,
    GapEvent,
    HaltEvent,
    ResumeEvent,
    FlashCrashEvent,
    SpreadEvent,
    LiquidityEvent,
    StaleQuotesEvent,
  ])
  .openapi('MarketEvent')
export type MarketEvent = z.output<typeof MarketEvent>
export type MarketEventInput = z.input<typeof MarketEvent>
