/**
 * What a caller may send to configure a world (CONTRACT.md section 3): every key optional. The
 * shell validates the wire shape with zod and hands the core this structure, with a named
 * scenario already loaded from disk into `scenario`, and the fixture `marketConfig.source` names
 * parsed into `fixture` (the core does no I/O).
 */
import type { FaultRuleInput } from '../faults/fault-rule-input.js'
import type { ReplayFixture } from '../market/replay/fixture.js'
import type { Distribution } from '../random/distribution.js'
import type { SessionConfig } from '../time/session-calendar.js'
import type {
  ClockMode,
  MarketModelName,
  VolatilityClusteringConfig,
  TimelineEntry,
} from './world-config.js'

export type InstrumentInput =
  | string
  | {
      symbol: string
      name?: string | undefined
      price?: string | undefined
      tickSize?: string | undefined
      lotSize?: string | undefined
      currency?: string | undefined
      model?: MarketModelName | undefined
    }

export interface AccountInput {
  id: string
  cash: string
  currency?: string | undefined
  apiKey?: string | undefined
  leverage?: number | undefined
  allowShort?: boolean | undefined
  positions?: { symbol: string; qty: string; avgEntryPrice: string }[] | undefined
  limits?:
    | {
        maxOrderQty?: string | undefined
        maxOrderNotional?: string | undefined
        maxPosition?: string | undefined
        dailyLossLimit?: string | undefined
      }
    | undefined
}

/** A liquidity side's rates; a missing one is the base `perShare` / `bps`. */
export interface CommissionRatesInput {
  perShare?: string | undefined
  bps?: string | undefined
}

export interface ConfigBody {
  seed?: number | undefined
  clock?:
    | { mode?: ClockMode | undefined; start?: string | undefined; speed?: number | undefined }
    | undefined
  /** Explicit instruments only: the shell expands `{ generate: N }` before the core sees it. */
  symbols?: InstrumentInput[] | undefined
  marketConfig?:
    | {
        model?: MarketModelName | undefined
        volatility?: number | undefined
        drift?: number | undefined
        spread?: number | undefined
        liquidity?: number | undefined
        depthLevels?: number | undefined
        updateFrequency?: number | undefined
        depthRefillMs?: number | undefined
        halfLife?: number | undefined
        momentum?: number | undefined
        volatilityClustering?: VolatilityClusteringConfig | null | undefined
        source?: string | null | undefined
      }
    | undefined
  executionConfig?:
    | {
        latencyMin?: number | undefined
        latencyMax?: number | undefined
        slippageBps?: number | undefined
        fillProbability?: number | undefined
        partialFillRatio?: number | undefined
        rejectionRate?: number | undefined
        /** Per action; an action left out keeps uniform [latencyMin, latencyMax]. */
        latency?:
          | {
              submit?: Distribution | undefined
              cancel?: Distribution | undefined
              replace?: Distribution | undefined
            }
          | undefined
        commission?:
          | {
              perShare?: string | undefined
              bps?: string | undefined
              minimum?: string | undefined
              maker?: CommissionRatesInput | undefined
              taker?: CommissionRatesInput | undefined
            }
          | undefined
      }
    | undefined
  /** Inline accounts only: the shell replaces `{ fixture }` with the file's accounts. */
  accounts?: AccountInput[] | undefined
  session?: SessionConfig | undefined
  /** Market events at offsets (`+5m`) or ISO times; replaces the scenario's as a whole. */
  timeline?: TimelineEntry[] | undefined
  /** Fault rules, added in order when the world is built; replaces the scenario's as a whole. */
  faults?: FaultRuleInput[] | undefined
}

/** A configure call: explicit keys override the scenario's, which override the defaults. */
export interface ConfigInput extends ConfigBody {
  scenario?: { name: string | null; body: ConfigBody } | undefined
  /** The fixture the resolved `marketConfig.source` names, loaded by the shell. */
  fixture?: ReplayFixture | undefined
}
