/**
 * The test report (`GET /mock/report`, CONTRACT.md section 3): everything since the last
 * configure (or reset), as JSON. The JUnit and HTML formats are renderings of this object.
 *
 * Orders, fills, rejections, latencies and P&L come from the current state, which holds the whole
 * timeline; the price series and the faults applied come from the journal, which keeps only its
 * last events (`--journal-retention`): `timeline.complete` is false once it has forgotten the
 * first ones, and those two sections then cover only `firstRetainedSeq` on. Latencies are virtual
 * milliseconds. Lists of orders and fills keep the most recent `REPORT_LIST_MAX`.
 */
import { z } from '@hono/zod-openapi'
import { DecimalString } from '../decimal-input.js'
import { AccountId, Currency, IsoTime, SymbolString, orNull } from './common.js'
import { Fill } from './fill.js'
import { Order } from './order.js'
import { Verification } from './verification.js'

/** Most orders and most fills a report lists (the most recent ones); the counts cover all. */
export const REPORT_LIST_MAX = 1000

/** Most points of one symbol's price series; longer series are downsampled. */
export const PRICE_SERIES_POINTS_MAX = 1000

/** Most points of all price series together: many symbols get fewer points each. */
export const PRICE_POINTS_TOTAL_MAX = 100_000

export const REPORT_FORMATS = ['json', 'junit', 'html'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export const ReportQuery = z.object({
  format: z
    .enum(REPORT_FORMATS)
    .default('json')
    .openapi({
      description:
        '`json` (application/json), `junit` (JUnit XML, application/xml) or `html` (a ' +
        'self-contained page with a price chart per symbol, text/html).',
    }),
})
export type ReportQuery = z.output<typeof ReportQuery>

const Count = z.int().min(0)

export const ReportTimeline = z
  .object({
    epoch: z.int().min(0),
    seq: z.int().min(0).openapi({ description: 'The last event of the timeline.' }),
    hash: z.string(),
    firstRetainedSeq: z.int().min(1).openapi({
      description: 'The oldest event the journal still holds (seq + 1 when it holds none).',
    }),
    complete: z.boolean().openapi({
      description:
        'Whether the journal still holds the timeline from its first event. When false, the ' +
        'price series and faults cover only the events from `firstRetainedSeq` on.',
    }),
    start: IsoTime.openapi({ description: 'Virtual time the timeline started at.' }),
    end: IsoTime.openapi({ description: 'Virtual time now.' }),
    durationMs: Count.openapi({ description: 'Virtual ms from start to end.' }),
  })
  .openapi('ReportTimeline')

export const OrderOutcomes = z
  .object({
    filled: Count,
    partially_filled: Count.openapi({
      description: 'Ended (canceled, expired or replaced) with part of the quantity filled.',
    }),
    canceled: Count.openapi({ description: 'Canceled with nothing filled.' }),
    rejected: Count,
    expired: Count.openapi({ description: 'Expired with nothing filled.' }),
    replaced: Count.openapi({ description: 'Replaced with nothing filled.' }),
    open: Count.openapi({ description: 'Not final yet, filled or not.' }),
  })
  .openapi('OrderOutcomes')
export type OrderOutcomes = z.infer<typeof OrderOutcomes>
export type OrderOutcome = keyof OrderOutcomes

export const ReportOrders = z
  .object({
    total: Count,
    byOutcome: OrderOutcomes,
    byType: z.object({
      market: Count,
      limit: Count,
      stop: Count,
      stop_limit: Count,
      trailing_stop: Count,
    }),
    bySide: z.object({ buy: Count, sell: Count }),
    list: z
      .array(Order)
      .openapi({ description: `The most recent ${REPORT_LIST_MAX}, oldest first.` }),
    omitted: Count.openapi({ description: 'Older orders left out of `list`.' }),
  })
  .openapi('ReportOrders')

export const SymbolFills = z
  .object({
    symbol: SymbolString,
    count: Count,
    volume: DecimalString.openapi({ description: 'Shares filled, buys and sells.' }),
    notional: DecimalString.openapi({ description: 'Sum of qty × price.' }),
  })
  .openapi('SymbolFills')

export const ReportFills = z
  .object({
    count: Count,
    volume: DecimalString.openapi({ description: 'Shares filled, buys and sells.' }),
    notional: DecimalString,
    commissions: DecimalString,
    bySymbol: z.array(SymbolFills),
    list: z
      .array(Fill)
      .openapi({ description: `The most recent ${REPORT_LIST_MAX}, oldest first.` }),
    omitted: Count.openapi({ description: 'Older fills left out of `list`.' }),
  })
  .openapi('ReportFills')

export const RejectionReason = z
  .object({
    reason: z.string().openapi({
      description: 'The code that starts `rejectReason`.',
      example: 'insufficient_buying_power',
    }),
    count: Count,
    example: z.string().openapi({ description: 'The `rejectReason` of the first such order.' }),
  })
  .openapi('RejectionReason')

export const ReportRejections = z
  .object({
    total: Count,
    byReason: z.array(RejectionReason).openapi({ description: 'Most frequent first.' }),
  })
  .openapi('ReportRejections')

export const ReportFaults = z
  .object({
    total: Count.openapi({ description: '`fault.applied` events in the retained journal.' }),
    byKind: z.record(z.string(), Count).openapi({ example: { error: 3, latency: 1 } }),
    byOperation: z.record(z.string(), Count).openapi({ example: { submitOrder: 4 } }),
    byRule: z.array(z.object({ ruleId: z.string(), kind: z.string(), count: Count })),
  })
  .openapi('ReportFaults')

export const LatencyStats = z
  .object({
    count: Count.openapi({ description: 'Orders measured.' }),
    p50: orNull(Count),
    p90: orNull(Count),
    p99: orNull(Count),
    max: orNull(Count),
  })
  .openapi('LatencyStats', {
    description: 'Virtual ms, nearest-rank percentiles; null when no order was measured.',
  })
export type LatencyStats = z.infer<typeof LatencyStats>

export const ReportLatency = z
  .object({
    ack: LatencyStats.openapi({
      description: 'Sent to the venue (`pending_new`) until accepted.',
    }),
    firstFill: LatencyStats.openapi({ description: 'Sent to the venue until the first fill.' }),
    filled: LatencyStats.openapi({ description: 'Sent to the venue until completely filled.' }),
  })
  .openapi('ReportLatency', {
    description:
      'An order is sent to the venue when it is submitted (or replaces another); a bracket or ' +
      'oto exit when its entry has filled completely.',
  })

export const AccountPnl = z
  .object({
    accountId: AccountId,
    currency: Currency,
    startingCash: DecimalString,
    startingEquity: DecimalString.openapi({
      description: 'Starting cash plus starting positions at their entry prices.',
    }),
    cash: DecimalString,
    marketValue: DecimalString,
    equity: DecimalString,
    realizedPnl: DecimalString.openapi({ description: 'Gross of commissions.' }),
    unrealizedPnl: DecimalString,
    commissionsPaid: DecimalString,
    netPnl: DecimalString.openapi({ description: 'equity − startingEquity.' }),
  })
  .openapi('AccountPnl')
export type AccountPnl = z.infer<typeof AccountPnl>

export const PricePoint = z
  .object({ time: IsoTime, bid: DecimalString, ask: DecimalString, last: DecimalString })
  .openapi('PricePoint')
export type PricePoint = z.infer<typeof PricePoint>

export const PriceSeries = z
  .object({
    symbol: SymbolString,
    quotes: Count.openapi({ description: '`quote.updated` events in the retained journal.' }),
    points: z.array(PricePoint).openapi({
      description:
        `At most ${PRICE_SERIES_POINTS_MAX} (fewer with more than ` +
        `${PRICE_POINTS_TOTAL_MAX / PRICE_SERIES_POINTS_MAX} symbols), in time order. A longer ` +
        'series is downsampled in buckets that keep their first, last, lowest and highest quotes.',
    }),
  })
  .openapi('PriceSeries')
export type PriceSeries = z.infer<typeof PriceSeries>

export const CheckStatus = z.enum(['passed', 'failed', 'skipped']).openapi('CheckStatus')
export type CheckStatus = z.infer<typeof CheckStatus>

export const ReportCheck = z
  .object({
    name: z.string(),
    accountId: orNull(AccountId).openapi({ description: 'The account checked; null: the world.' }),
    status: CheckStatus,
    message: orNull(z.string()).openapi({ description: 'Why it failed or was skipped.' }),
  })
  .openapi('ReportCheck', {
    example: {
      name: 'cash + market value equals equity',
      accountId: 'DEMO',
      status: 'passed',
      message: null,
    },
  })
export type ReportCheck = z.infer<typeof ReportCheck>

export const ReportVerifications = z
  .object({
    total: Count,
    failed: Count,
    dropped: Count.openapi({ description: 'The oldest ones dropped to stay within the bound.' }),
    list: z.array(Verification).openapi({ description: 'Oldest first.' }),
  })
  .openapi('ReportVerifications')

export const Report = z
  .object({
    scenario: orNull(z.string()),
    seed: z.int(),
    timeline: ReportTimeline,
    orders: ReportOrders,
    fills: ReportFills,
    rejections: ReportRejections,
    faults: ReportFaults,
    latency: ReportLatency,
    accounts: z.array(AccountPnl),
    prices: z.array(PriceSeries),
    checks: z.array(ReportCheck).openapi({
      description: 'Built-in consistency checks of the world, each a JUnit test case.',
    }),
    verifications: ReportVerifications,
  })
  .openapi('Report', {
    description: 'A test report of the timeline since the last configure or reset.',
    example: {
      scenario: 'normal',
      seed: 42,
      timeline: {
        epoch: 2,
        seq: 1234,
        hash: '5f3c9a1e',
        firstRetainedSeq: 1,
        complete: true,
        start: '2026-01-05T14:30:00.000Z',
        end: '2026-01-05T14:40:00.000Z',
        durationMs: 600_000,
      },
      orders: {
        total: 3,
        byOutcome: {
          filled: 1,
          partially_filled: 0,
          canceled: 1,
          rejected: 1,
          expired: 0,
          replaced: 0,
          open: 0,
        },
        byType: { market: 2, limit: 1, stop: 0, stop_limit: 0, trailing_stop: 0 },
        bySide: { buy: 2, sell: 1 },
        list: [],
        omitted: 0,
      },
      fills: {
        count: 1,
        volume: '10',
        notional: '1000.5',
        commissions: '1',
        bySymbol: [{ symbol: 'AAPL', count: 1, volume: '10', notional: '1000.5' }],
        list: [],
        omitted: 0,
      },
      rejections: {
        total: 1,
        byReason: [
          {
            reason: 'insufficient_buying_power',
            count: 1,
            example: 'insufficient_buying_power: the order needs 150000 of buying power',
          },
        ],
      },
      faults: {
        total: 1,
        byKind: { error: 1 },
        byOperation: { submitOrder: 1 },
        byRule: [{ ruleId: 'flt-000001', kind: 'error', count: 1 }],
      },
      latency: {
        ack: { count: 2, p50: 5, p90: 8, p99: 8, max: 8 },
        firstFill: { count: 1, p50: 5, p90: 5, p99: 5, max: 5 },
        filled: { count: 1, p50: 5, p90: 5, p99: 5, max: 5 },
      },
      accounts: [
        {
          accountId: 'DEMO',
          currency: 'USD',
          startingCash: '100000',
          startingEquity: '100000',
          cash: '98998.5',
          marketValue: '1001',
          equity: '99999.5',
          realizedPnl: '0',
          unrealizedPnl: '0.5',
          commissionsPaid: '1',
          netPnl: '-0.5',
        },
      ],
      prices: [
        {
          symbol: 'AAPL',
          quotes: 600,
          points: [{ time: '2026-01-05T14:30:00.000Z', bid: '99.95', ask: '100.05', last: '100' }],
        },
      ],
      checks: [
        {
          name: 'cash + market value equals equity',
          accountId: 'DEMO',
          status: 'passed',
          message: null,
        },
      ],
      verifications: { total: 0, failed: 0, dropped: 0, list: [] },
    },
  })
export type Report = z.infer<typeof Report>
