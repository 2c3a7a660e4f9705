/**
 * Market events a test can inject (CONTRACT.md section 3), now or at a virtual time. The full set
 * (gap, flash_crash, spread, liquidity, stale_quotes) belongs to the market-model issue.
 */
export type MarketEvent =
  | { kind: 'price_jump'; symbol: string; pct?: number | undefined; price?: string | undefined }
  | { kind: 'halt'; symbol: string }
  | { kind: 'resume'; symbol: string }

export const MARKET_EVENT_KINDS = ['price_jump', 'halt', 'resume'] as const
