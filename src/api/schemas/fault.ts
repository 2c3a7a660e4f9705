/**
 * Fault rules (CONTRACT.md section 3, "Fault rules"): what `POST /mock/inject { type: "fault" }`,
 * `faults` in configure and in scenario files accept, and the rule as `/mock/faults` lists it.
 *
 * The request shape checks bounds and shape only; whether a rule makes sense as a whole (a window
 * that ends before it starts) is the core's to refuse, with `details.path`. The operation names
 * repeat the core's `FAULT_OPERATIONS` (STYLE.md 2.2); a type test keeps the two in step.
 */
import { z } from '@hono/zod-openapi'
import { isApiErrorCode } from '../errors.js'
import { IsoTime, Side, orNull } from './common.js'
import { DELAY_MS_MAX, LatencyDistribution } from './latency-distribution.js'

/** Most rules one configuration (or scenario) may carry. */
export const CONFIG_FAULTS_MAX = 100

export const FaultOperation = z
  .enum([
    'ping',
    'getClock',
    'listSymbols',
    'getQuotes',
    'getQuote',
    'listAccounts',
    'getAccount',
    'submitOrder',
    'listOrders',
    'getOrder',
    'getOrderByClientId',
    'replaceOrder',
    'cancelOrder',
    'cancelAllOrders',
    'getPositions',
    'getPosition',
    'closePosition',
    'listFills',
    'stream',
    '*',
  ])
  .openapi('FaultOperation', {
    description: 'A `/v1` operation id, `stream` (the socket.io streams), or `*` (any).',
  })

/** A glob: `*` is any run of characters, `?` one character. */
const Glob = (what: string) =>
  z
    .string()
    .min(1)
    .max(256)
    .openapi({ description: `${what}; a glob: \`*\` any characters, \`?\` one.` })

const FaultMatchInput = z
  .strictObject({
    operation: FaultOperation.optional(),
    accountId: z.string().min(1).max(64).optional(),
    symbol: z.string().min(1).max(16).optional().openapi({ description: 'Any case.' }),
    side: Side.optional(),
    clientOrderId: Glob('The order’s clientOrderId, e.g. `force-reject-*`').optional(),
    method: z.string().min(1).max(16).optional().openapi({ description: 'Any case.' }),
    path: Glob('The request path, e.g. `/v1/accounts/*/orders`').optional(),
  })
  .openapi('FaultMatchInput', {
    description: 'What the rule applies to; a field left out matches anything.',
    example: { operation: 'submitOrder', symbol: 'MSFT', side: 'sell' },
  })

const Channel = z
  .string()
  .max(64)
  .regex(
    /^(orders|fills|positions|account|quotes|quotes:[A-Za-z0-9.\-_]{1,32})$/,
    'Expected orders, fills, positions, account, quotes (every quote channel) or quotes:SYMBOL',
  )
  .openapi({
    description:
      'A stream channel: `orders`, `fills`, `positions`, `account`, `quotes:SYMBOL`, or `quotes` for every quote channel; every channel when left out.',
  })

const ErrorEffectInput = z
  .strictObject({
    kind: z.literal('error'),
    status: z.int().min(400).max(599),
    // Restricted to the catalog so the documented error body (its `code` enum) stays true.
    code: z
      .string()
      .refine(
        (code): boolean => isApiErrorCode(code),
        'Expected a code of the error catalog, such as "service_unavailable"',
      )
      .optional()
      .openapi({
        description:
          'The error body’s `code`, one of `ApiErrorCode` (e.g. `service_unavailable`); `injected_fault` without.',
        example: 'service_unavailable',
      }),
    message: z.string().min(1).max(1024).optional(),
    retryAfter: z
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'Seconds, sent as `Retry-After`; no header without.' }),
  })
  .openapi('ErrorEffectInput', {
    description: 'Answers `status` with the error body; the operation does not run.',
    example: { kind: 'error', status: 503, retryAfter: 1 },
  })

/** The core's two spellings of a latency: exactly one of `ms` and `distribution`. */
type LatencyEffectInput =
  | { kind: 'latency'; ms: number; distribution?: undefined }
  | { kind: 'latency'; distribution: LatencyDistribution; ms?: undefined }

const LatencyEffectInput = z
  .strictObject({
    kind: z.literal('latency'),
    ms: z.int().min(0).max(DELAY_MS_MAX).optional().openapi({ description: 'A fixed delay.' }),
    distribution: LatencyDistribution.optional(),
  })
  .refine(({ ms, distribution }) => (ms === undefined) !== (distribution === undefined), {
    message: 'Send exactly one of "ms" or "distribution"',
  })
  // One object on the wire (a discriminated union takes one member per kind), the core's union
  // after parsing: the refine above guarantees exactly one of the two.
  .transform(({ ms, distribution }): LatencyEffectInput =>
    distribution === undefined
      ? { kind: 'latency', ms: ms ?? 0 }
      : { kind: 'latency', distribution },
  )
  .openapi('LatencyEffectInput', {
    description:
      'Delays the answer by wall-clock time: `ms`, or a `distribution` drawn from the seeded ' +
      'fault stream. The operation runs after the delay.',
    example: { kind: 'latency', distribution: { type: 'uniform', min: 100, max: 300 } },
  })

const TimeoutEffectInput = z
  .strictObject({
    kind: z.literal('timeout'),
    afterEffect: z.boolean().optional().openapi({
      description: 'true: the operation runs (the order exists) before the answer is withheld.',
    }),
  })
  .openapi('TimeoutEffectInput', {
    description: 'Never answers; the connection stays open until the client gives up.',
    example: { kind: 'timeout', afterEffect: true },
  })

const RateLimitEffectInput = z
  .strictObject({
    kind: z.literal('rate_limit'),
    limit: z.int().min(1).openapi({ description: 'Calls allowed per window.' }),
    windowMs: z.int().min(1),
    clock: z.enum(['wall', 'virtual']).optional().openapi({
      description: '`wall` (the default): the window is wall-clock time; `virtual`: mock time.',
    }),
  })
  .openapi('RateLimitEffectInput', {
    description:
      'Past `limit` matching calls in a window, `429 rate_limited` with `Retry-After`; every ' +
      'answer under the rule carries the `X-RateLimit-*` headers.',
    example: { kind: 'rate_limit', limit: 5, windowMs: 1000 },
  })

const RejectEffectInput = z
  .strictObject({
    kind: z.literal('reject'),
    reason: z.string().min(1).max(512).optional(),
  })
  .openapi('RejectEffectInput', {
    description: 'The order is accepted, then rejected by the venue with `reason`.',
    example: { kind: 'reject', reason: 'venue rejected: test' },
  })

const simpleEffect = <K extends 'reset' | 'malformed' | 'stuck' | 'disconnect'>(
  kind: K,
  description: string,
) => z.strictObject({ kind: z.literal(kind) }).openapi({ description })

const StreamEffectInput = z
  .strictObject({
    kind: z.enum(['drop', 'duplicate', 'reorder']),
    channel: Channel.optional(),
  })
  .openapi('StreamEffectInput', {
    description: 'Drops, duplicates (same fill id and seq) or reorders stream events.',
    example: { kind: 'duplicate', channel: 'fills' },
  })

const DelayEffectInput = z
  .strictObject({
    kind: z.literal('delay'),
    ms: z.int().min(0).max(DELAY_MS_MAX),
    channel: Channel.optional(),
  })
  .openapi('DelayEffectInput', {
    description:
      'Holds stream events until virtual time has passed their time by `ms` (a manual clock releases them on advance).',
  })

export const FaultEffectInput = z
  .discriminatedUnion('kind', [
    ErrorEffectInput,
    LatencyEffectInput,
    TimeoutEffectInput,
    simpleEffect('reset', 'Closes the connection without an answer; the operation does not run.'),
    simpleEffect('malformed', 'The operation runs; the answer is a 200 whose body is not JSON.'),
    RateLimitEffectInput,
    RejectEffectInput,
    simpleEffect(
      'stuck',
      'The order stays pending_new / pending_cancel until the rule is removed.',
    ),
    simpleEffect('disconnect', 'Drops matching socket.io clients.'),
    StreamEffectInput,
    DelayEffectInput,
  ])
  .openapi('FaultEffectInput', {
    description:
      'What the rule does: HTTP effects (`error`, `latency`, `timeout`, `reset`, `malformed`, ' +
      '`rate_limit`), order effects (`reject`, `stuck`) or stream effects (`disconnect`, ' +
      '`drop`, `duplicate`, `delay`, `reorder`).',
  })

export const FaultRuleInput = z
  .strictObject({
    match: FaultMatchInput.optional(),
    probability: z.number().min(0).max(1).optional().openapi({
      description: 'Chance that a matching call fires it, drawn from the seeded fault stream; 1.',
    }),
    times: z.int().min(1).optional().openapi({ description: 'How often it may fire; no cap.' }),
    after: z.int().min(0).optional().openapi({
      description: 'Matching calls to let through before it may fire; 0.',
    }),
    window: z
      .strictObject({ from: IsoTime.optional(), to: IsoTime.optional() })
      .optional()
      .openapi({ description: 'Virtual time in which it applies; either end may be open.' }),
    effect: FaultEffectInput,
  })
  .openapi('FaultRuleInput', {
    description:
      'A fault rule. Rules are checked in the order they were added; the first that matches and ' +
      'fires applies.',
    example: {
      match: { operation: 'submitOrder' },
      times: 2,
      effect: { kind: 'error', status: 503, retryAfter: 1 },
    },
  })
export type FaultRuleInput = z.output<typeof FaultRuleInput>

const FaultMatch = z
  .object({
    operation: orNull(FaultOperation),
    accountId: orNull(z.string()),
    symbol: orNull(z.string()),
    side: orNull(Side),
    clientOrderId: orNull(z.string()),
    method: orNull(z.string()),
    path: orNull(z.string()),
  })
  .openapi('FaultMatch', { description: 'What the rule applies to; null matches anything.' })

const FaultEffect = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('error'),
      status: z.int(),
      code: orNull(z.string()),
      message: orNull(z.string()),
      retryAfter: orNull(z.int()),
    }),
    z.object({ kind: z.literal('latency'), distribution: LatencyDistribution }),
    z.object({ kind: z.literal('timeout'), afterEffect: z.boolean() }),
    z.object({ kind: z.literal('reset') }),
    z.object({ kind: z.literal('malformed') }),
    z.object({
      kind: z.literal('rate_limit'),
      limit: z.int(),
      windowMs: z.int(),
      clock: z.enum(['wall', 'virtual']),
    }),
    z.object({ kind: z.literal('reject'), reason: z.string() }),
    z.object({ kind: z.literal('stuck') }),
    z.object({ kind: z.literal('disconnect') }),
    z.object({ kind: z.enum(['drop', 'duplicate', 'reorder']), channel: orNull(z.string()) }),
    z.object({ kind: z.literal('delay'), ms: z.int(), channel: orNull(z.string()) }),
  ])
  .openapi('FaultEffect', {
    description:
      'The effect with its defaults written out; `{ ms }` reads as a fixed distribution.',
  })

const RESOLVED_EXAMPLE = {
  match: {
    operation: 'submitOrder',
    accountId: null,
    symbol: null,
    side: null,
    clientOrderId: null,
    method: null,
    path: null,
  },
  probability: 1,
  times: 2,
  after: 0,
  window: null,
  effect: { kind: 'error', status: 503, code: null, message: null, retryAfter: 1 },
} as const

const faultRuleSpecFields = {
  match: FaultMatch,
  probability: z.number(),
  times: orNull(z.int()).openapi({ description: 'How often it may fire; null: no cap.' }),
  after: z.int(),
  window: orNull(z.object({ from: orNull(IsoTime), to: orNull(IsoTime) })),
  effect: FaultEffect,
}

/** A rule as configured, defaults applied: the resolved configuration lists these. */
export const FaultRuleSpec = z.object(faultRuleSpecFields).openapi('FaultRuleSpec', {
  description: 'A fault rule as configured, defaults applied.',
  example: RESOLVED_EXAMPLE,
})
export type FaultRuleSpec = z.output<typeof FaultRuleSpec>

export const FaultRule = z
  .object({
    id: z.string().openapi({ example: 'flt-000001' }),
    ...faultRuleSpecFields,
    matched: z.int().min(0).openapi({ description: 'Calls that matched it, fired or not.' }),
    fired: z.int().min(0),
  })
  .openapi('FaultRule', {
    description: 'A rule as configured, defaults applied, with how often it matched and fired.',
    example: { id: 'flt-000001', ...RESOLVED_EXAMPLE, matched: 3, fired: 2 },
  })
export type FaultRule = z.output<typeof FaultRule>

export const FaultsList = z
  .object({ faults: z.array(FaultRule) })
  .openapi('FaultsList', { description: 'Rules in the order they are checked.' })

export const FaultParams = z.object({
  id: z.string().min(1).max(64).openapi({ example: 'flt-000001' }),
})
