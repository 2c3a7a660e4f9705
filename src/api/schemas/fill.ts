/**
 * Fills on the wire (CONTRACT.md section 1, "Orders"): one execution of part of an order. Fill ids
 * are unique and stable: a fill is never delivered under a new id twice.
 */
import { z } from '@hono/zod-openapi'
import { DecimalString } from '../decimal-input.js'
import { AccountId, IsoTime, OrderId, PagingQuery, Side, SymbolString, orNull } from './common.js'

export const Fill = z
  .object({
    id: z.string().openapi({ example: 'fill-000001' }),
    orderId: OrderId,
    clientOrderId: orNull(z.string()),
    accountId: AccountId,
    symbol: SymbolString,
    side: Side,
    qty: DecimalString,
    price: DecimalString,
    commission: DecimalString,
    liquidity: z.enum(['maker', 'taker']),
    time: IsoTime,
  })
  .openapi('Fill')
export type Fill = z.infer<typeof Fill>

export const ListFillsQuery = PagingQuery.extend({
  orderId: OrderId.optional().openapi({ description: 'Only the fills of this order.' }),
})
export type ListFillsQuery = z.output<typeof ListFillsQuery>
