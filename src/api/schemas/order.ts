/**
 * Orders on the wire (CONTRACT.md section 1, "Orders"): the submit and replace requests, the order
 * as every route and stream answers it, and the list query.
 *
 * Request objects are strict: an unknown key is a 400 `invalid_request`, so a typo such as
 * `limitprice` never silently becomes a market order. Which fields an order type needs (a limit
 * price for `limit`, `expireAt` for `gtd`, legs for `bracket`) is checked by the core, with a 422
 * `invalid_order`.
 */
import { z } from '@hono/zod-openapi'
import { DecimalInput, DecimalString } from '../decimal-input.js'
import {
  AccountId,
  ClientOrderId,
  IsoTime,
  OrderClass,
  OrderId,
  OrderStatus,
  OrderType,
  PagingQuery,
  Side,
  SymbolInput,
  SymbolString,
  TimeInForce,
  orNull,
} from './common.js'

const StrategyId = z.string().min(1).max(128)
const Metadata = z.record(z.string(), z.unknown()).openapi({
  description: 'Free-form caller data, stored and echoed unchanged.',
})

/** Deepest nesting of objects and arrays accepted in `metadata`. */
export const METADATA_DEPTH_MAX = 32

/** `metadata` in a request: bounded nesting, so no layer has to recurse without limit. */
const MetadataInput = z
  .record(z.string(), z.unknown())
  .refine((value) => jsonDepth(value) <= METADATA_DEPTH_MAX, {
    message: `metadata may nest objects and arrays at most ${METADATA_DEPTH_MAX} levels deep`,
  })
  .openapi({
    description: `Free-form caller data, stored and echoed unchanged; at most ${METADATA_DEPTH_MAX} levels deep.`,
  })

/** Nesting depth of a JSON value (an object or array is 1 plus its deepest member), iteratively. */
function jsonDepth(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item
    if (node === null || typeof node !== 'object') continue
    deepest = Math.max(deepest, depth + 1)
    if (deepest > METADATA_DEPTH_MAX) return deepest
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return deepest
}

export const TakeProfitInput = z
  .strictObject({ limitPrice: DecimalInput })
  .openapi('TakeProfitInput', {
    description:
      'The take-profit: a limit exit of a `bracket` or `oto` (opposite side, the entry’s quantity), or the `oco` order itself.',
  })

export const StopLossInput = z
  .strictObject({ stopPrice: DecimalInput, limitPrice: DecimalInput.optional() })
  .openapi('StopLossInput', {
    description:
      'The stop-loss leg of a `bracket`, `oto` or `oco`: a stop, or a stop limit with `limitPrice` (on the far side of the stop).',
  })

export const SubmitOrderRequest = z
  .strictObject({
    clientOrderId: ClientOrderId.optional(),
    symbol: SymbolInput,
    side: Side,
    qty: DecimalInput,
    type: OrderType.default('market'),
    limitPrice: DecimalInput.optional(),
    stopPrice: DecimalInput.optional(),
    trailPrice: DecimalInput.optional(),
    trailPercent: DecimalInput.optional().openapi({ description: 'Percent: 1 is 1%.' }),
    timeInForce: TimeInForce.default('day'),
    expireAt: IsoTime.optional().openapi({ description: 'Expiry of a `gtd` order.' }),
    strategyId: StrategyId.optional(),
    metadata: MetadataInput.optional(),
    orderClass: OrderClass.default('simple').openapi({
      description:
        '`bracket`: the entry plus `takeProfit` and `stopLoss` legs, held until the entry is completely filled, then one-cancels-other. `oto`: the entry plus one of them. `oco`: this order (type `limit`, at `takeProfit.limitPrice`) and a `stopLoss` leg, both working at once; a fill of one reduces the other and a complete fill cancels it. Legs are orders with `parentId`; cancelling the parent cancels its open legs.',
    }),
    takeProfit: TakeProfitInput.optional(),
    stopLoss: StopLossInput.optional(),
  })
  .openapi('SubmitOrderRequest', {
    example: {
      clientOrderId: 'my-order-1',
      symbol: 'AAPL',
      side: 'buy',
      qty: '100',
      type: 'limit',
      limitPrice: '150.00',
      timeInForce: 'day',
    },
  })
export type SubmitOrderRequestInput = z.input<typeof SubmitOrderRequest>
export type SubmitOrderRequest = z.output<typeof SubmitOrderRequest>

export const ReplaceOrderRequest = z
  .strictObject({
    qty: DecimalInput.optional(),
    limitPrice: DecimalInput.optional(),
    stopPrice: DecimalInput.optional(),
    trailPrice: DecimalInput.optional(),
    trailPercent: DecimalInput.optional(),
    timeInForce: TimeInForce.optional(),
    expireAt: IsoTime.optional(),
    clientOrderId: ClientOrderId.optional().openapi({
      description: 'The clientOrderId of the new order.',
    }),
  })
  .refine((fields) => Object.values(fields).some((value) => value !== undefined), {
    message: 'Send at least one field to change',
  })
  .openapi('ReplaceOrderRequest', {
    description: 'The fields to change; the rest are copied from the order being replaced.',
    example: { limitPrice: '151.00' },
  })
export type ReplaceOrderRequestInput = z.input<typeof ReplaceOrderRequest>
export type ReplaceOrderRequest = z.output<typeof ReplaceOrderRequest>

export const TakeProfit = z.object({ limitPrice: DecimalString }).openapi('TakeProfit')

export const StopLoss = z
  .object({ stopPrice: DecimalString, limitPrice: orNull(DecimalString) })
  .openapi('StopLoss')

export const Order = z
  .object({
    id: OrderId,
    clientOrderId: orNull(z.string()),
    accountId: AccountId,
    symbol: SymbolString,
    side: Side,
    qty: DecimalString,
    type: OrderType,
    limitPrice: orNull(DecimalString),
    stopPrice: orNull(DecimalString),
    trailPrice: orNull(DecimalString),
    trailPercent: orNull(DecimalString),
    timeInForce: TimeInForce,
    expireAt: orNull(IsoTime),
    strategyId: orNull(z.string()),
    metadata: Metadata,
    orderClass: OrderClass,
    takeProfit: orNull(TakeProfit),
    stopLoss: orNull(StopLoss),
    status: OrderStatus,
    filledQty: DecimalString,
    leavesQty: DecimalString,
    avgFillPrice: orNull(DecimalString),
    rejectReason: orNull(z.string()),
    replacedBy: orNull(z.string()).openapi({ description: 'Id of the order that replaced it.' }),
    replaces: orNull(z.string()).openapi({ description: 'Id of the order it replaces.' }),
    parentId: orNull(z.string()).openapi({ description: 'Id of the entry order of a leg.' }),
    legs: z.array(z.string()).openapi({ description: 'Ids of the leg orders.' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    acceptedAt: orNull(IsoTime),
    filledAt: orNull(IsoTime),
    canceledAt: orNull(IsoTime),
    expiredAt: orNull(IsoTime),
  })
  .openapi('Order')
export type Order = z.infer<typeof Order>

export const ListOrdersQuery = PagingQuery.extend({
  status: z
    .enum(['open', 'closed', 'all'])
    .default('open')
    .openapi({ description: '`open`: not terminal; `closed`: terminal.' }),
  symbol: SymbolInput.optional(),
})
export type ListOrdersQuery = z.output<typeof ListOrdersQuery>
