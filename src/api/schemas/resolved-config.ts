/**
 * The configuration in force, every default and scenario value filled in, as `GET /mock/state`
 * reports it under `config`. `scenario` is the name of the scenario applied (an inline scenario's
 * `name`), or null.
 */
import { z } from '@hono/zod-openapi'
import { DecimalString } from '../decimal-input.js'
import { AccountId, Currency, IsoTime, SymbolString, orNull } from './common.js'
import {
  LatencyDistribution,
  MarketModel,
  SessionConfig,
  VolatilityClustering,
} from './configure.js'
import { FaultRuleSpec } from './fault.js'
import { ClockMode } from './market.js'
import { ResolvedTimeline } from './timeline.js'

export const ResolvedConfig = z
  .object({
    seed: z.int(),
    scenario: orNull(z.string()),
    clock: z.object({ mode: ClockMode, start: IsoTime, speed: z.number() }),
    symbols: z.array(
      z.object({
        symbol: SymbolString,
        name: z.string(),
        price: DecimalString.openapi({ description: 'Starting price.' }),
        tickSize: DecimalString,
        lotSize: DecimalString,
        currency: Currency,
        model: orNull(MarketModel).openapi({ description: 'null: `marketConfig.model`.' }),
      }),
    ),
    marketConfig: z.object({
      model: MarketModel,
      volatility: z.number(),
      drift: z.number(),
      spread: z.number(),
      liquidity: z.number(),
      depthLevels: z.int(),
      updateFrequency: z.int(),
      depthRefillMs: z.int(),
      halfLife: z.int(),
      momentum: z.number(),
      volatilityClustering: orNull(VolatilityClustering),
      source: orNull(z.string()).openapi({ description: 'historical: the fixture replayed.' }),
    }),
    executionConfig: z.object({
      latencyMin: z.int(),
      latencyMax: z.int(),
      slippageBps: z.number(),
      fillProbability: z.number(),
      partialFillRatio: z.number(),
      rejectionRate: z.number(),
      latency: z
        .object({
          submit: LatencyDistribution,
          cancel: LatencyDistribution,
          replace: LatencyDistribution,
        })
        .openapi({
          description:
            'The distribution in effect per action (uniform [latencyMin, latencyMax] where none was given).',
        }),
      commission: z.object({
        perShare: DecimalString,
        bps: DecimalString,
        minimum: DecimalString,
        maker: z
          .object({ perShare: DecimalString, bps: DecimalString })
          .openapi({ description: 'The rates maker fills pay (the base ones where not given).' }),
        taker: z
          .object({ perShare: DecimalString, bps: DecimalString })
          .openapi({ description: 'The rates taker fills pay (the base ones where not given).' }),
      }),
    }),
    accounts: z.array(
      z.object({
        id: AccountId,
        cash: DecimalString.openapi({ description: 'Starting cash.' }),
        currency: Currency,
        apiKey: orNull(z.string()),
        leverage: z.number(),
        allowShort: z.boolean(),
        positions: z.array(
          z.object({ symbol: SymbolString, qty: DecimalString, avgEntryPrice: DecimalString }),
        ),
        limits: z.object({
          maxOrderQty: orNull(DecimalString),
          maxOrderNotional: orNull(DecimalString),
          maxPosition: orNull(DecimalString),
          dailyLossLimit: orNull(DecimalString),
        }),
      }),
    ),
    session: SessionConfig,
    timeline: ResolvedTimeline,
    faults: z.array(FaultRuleSpec).openapi({
      description: 'The configured fault rules (ids `flt-000001`… in this order at every reset).',
    }),
  })
  .openapi('ResolvedConfig')
export type ResolvedConfig = z.infer<typeof ResolvedConfig>
