/**
 * The resolved configuration of a world: every key filled in, plain data only, named as on the
 * wire (CONTRACT.md section 3) so `/mock/state` can echo it unchanged and a snapshot can store it.
 *
 * Units: `volatility` and `drift` are daily percent, `spread` and `slippageBps` basis points,
 * `liquidity` shares at the touch, every duration milliseconds of virtual time. Decimal amounts
 * are decimal strings; the core parses them once when it builds the world.
 */
import type { FaultRuleSpec } from '../faults/fault-rule.js'
import type { MarketEvent } from '../market/market-event.js'
import type { Distribution } from '../random/distribution.js'
import type { SessionConfig } from '../time/session-calendar.js'

export type ClockMode = 'manual' | 'realtime'
export type PriceModelName = 'random_walk' | 'mean_reversion' | 'momentum'
/** How a symbol's quotes move: a price model, or `historical` (a replay of `marketConfig.source`). */
export type MarketModelName = PriceModelName | 'historical'

/** GARCH(1,1) weights of the last squared shock (`alpha`) and of the last variance (`beta`). */
export interface VolatilityClusteringConfig {
  alpha: number
  beta: number
}

export interface InstrumentConfig {
  symbol: string
  name: string
  price: string
  tickSize: string
  lotSize: string
  currency: string
  /** This symbol's price model; null follows `marketConfig.model`. */
  model: MarketModelName | null
}

export interface MarketConfig {
  model: MarketModelName
  volatility: number
  drift: number
  spread: number
  liquidity: number
  depthLevels: number
  updateFrequency: number
  /** ms of virtual time over which depth taken by fills comes back; default one updateFrequency. */
  depthRefillMs: number
  /** mean_reversion: ms of virtual time in which the distance to the anchor halves. */
  halfLife: number
  /** momentum: autocorrelation of successive returns, in [0, 1). */
  momentum: number
  /** GARCH(1,1) volatility clustering on any model; null keeps volatility constant. */
  volatilityClustering: VolatilityClusteringConfig | null
  /** historical: the fixture replayed, `fixtures/<source>.csv`; null: none. */
  source: string | null
}

/** The rates of one side of the liquidity; the order's `minimum` is shared. */
export interface CommissionRatesConfig {
  perShare: string
  bps: string
}

/**
 * `perShare` and `bps` are the base rates; `maker` and `taker` are what fills of that liquidity
 * actually pay, each resolved from the base rates where not given.
 */
export interface CommissionConfig {
  perShare: string
  bps: string
  minimum: string
  maker: CommissionRatesConfig
  taker: CommissionRatesConfig
}

/** Venue latency per action, virtual ms; each resolved to `latencyMin`..`latencyMax` if not given. */
export interface LatencyConfig {
  submit: Distribution
  cancel: Distribution
  replace: Distribution
}

export interface ExecutionConfig {
  latencyMin: number
  latencyMax: number
  latency: LatencyConfig
  slippageBps: number
  fillProbability: number
  partialFillRatio: number
  rejectionRate: number
  commission: CommissionConfig
}

export interface AccountLimitsConfig {
  maxOrderQty: string | null
  maxOrderNotional: string | null
  maxPosition: string | null
  dailyLossLimit: string | null
}

export interface StartingPositionConfig {
  symbol: string
  qty: string
  avgEntryPrice: string
}

export interface AccountConfig {
  id: string
  cash: string
  currency: string
  apiKey: string | null
  leverage: number
  allowShort: boolean
  positions: StartingPositionConfig[]
  limits: AccountLimitsConfig
}

export interface WorldConfig {
  seed: number
  scenario: string | null
  clock: { mode: ClockMode; start: string; speed: number }
  symbols: InstrumentConfig[]
  marketConfig: MarketConfig
  executionConfig: ExecutionConfig
  accounts: AccountConfig[]
  session: SessionConfig
  /** Market events at absolute ISO times (offsets resolved), in the order given (timeline.ts). */
  timeline: TimelineEntry[]
  /** Fault rules with defaults applied, added in this order (ids `flt-000001`…) at build. */
  faults: FaultRuleSpec[]
}

/** One entry of a scenario timeline; `at` is an offset such as `+5m` until resolved. */
export interface TimelineEntry {
  at: string
  event: MarketEvent
}
