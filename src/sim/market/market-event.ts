/**
 * Market events a test can inject (CONTRACT.md section 3), now, at a virtual time, or from a
 * scenario's timeline. They are plain data: a scheduled one waits in the scheduler as it is, so a
 * world's pending events can be snapshotted with the rest of its state.
 *
 * Units: `pct`, `dropPct` and `recoverPct` are percent, `bps` basis points, `factor` a multiplier
 * of the touch sizes, every duration milliseconds of virtual time.
 */
export type MarketEvent =
  | { kind: 'price_jump'; symbol: string; pct?: number | undefined; price?: string | undefined }
  | { kind: 'gap'; symbol: string; pct?: number | undefined; price?: string | undefined }
  | { kind: 'halt'; symbol: string }
  | { kind: 'resume'; symbol: string }
  | {
      kind: 'flash_crash'
      symbol: string
      dropPct: number
      durationMs: number
      recoverPct: number
      recoverMs: number
    }
  | { kind: 'spread'; symbol: string; bps: number; durationMs?: number | undefined }
  | { kind: 'liquidity'; symbol: string; factor: number; durationMs?: number | undefined }
  | { kind: 'stale_quotes'; symbol: string; durationMs: number }

export type MarketEventKind = MarketEvent['kind']
export type FlashCrashEvent = Extract<MarketEvent, { kind: 'flash_crash' }>

export const MARKET_EVENT_KINDS = [
  'price_jump',
  'gap',
  'halt',
  'resume',
  'flash_crash',
  'spread',
  'liquidity',
  'stale_quotes',
] as const satisfies readonly MarketEventKind[]

/** Bounds of event parameters, shared by the core's checks and the wire schema's. */
export const MARKET_EVENT_LIMITS = {
  /** Largest upward jump or gap, in percent (a 1000-fold move). */
  jumpPctMax: 99_900,
  /** Longest duration of a timed event: one year, the longest single advance. */
  durationMsMax: 366 * 24 * 60 * 60 * 1000,
  /** Widest spread override, in bps (100%), as for `marketConfig.spread`. */
  spreadBpsMax: 10_000,
  /** Largest liquidity factor. */
  liquidityFactorMax: 1_000,
} as const

/** The override a timed event sets, and which its end restores. */
export type OverrideKind = 'spread' | 'liquidity' | 'stale_quotes'
