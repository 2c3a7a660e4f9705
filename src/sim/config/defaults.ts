/**
 * Defaults of a world configured with `{}`: one account `DEMO` with 100000 USD and no key, a few
 * well-known symbols, a calm random walk, no latency, no commission, a manual clock and a 24x7
 * session (CONTRACT.md sections 1 and 3).
 */
import type { AccountConfig, ExecutionConfig, MarketConfig } from './world-config.js'

export const DEFAULT_SEED = 42
export const DEFAULT_CLOCK_START = '2026-01-05T14:30:00.000Z'

/** Reference prices for symbols named without a price; anything else starts at 100. */
export const KNOWN_SYMBOLS: Readonly<Record<string, { name: string; price: string }>> = {
  AAPL: { name: 'Apple Inc.', price: '190.00' },
  MSFT: { name: 'Microsoft Corporation', price: '420.00' },
  GOOGL: { name: 'Alphabet Inc. Class A', price: '175.00' },
  AMZN: { name: 'Amazon.com, Inc.', price: '185.00' },
  TSLA: { name: 'Tesla, Inc.', price: '250.00' },
  NVDA: { name: 'NVIDIA Corporation', price: '120.00' },
  META: { name: 'Meta Platforms, Inc.', price: '500.00' },
  SPY: { name: 'SPDR S&P 500 ETF Trust', price: '550.00' },
}
export const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'TSLA']
export const DEFAULT_PRICE = '100.00'
export const DEFAULT_TICK_SIZE = '0.01'
export const DEFAULT_LOT_SIZE = '1'
export const DEFAULT_CURRENCY = 'USD'

export const DEFAULT_MARKET: MarketConfig = {
  model: 'random_walk',
  volatility: 2,
  drift: 0,
  spread: 5,
  liquidity: 1000,
  depthLevels: 5,
  updateFrequency: 1000,
  /** Resolved to the world's `updateFrequency` unless given (resolve-config.ts). */
  depthRefillMs: 1000,
  halfLife: 3_600_000,
  momentum: 0.3,
  volatilityClustering: null,
  source: null,
}

export const DEFAULT_EXECUTION: ExecutionConfig = {
  latencyMin: 0,
  latencyMax: 0,
  slippageBps: 0,
  fillProbability: 1,
  partialFillRatio: 1,
  rejectionRate: 0,
  /** Resolved from the world's `latencyMin`/`latencyMax` per action (resolve-config.ts). */
  latency: {
    submit: { type: 'uniform', min: 0, max: 0 },
    cancel: { type: 'uniform', min: 0, max: 0 },
    replace: { type: 'uniform', min: 0, max: 0 },
  },
  /** `maker` and `taker` are resolved from the base rates (resolve-config.ts). */
  commission: {
    perShare: '0',
    bps: '0',
    minimum: '0',
    maker: { perShare: '0', bps: '0' },
    taker: { perShare: '0', bps: '0' },
  },
}

export const DEFAULT_ACCOUNT: AccountConfig = {
  id: 'DEMO',
  cash: '100000',
  currency: DEFAULT_CURRENCY,
  apiKey: null,
  leverage: 1,
  allowShort: false,
  positions: [],
  limits: { maxOrderQty: null, maxOrderNotional: null, maxPosition: null, dailyLossLimit: null },
}
