/**
 * The small shared vocabulary of the wire: times, ids, symbols, the closed order vocabularies and
 * paging. The enums repeat the core's `as const` tuples on purpose (STYLE.md 2.2); a type test in
 * the shell keeps the two in step.
 *
 * Inputs are about shape only. Request symbols are case-insensitive and arrive upper-cased; every
 * response symbol is upper case.
 */
import { z } from '@hono/zod-openapi'

/** ISO-8601 UTC with up to millisecond precision; responses always carry the milliseconds. */
export const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

export const IsoTime = z
  .string()
  .regex(ISO_TIME_PATTERN, 'Expected an ISO-8601 UTC time such as "2026-01-05T14:30:00.000Z"')
  .refine(isRealTime, 'Not a calendar time (check the month, day and hour)')
  .openapi('IsoTime', {
    description: 'ISO-8601 UTC time with milliseconds. Virtual time of the mock clock.',
    format: 'date-time',
    example: '2026-01-05T14:30:00.000Z',
  })
export type IsoTime = z.infer<typeof IsoTime>

/** `2026-02-30T…` passes the pattern and `Date.parse`, but does not survive a round trip. */
function isRealTime(text: string): boolean {
  const ms = Date.parse(text)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === text.slice(0, 19)
}

/**
 * `schema` or null. Use it instead of `.nullable()`: on a named component zod-to-openapi 9 drops
 * the null from the OpenAPI 3.1 document, while a union with `z.null()` keeps it.
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()])
}

export const Side = z.enum(['buy', 'sell']).openapi('Side')
export type Side = z.infer<typeof Side>

export const OrderType = z
  .enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'])
  .openapi('OrderType')
export type OrderType = z.infer<typeof OrderType>

export const TimeInForce = z.enum(['day', 'gtc', 'gtd', 'ioc', 'fok']).openapi('TimeInForce')
export type TimeInForce = z.infer<typeof TimeInForce>

export const OrderClass = z.enum(['simple', 'bracket', 'oco', 'oto']).openapi('OrderClass')
export type OrderClass = z.infer<typeof OrderClass>

export const OrderStatus = z
  .enum([
    'pending_new',
    'new',
    'partially_filled',
    'filled',
    'pending_cancel',
    'canceled',
    'pending_replace',
    'replaced',
    'rejected',
    'expired',
  ])
  .openapi('OrderStatus')
export type OrderStatus = z.infer<typeof OrderStatus>

export const AccountId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected 1 to 64 letters, digits, "_" or "-"')
  .openapi('AccountId', { example: 'DEMO' })
export type AccountId = z.infer<typeof AccountId>

export const OrderId = z.string().min(1).max(128).openapi('OrderId', { example: 'ord-000001' })

export const ClientOrderId = z.string().min(1).max(128).openapi('ClientOrderId', {
  description: 'Caller-chosen idempotency key, unique per account.',
  example: 'my-order-1',
})

/** A symbol in a request: case-insensitive, parsed to upper case. */
export const SymbolInput = z
  .string()
  .regex(/^[A-Za-z0-9.-]{1,16}$/, 'Expected 1 to 16 letters, digits, "." or "-"')
  .transform((symbol) => symbol.toUpperCase())
  .openapi('SymbolInput', { description: 'Case-insensitive symbol.', example: 'AAPL' })

/** A symbol in a response: always upper case. */
export const SymbolString = z
  .string()
  .regex(/^[A-Z0-9.-]{1,16}$/)
  .openapi('Symbol', { example: 'AAPL' })

/** ISO 4217 style currency code. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Expected three upper-case letters such as "USD"')
  .openapi('Currency', { example: 'USD' })

/**
 * An integer query parameter, coerced from its string. The OpenAPI metadata is spelt out because
 * zod-to-openapi 9 marks a coerced number nullable whenever `Number(null)` (0) would pass.
 */
export function queryInt(
  bounds: { min: number; max?: number; default: number },
  description: string,
) {
  const base = z.coerce.number().int().min(bounds.min)
  const bounded = bounds.max === undefined ? base : base.max(bounds.max)
  return bounded.default(bounds.default).openapi({
    type: 'integer',
    minimum: bounds.min,
    ...(bounds.max === undefined ? {} : { maximum: bounds.max }),
    default: bounds.default,
    description,
  })
}

/** Page size of list routes: 1..1000, default 100. */
export const PageLimit = queryInt({ min: 1, max: 1000, default: 100 }, 'Page size, 1 to 1000.')

/** Paging of the /v1 lists: `after` is the id of the last item of the previous page. */
export const PagingQuery = z.object({
  limit: PageLimit,
  after: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ description: 'Answer the items after the one with this id.' }),
})
