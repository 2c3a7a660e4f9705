/**
 * The resolved configuration of a world: every key filled in, plain data only, named as on the
 * wire (CONTRACT.md section 3) so `/mock/state` can echo it unchanged and a snapshot can store it.
 *
 * Units: `volatility` and `drift` are daily percent, `spread` and `slippageBps` basis points,
 * `liquidity` shares at the touch, every duration milliseconds of virtual time. Decimal amounts
 * are decimal strings; the core parses them once when it builds the world.
 */
import type { SessionConfig } from '../time/session-calendar.js'

export type ClockMode = 'manual' | 'realtime'
export type PriceModelName = 'random_walk'

export interface InstrumentConfig {
  symbol: string
  name: string
  price: string
  tickSize: string
  lotSize: string
  currency: string
}

export interface MarketConfig {
  model: PriceModelName
  volatility: number
  drift: number
  spread: number
  liquidity: number
  depthLevels: number
  updateFrequency: number
}

export interface CommissionConfig {
  perShare: string
  bps: string
  minimum: string
}

export interface ExecutionConfig {
  latencyMin: number
  latencyMax: number
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
}
