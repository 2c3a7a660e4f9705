/**
 * Market data and the clock on the wire (CONTRACT.md section 1): instruments, quotes, the clock
 * and ping. Every time is virtual time from the mock clock.
 */
import { z } from '@hono/zod-openapi'
import { DecimalString } from '../decimal-input.js'
import { Currency, IsoTime, SymbolInput, SymbolString, orNull } from './common.js'

/** Most symbols one `?symbols=` query may name. */
export const QUOTE_SYMBOLS_MAX = 200

export const Quote = z
  .object({
    symbol: SymbolString,
    bid: DecimalString,
    ask: DecimalString,
    bidSize: DecimalString,
    askSize: DecimalString,
    last: DecimalString,
    time: IsoTime,
  })
  .openapi('Quote')
export type Quote = z.infer<typeof Quote>

export const InstrumentStatus = z.enum(['trading', 'halted']).openapi('InstrumentStatus')

export const Instrument = z
  .object({
    symbol: SymbolString,
    name: z.string(),
    tickSize: DecimalString,
    lotSize: DecimalString,
    currency: Currency,
    status: InstrumentStatus,
  })
  .openapi('Instrument')
export type Instrument = z.infer<typeof Instrument>

export const ClockMode = z.enum(['manual', 'realtime']).openapi('ClockMode')
export type ClockMode = z.infer<typeof ClockMode>

export const Clock = z
  .object({
    time: IsoTime,
    mode: ClockMode,
    speed: z.number().openapi({ description: 'Virtual seconds per wall second (realtime mode).' }),
    isOpen: z.boolean(),
    nextOpen: orNull(IsoTime).openapi({ description: 'Null when the session is 24x7.' }),
    nextClose: orNull(IsoTime).openapi({ description: 'Null when the session is 24x7.' }),
  })
  .openapi('Clock')
export type Clock = z.infer<typeof Clock>

export const Ping = z.object({ ok: z.literal(true), time: IsoTime }).openapi('Ping')
export type Ping = z.infer<typeof Ping>

/** `?symbols=AAPL,msft` → `['AAPL', 'MSFT']`; without it, every configured symbol. */
export const QuotesQuery = z.object({
  symbols: z
    .string()
    .transform((list) => list.split(',').map((symbol) => symbol.trim()))
    .pipe(z.array(SymbolInput).min(1).max(QUOTE_SYMBOLS_MAX))
    .optional()
    .openapi({
      description: `Comma-separated symbols, at most ${QUOTE_SYMBOLS_MAX}; all symbols without it.`,
      example: 'AAPL,MSFT',
    }),
})
export type QuotesQuery = z.output<typeof QuotesQuery>
