/**
 * A distribution of a delay in ms: venue latency per action (`executionConfig.latency`) and the
 * `latency` fault effect share it; the same shape in a request and in the resolved configuration.
 */
import { z } from '@hono/zod-openapi'

/** The longest delay a distribution yields; longer samples are clamped (sim LIMITS.delayMsMax). */
export const DELAY_MS_MAX = 3_600_000

export const LatencyDistribution = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('fixed'), ms: z.int().min(0) }),
    z
      .strictObject({ type: z.literal('uniform'), min: z.int().min(0), max: z.int().min(0) })
      .refine(({ min, max }) => min <= max, {
        message: 'min must not be greater than max',
        path: ['min'],
      }),
    z.strictObject({
      type: z.literal('normal'),
      mean: z.number().min(0),
      stdDev: z.number().min(0),
    }),
    z.strictObject({
      type: z.literal('lognormal'),
      median: z.number().min(0).openapi({ description: 'e^mu, in ms.' }),
      sigma: z.number().min(0).openapi({ description: 'Standard deviation of the logarithm.' }),
    }),
  ])
  .openapi('LatencyDistribution', {
    description:
      'A delay in ms: `fixed { ms }`, `uniform { min, max }` (whole ms, both included), `normal { mean, stdDev }` or `lognormal { median, sigma }` (sigma: standard deviation of the log). ' +
      `Samples are rounded to whole ms and clamped to [0, ${DELAY_MS_MAX}] (one hour).`,
    example: { type: 'lognormal', median: 40, sigma: 0.5 },
  })
export type LatencyDistribution = z.output<typeof LatencyDistribution>
