/**
 * The difference of two `GET /mock/state` views, as `GET /mock/snapshots/{id}/diff` answers it
 * (issue 7): `from` is the snapshot, `to` the `against` side (another snapshot or the current
 * world).
 *
 * The sections are the sections of `State`: `clock`, `symbols`, `quotes`, `accounts`, `orders`,
 * `faults` and `config`. Only what differs is listed: a field that did not change is left out, a
 * section with no difference is empty (`null` for the clock), and `identical` is true exactly when
 * every section is. Lists are sorted by id or symbol (ids with numbers in natural order). A changed
 * field reads `{ from, to }`; decimals add the exact `delta` (`to - from`), prices also `pct`.
 *
 * The journal position of each side (`seq`, `epoch`, `hash`) identifies the two worlds; it is not
 * itself a difference.
 */
import { z } from '@hono/zod-openapi'
import { DecimalString } from '../decimal-input.js'
import { AccountWithPositions, PositionSide } from './account.js'
import { AccountId, Currency, IsoTime, OrderId, SymbolString, orNull } from './common.js'
import { FaultRule, FaultRuleSpec } from './fault.js'
import { Clock, Instrument } from './market.js'
import { Order } from './order.js'

/** Most config paths one diff lists; `config.morePaths` counts the rest. */
export const CONFIG_DIFF_PATHS_MAX = 100

/** `{ from, to }` of one field, both of the field's own type. */
function change<T extends z.ZodType>(value: T) {
  return z.object({ from: value, to: value })
}

type ChangeFields<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<z.ZodObject<{ from: S[K]; to: S[K] }>>
}

/** One optional `{ from, to }` per field of `shape`: an entity's fields, present when changed. */
function changeFields<S extends z.ZodRawShape>(shape: S): ChangeFields<S> {
  const fields = Object.entries(shape).map(([key, value]) => [
    key,
    change(value as z.ZodType).optional(),
  ])
  return Object.fromEntries(fields) as ChangeFields<S>
}

export const DecimalChange = z
  .object({
    from: DecimalString,
    to: DecimalString,
    delta: DecimalString.openapi({ description: '`to - from`, exact.' }),
  })
  .openapi('DecimalChange', {
    description: 'A decimal field that changed.',
    example: { from: '100000', to: '99019.9', delta: '-980.1' },
  })
export type DecimalChange = z.infer<typeof DecimalChange>

export const PriceChange = z
  .object({
    from: DecimalString,
    to: DecimalString,
    delta: DecimalString.openapi({ description: '`to - from`, exact.' }),
    pct: orNull(DecimalString).openapi({
      description:
        '`delta / from` in percent (1 is 1%), 4 decimals, half even; null when from is 0.',
    }),
  })
  .openapi('PriceChange', {
    description: 'A price that moved.',
    example: { from: '100', to: '98', delta: '-2', pct: '-2' },
  })
export type PriceChange = z.infer<typeof PriceChange>

export const CountChange = z
  .object({ from: z.int(), to: z.int(), delta: z.int() })
  .openapi('CountChange', {
    description: 'A counter that changed.',
    example: { from: 0, to: 2, delta: 2 },
  })
export type CountChange = z.infer<typeof CountChange>

export const StateDiffSide = z
  .object({
    seq: z.int().min(0).openapi({ description: 'Journal sequence number of the side.' }),
    epoch: z.int().min(0),
    hash: z.string().openapi({ description: 'Journal hash: equal hashes, same history.' }),
    time: IsoTime.openapi({ description: 'Virtual time of the side.' }),
  })
  .openapi('StateDiffSide', { description: 'Where one side of the diff stands.' })
export type StateDiffSide = z.infer<typeof StateDiffSide>

export const ClockDiff = z
  .object({
    time: z
      .object({ from: IsoTime, to: IsoTime, deltaMs: z.int() })
      .optional()
      .openapi({ description: '`deltaMs`: virtual milliseconds from `from` to `to`.' }),
    ...changeFields(Clock.omit({ time: true }).shape),
  })
  .openapi('ClockDiff', { description: 'The clock fields that changed.' })
export type ClockDiff = z.infer<typeof ClockDiff>

export const InstrumentChange = z
  .object({ symbol: SymbolString, ...changeFields(Instrument.omit({ symbol: true }).shape) })
  .openapi('InstrumentChange', {
    example: { symbol: 'AAPL', status: { from: 'trading', to: 'halted' } },
  })
export type InstrumentChange = z.infer<typeof InstrumentChange>

export const QuoteChange = z
  .object({
    symbol: SymbolString,
    bid: PriceChange.optional(),
    ask: PriceChange.optional(),
    last: PriceChange.optional(),
    bidSize: DecimalChange.optional(),
    askSize: DecimalChange.optional(),
    time: change(IsoTime).optional(),
  })
  .openapi('QuoteChange', {
    description: 'A quote that differs: the price moves, touch sizes and quote time that changed.',
    example: {
      symbol: 'AAPL',
      bid: { from: '150', to: '142.5', delta: '-7.5', pct: '-5' },
      ask: { from: '150.01', to: '142.51', delta: '-7.5', pct: '-4.9997' },
      last: { from: '150', to: '142.5', delta: '-7.5', pct: '-5' },
    },
  })
export type QuoteChange = z.infer<typeof QuoteChange>

export const PositionChange = z
  .object({
    symbol: SymbolString,
    change: z.enum(['opened', 'closed', 'changed']).openapi({
      description:
        '`opened`: flat (not listed) in `from`; `closed`: flat in `to`. The flat side reads as qty 0, side flat, and 0 for avgEntryPrice, marketValue, costBasis and unrealizedPnl; its realizedPnl and lastPrice are not known, so an opened or closed position leaves those two out.',
    }),
    qty: DecimalChange.optional().openapi({ description: 'Signed: negative is short.' }),
    side: change(PositionSide).optional(),
    avgEntryPrice: DecimalChange.optional(),
    marketValue: DecimalChange.optional(),
    costBasis: DecimalChange.optional(),
    unrealizedPnl: DecimalChange.optional(),
    realizedPnl: DecimalChange.optional(),
    lastPrice: DecimalChange.optional(),
  })
  .openapi('PositionChange', {
    example: {
      symbol: 'AAPL',
      change: 'opened',
      qty: { from: '0', to: '10', delta: '10' },
      side: { from: 'flat', to: 'long' },
      avgEntryPrice: { from: '0', to: '150.01', delta: '150.01' },
      marketValue: { from: '0', to: '1500', delta: '1500' },
      costBasis: { from: '0', to: '1500.1', delta: '1500.1' },
      unrealizedPnl: { from: '0', to: '-0.1', delta: '-0.1' },
    },
  })
export type PositionChange = z.infer<typeof PositionChange>

export const AccountChange = z
  .object({
    id: AccountId,
    currency: change(Currency).optional(),
    cash: DecimalChange.optional(),
    equity: DecimalChange.optional(),
    buyingPower: DecimalChange.optional(),
    marketValue: DecimalChange.optional(),
    realizedPnl: DecimalChange.optional(),
    unrealizedPnl: DecimalChange.optional(),
    commissionsPaid: DecimalChange.optional(),
    status: change(z.enum(['active'])).optional(),
    positions: z.array(PositionChange).openapi({
      description: 'Positions that differ, by symbol; empty when none does.',
    }),
  })
  .openapi('AccountChange', {
    description:
      'An account in both states: the fields that changed and the positions that differ.',
    example: {
      id: 'DEMO',
      cash: { from: '100000', to: '98499.9', delta: '-1500.1' },
      equity: { from: '100000', to: '99999.9', delta: '-0.1' },
      buyingPower: { from: '100000', to: '98499.9', delta: '-1500.1' },
      marketValue: { from: '0', to: '1500', delta: '1500' },
      unrealizedPnl: { from: '0', to: '-0.1', delta: '-0.1' },
      positions: [],
    },
  })
export type AccountChange = z.infer<typeof AccountChange>

export const OrderChange = z
  .object({
    id: OrderId,
    clientOrderId: orNull(z.string()).openapi({ description: 'As in `to`.' }),
    accountId: AccountId,
    symbol: SymbolString,
    changes: z.object(changeFields(Order.omit({ id: true }).shape)).openapi({
      description: 'Every order field that changed, by name.',
    }),
  })
  .openapi('OrderChange', {
    description: 'An order in both states whose fields differ.',
    example: {
      id: 'ord-000001',
      clientOrderId: 'my-order-1',
      accountId: 'DEMO',
      symbol: 'AAPL',
      changes: {
        status: { from: 'new', to: 'filled' },
        filledQty: { from: '0', to: '10' },
        leavesQty: { from: '10', to: '0' },
        avgFillPrice: { from: null, to: '150.01' },
        updatedAt: { from: '2026-01-05T14:30:00.000Z', to: '2026-01-05T14:30:01.000Z' },
        filledAt: { from: null, to: '2026-01-05T14:30:01.000Z' },
      },
    },
  })
export type OrderChange = z.infer<typeof OrderChange>

export const FaultChange = z
  .object({
    id: z.string(),
    matched: CountChange.optional(),
    fired: CountChange.optional(),
    ...changeFields(FaultRuleSpec.shape),
  })
  .openapi('FaultChange', {
    description:
      'A fault rule in both states: its counts that changed, and any field of the rule itself that differs (same id, another rule, after a configure or reset).',
    example: {
      id: 'flt-000001',
      matched: { from: 1, to: 3, delta: 2 },
      fired: { from: 1, to: 2, delta: 1 },
    },
  })
export type FaultChange = z.infer<typeof FaultChange>

const addedRemovedChanged = <T extends z.ZodType, C extends z.ZodType>(item: T, changed: C) =>
  z.object({
    added: z.array(item).openapi({ description: 'In `to` only.' }),
    removed: z.array(item).openapi({ description: 'In `from` only.' }),
    changed: z.array(changed).openapi({ description: 'In both, with differences.' }),
  })

/** A diff as the route answers it: a resting limit order filled by a price jump. */
export const STATE_DIFF_EXAMPLE = {
  from: { seq: 2, epoch: 1, hash: '31b9abf40dd32772', time: '2026-01-05T14:30:00.000Z' },
  to: { seq: 8, epoch: 1, hash: '6b985f5be4f401e6', time: '2026-01-05T14:30:00.000Z' },
  identical: false,
  clock: null,
  symbols: { added: [], removed: [], changed: [] },
  quotes: [
    {
      symbol: 'AAPL',
      bid: { from: '100', to: '98', delta: '-2', pct: '-2' },
      ask: { from: '100.01', to: '98.01', delta: '-2', pct: '-1.9998' },
      bidSize: { from: '1425', to: '1397', delta: '-28' },
      askSize: { from: '1348', to: '836', delta: '-512' },
      last: { from: '100', to: '98', delta: '-2', pct: '-2' },
    },
  ],
  accounts: {
    added: [],
    removed: [],
    changed: [
      {
        id: 'DEMO',
        cash: { from: '100000', to: '99018.9', delta: '-981.1' },
        equity: { from: '100000', to: '99998.9', delta: '-1.1' },
        buyingPower: { from: '99010', to: '99018.9', delta: '8.9' },
        marketValue: { from: '0', to: '980', delta: '980' },
        unrealizedPnl: { from: '0', to: '-0.1', delta: '-0.1' },
        commissionsPaid: { from: '0', to: '1', delta: '1' },
        positions: [
          {
            symbol: 'AAPL',
            change: 'opened',
            qty: { from: '0', to: '10', delta: '10' },
            side: { from: 'flat', to: 'long' },
            avgEntryPrice: { from: '0', to: '98.01', delta: '98.01' },
            marketValue: { from: '0', to: '980', delta: '980' },
            costBasis: { from: '0', to: '980.1', delta: '980.1' },
            unrealizedPnl: { from: '0', to: '-0.1', delta: '-0.1' },
          },
        ],
      },
    ],
  },
  orders: {
    added: [],
    removed: [],
    changed: [
      {
        id: 'ord-000001',
        clientOrderId: 'my-order-1',
        accountId: 'DEMO',
        symbol: 'AAPL',
        changes: {
          status: { from: 'new', to: 'filled' },
          filledQty: { from: '0', to: '10' },
          leavesQty: { from: '10', to: '0' },
          avgFillPrice: { from: null, to: '98.01' },
          filledAt: { from: null, to: '2026-01-05T14:30:00.000Z' },
        },
      },
    ],
  },
  faults: { added: [], removed: [], changed: [] },
  config: { changed: false, paths: [], morePaths: 0 },
} as const

export const StateDiff = z
  .object({
    from: StateDiffSide,
    to: StateDiffSide,
    identical: z.boolean().openapi({ description: 'True when no section lists a difference.' }),
    clock: orNull(ClockDiff).openapi({ description: 'null when the clocks agree.' }),
    symbols: addedRemovedChanged(Instrument, InstrumentChange),
    quotes: z.array(QuoteChange).openapi({
      description: 'Quotes that differ, by symbol (a symbol in one state only is under `symbols`).',
    }),
    accounts: addedRemovedChanged(AccountWithPositions, AccountChange),
    orders: addedRemovedChanged(Order, OrderChange),
    faults: addedRemovedChanged(FaultRule, FaultChange),
    config: z
      .object({
        changed: z.boolean(),
        paths: z.array(z.string()).openapi({
          description: `Paths of the resolved-config values that differ (\`symbols[1].price\`): keys alphabetically, array items by index; at most ${CONFIG_DIFF_PATHS_MAX}.`,
        }),
        morePaths: z.int().min(0).openapi({ description: 'Differing paths left out of `paths`.' }),
      })
      .openapi({ description: 'Whether the resolved configurations differ, and where.' }),
  })
  .openapi('StateDiff', {
    description:
      'The difference of two states, `from` (the snapshot) to `to` (the `against` side): only what changed, sorted by id or symbol.',
    example: STATE_DIFF_EXAMPLE,
  })
export type StateDiff = z.infer<typeof StateDiff>
