/**
 * The body of `POST /mock/configure` (CONTRACT.md section 3, "configure fields"). Every key is
 * optional: a missing key takes the scenario's value, then the default. An inline scenario is the
 * same object without `scenario`, plus a `name` and a `description`.
 *
 * Objects are strict, so a misspelt key is a 400 rather than a silently ignored setting. Checks
 * here are about shape and self-consistency of one body (unique account ids, latencyMin ≤
 * latencyMax); whether the world it describes makes sense (positions in configured symbols, a
 * scenario file that exists) is the core's and the shell's business.
 */
import { z } from '@hono/zod-openapi'
import { DecimalInput } from '../decimal-input.js'
import { AccountId, Currency, IsoTime, SymbolInput } from './common.js'
import { CONFIG_FAULTS_MAX, FaultRuleInput } from './fault.js'
import { DELAY_MS_MAX, LatencyDistribution } from './latency-distribution.js'
import { ClockMode } from './market.js'
import { MARKET_EVENT_DURATION_MS_MAX } from './market-event.js'
import { Timeline } from './timeline.js'

// Defined apart so fault rules can share them without an import cycle; re-exported for callers.
export { DELAY_MS_MAX, LatencyDistribution }

/** Most symbols and accounts one configuration may declare. */
export const CONFIG_SYMBOLS_MAX = 500
export const CONFIG_ACCOUNTS_MAX = 100

/** A file name in `scenarios/` (without `.json`); no path separators, so no path traversal. */
export const ScenarioName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a scenario name such as "normal"')
  .openapi('ScenarioName', { example: 'normal' })

export const MarketModel = z
  .enum(['random_walk', 'mean_reversion', 'momentum', 'historical'])
  .openapi('MarketModel', {
    description:
      '`random_walk`: geometric Brownian motion. `mean_reversion`: Ornstein–Uhlenbeck on the log price toward the starting price, with `halfLife`. `momentum`: returns autocorrelated by `momentum`. `historical`: replays the fixture `marketConfig.source` names, shifted onto the virtual clock.',
  })

/** A file name in `fixtures/` (without `.csv`); no path separators, so no path traversal. */
export const FixtureName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a fixture name such as "aapl-2024-01-02-ticks"')
  .openapi('FixtureName', { example: 'aapl-2024-01-02-ticks' })

/** GARCH(1,1) weights; the same shape in a request and in the resolved configuration. */
export const VolatilityClustering = z
  .strictObject({
    alpha: z.number().min(0).openapi({ description: 'Weight of the last squared shock.' }),
    beta: z.number().min(0).openapi({ description: 'Weight of the last variance.' }),
  })
  .refine(({ alpha, beta }) => alpha + beta < 1, {
    message: 'alpha + beta must be less than 1',
    path: ['beta'],
  })
  .openapi('VolatilityClustering', {
    description:
      'GARCH(1,1) volatility clustering, per update step: alpha ≥ 0, beta ≥ 0, alpha + beta < 1. The long-run variance stays `volatility`²; spreads widen with the current volatility.',
    example: { alpha: 0.1, beta: 0.85 },
  })

const ClockConfigInput = z
  .strictObject({
    mode: ClockMode.optional(),
    // The virtual clock counts non-negative epoch milliseconds.
    start: IsoTime.refine((time) => Date.parse(time) >= 0, 'Expected a time from 1970 on')
      .optional()
      .openapi({ description: 'Virtual time the clock starts at, from 1970 on.' }),
    speed: z
      .number()
      .min(0)
      .max(1_000_000)
      .optional()
      .openapi({ description: 'Virtual ms per wall ms in realtime mode; 0 pauses.' }),
  })
  .openapi('ClockConfigInput')

const SymbolConfigInput = z
  .strictObject({
    symbol: SymbolInput,
    name: z.string().min(1).max(128).optional(),
    price: DecimalInput.optional(),
    tickSize: DecimalInput.optional(),
    lotSize: DecimalInput.optional(),
    currency: Currency.optional(),
    model: MarketModel.optional().openapi({
      description: "This symbol's price model, instead of `marketConfig.model`.",
    }),
  })
  .openapi('SymbolConfigInput')

const SymbolsConfigInput = z
  .union([
    z
      .array(z.union([SymbolInput, SymbolConfigInput]))
      .max(CONFIG_SYMBOLS_MAX)
      .refine((entries) => isUnique(entries.map(symbolOf)), 'Each symbol may appear only once'),
    z.strictObject({ generate: z.int().min(1).max(CONFIG_SYMBOLS_MAX) }),
  ])
  .openapi('SymbolsConfigInput', {
    description: 'Symbol names, symbol objects, or `{ generate: N }` seeded fake instruments.',
    example: ['AAPL', { symbol: 'MSFT', price: '410.00', tickSize: '0.01' }],
  })

const MarketConfigInput = z
  .strictObject({
    model: MarketModel.optional(),
    volatility: z.number().min(0).optional().openapi({
      description: 'Standard deviation of daily returns in percent; 0 is a flat market.',
    }),
    drift: z.number().optional().openapi({ description: 'Daily drift in percent.' }),
    spread: z
      .number()
      .min(0)
      .max(10_000)
      .optional()
      .openapi({ description: 'Bid-ask spread in bps, at most 10000 (100%).' }),
    liquidity: z
      .number()
      .min(0)
      .optional()
      .openapi({ description: 'Shares at the touch; 0 quotes no size, so nothing fills.' }),
    depthLevels: z.int().min(1).max(50).optional().openapi({
      description:
        'Price levels per side of the synthetic book (the touch included) that market and marketable orders walk; default 5.',
    }),
    updateFrequency: z.int().min(1).optional().openapi({ description: 'Quote tick period, ms.' }),
    depthRefillMs: z.int().min(0).max(MARKET_EVENT_DURATION_MS_MAX).optional().openapi({
      description:
        'Virtual ms in which depth taken by fills comes back, linearly, counted from the market tick before the fill; 0 or more, default one `updateFrequency` (the next tick shows the whole book again).',
    }),
    halfLife: z.int().min(1).optional().openapi({
      description:
        'mean_reversion: virtual ms in which the distance to the anchor halves; default 3600000 (1 h).',
    }),
    momentum: z.number().min(0).lt(1).optional().openapi({
      description: 'momentum: autocorrelation of successive returns, in [0, 1); default 0.3.',
    }),
    volatilityClustering: VolatilityClustering.nullable().optional().openapi({
      description: 'GARCH(1,1) volatility clustering on any model; null (the default) is off.',
    }),
    source: FixtureName.nullable().optional().openapi({
      description:
        'historical: the fixture to replay, `fixtures/<source>.csv` (ticks or OHLCV bars; fixtures/README.md). null (the default): none.',
    }),
  })
  .openapi('MarketConfigInput')

const LatencyConfigInput = z
  .strictObject({
    submit: LatencyDistribution.optional(),
    cancel: LatencyDistribution.optional(),
    replace: LatencyDistribution.optional(),
  })
  .openapi('LatencyConfigInput', {
    description:
      'Venue latency per action, virtual ms, each drawn from its own random stream; an action left out is uniform in [latencyMin, latencyMax].',
    example: { submit: { type: 'fixed', ms: 25 }, cancel: { type: 'uniform', min: 5, max: 50 } },
  })

/** Inline, not a named component: each use carries its own description. */
const CommissionRatesInput = z.strictObject({
  perShare: DecimalInput.optional(),
  bps: DecimalInput.optional(),
})

const CommissionConfigInput = z
  .strictObject({
    perShare: DecimalInput.optional(),
    bps: DecimalInput.optional(),
    minimum: DecimalInput.optional().openapi({ description: 'Minimum commission per order.' }),
    maker: CommissionRatesInput.optional().openapi({
      description:
        'Rates for maker fills (a resting limit reached by a later quote); a missing rate is the base one.',
    }),
    taker: CommissionRatesInput.optional().openapi({
      description:
        'Rates for taker fills (an order executing on arrival, market and triggered stop orders); a missing rate is the base one.',
    }),
  })
  .openapi('CommissionConfigInput')

const ExecutionConfigInput = z
  .strictObject({
    latencyMin: z.int().min(0).optional().openapi({ description: 'Venue latency, virtual ms.' }),
    latencyMax: z.int().min(0).optional().openapi({ description: 'Venue latency, virtual ms.' }),
    slippageBps: z.number().min(0).optional(),
    fillProbability: z.number().min(0).max(1).optional(),
    partialFillRatio: z.number().gt(0).max(1).optional(),
    rejectionRate: z.number().min(0).max(1).optional(),
    latency: LatencyConfigInput.optional(),
    commission: CommissionConfigInput.optional(),
  })
  .refine(
    ({ latencyMin, latencyMax }) =>
      latencyMin === undefined || latencyMax === undefined || latencyMin <= latencyMax,
    { message: 'latencyMin must not be greater than latencyMax', path: ['latencyMin'] },
  )
  .openapi('ExecutionConfigInput')

const PositionConfigInput = z.strictObject({
  symbol: SymbolInput,
  qty: DecimalInput.openapi({ description: 'Signed: negative is short.' }),
  avgEntryPrice: DecimalInput,
})

const AccountLimitsInput = z
  .strictObject({
    maxOrderQty: DecimalInput.optional(),
    maxOrderNotional: DecimalInput.optional(),
    maxPosition: DecimalInput.optional(),
    dailyLossLimit: DecimalInput.optional(),
  })
  .openapi('AccountLimitsInput')

const AccountConfigInput = z
  .strictObject({
    id: AccountId,
    cash: DecimalInput,
    currency: Currency.optional(),
    apiKey: z.string().min(1).max(256).optional().openapi({
      description: 'When set, the account routes require `Authorization: Bearer <apiKey>`.',
    }),
    leverage: z.number().min(1).optional(),
    allowShort: z.boolean().optional(),
    positions: z.array(PositionConfigInput).max(CONFIG_SYMBOLS_MAX).optional(),
    limits: AccountLimitsInput.optional(),
  })
  .openapi('AccountConfigInput')

/** A list of accounts, inline or as the content of an accounts fixture. */
export const AccountsList = z
  .array(AccountConfigInput)
  .min(1)
  .max(CONFIG_ACCOUNTS_MAX)
  .refine((accounts) => isUnique(accounts.map(({ id }) => id)), 'Account ids must be unique')
  .refine(
    (accounts) =>
      isUnique(accounts.flatMap(({ apiKey }) => (apiKey === undefined ? [] : [apiKey]))),
    'Two accounts may not share an apiKey',
  )
  .openapi('AccountsList')
export type AccountsList = z.output<typeof AccountsList>

/** The accounts of `fixtures/<fixture>.accounts.json`, which the shell loads at configure. */
export const AccountsFixtureRef = z
  .strictObject({ fixture: FixtureName })
  .openapi('AccountsFixtureRef', {
    description:
      'Loads `fixtures/<fixture>.accounts.json`: a JSON array of accounts as `accounts` takes them (fixtures/README.md).',
    example: { fixture: 'two-desks' },
  })

const AccountsConfigInput = z
  .union([AccountsList, AccountsFixtureRef])
  .openapi('AccountsConfigInput', {
    description:
      'The accounts, or `{ fixture }` naming a file `fixtures/<fixture>.accounts.json` holding the same array.',
  })

const HourMinute = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a 24-hour time such as "09:30"')

const SessionHours = z
  .strictObject({
    open: HourMinute,
    close: HourMinute,
    timezone: z
      .string()
      .refine(isTimeZone, 'Expected an IANA time zone such as "America/New_York"'),
  })
  .openapi('SessionHours', {
    description: 'Monday to Friday, between open and close in the time zone.',
    example: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
  })

/** Trading hours; the same shape in a request and in the resolved configuration. */
export const SessionConfig = z
  .union([z.literal('24x7'), SessionHours])
  .openapi('SessionConfig', { description: '"24x7" (the default) or weekday hours.' })
export type SessionConfig = z.infer<typeof SessionConfig>

/** The keys a configuration and an inline scenario share. */
const configFields = {
  seed: z.int().optional().openapi({ description: 'The source of every random choice.' }),
  clock: ClockConfigInput.optional(),
  symbols: SymbolsConfigInput.optional(),
  marketConfig: MarketConfigInput.optional(),
  executionConfig: ExecutionConfigInput.optional(),
  accounts: AccountsConfigInput.optional(),
  session: SessionConfig.optional(),
  timeline: Timeline.optional(),
  faults: z.array(FaultRuleInput).max(CONFIG_FAULTS_MAX).optional().openapi({
    description:
      'Fault rules the world starts with, checked in this order; configure and reset start from them again. Rules injected later come after them.',
  }),
}

export const ScenarioObject = z
  .strictObject({
    name: z.string().min(1).max(128).optional(),
    description: z.string().max(4096).optional(),
    ...configFields,
  })
  .openapi('ScenarioObject', { description: 'An inline scenario: the configure keys it sets.' })

export const ConfigureRequest = z
  .strictObject({
    ...configFields,
    scenario: z.union([ScenarioName, ScenarioObject]).optional().openapi({
      description: 'A scenario file name, or an inline scenario. Explicit keys override it.',
    }),
  })
  .openapi('ConfigureRequest', {
    example: {
      seed: 42,
      scenario: 'normal',
      clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z' },
      symbols: ['AAPL', 'MSFT'],
      accounts: [{ id: 'alice', cash: '100000', apiKey: 'alice-key' }],
    },
  })
export type ConfigureRequestInput = z.input<typeof ConfigureRequest>
export type ConfigureRequest = z.output<typeof ConfigureRequest>
export type ScenarioObject = z.output<typeof ScenarioObject>
export type ScenarioObjectInput = z.input<typeof ScenarioObject>

function symbolOf(entry: string | { symbol: string }): string {
  return typeof entry === 'string' ? entry : entry.symbol
}

function isUnique(values: readonly string[]): boolean {
  return new Set(values).size === values.length
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}
