/**
 * From a rule as sent to a rule as kept: defaults filled in (`probability` 1, `after` 0, no cap,
 * no window, `injected_fault`, `afterEffect: false`, wall-clock rate windows), names normalized
 * (symbol and method upper case), and the checks the wire schema cannot make: a window that
 * ends after it starts, and an effect that can happen to the operation named (an order can be
 * rejected only when it is submitted; a stream cannot answer 503).
 */
import { fail, ok, type Result } from '../result.js'
import { distributionProblem, type Distribution } from '../random/distribution.js'
import { parseIsoTime } from '../time/iso-time.js'
import type { FaultEffectInput, FaultRuleInput } from './fault-rule-input.js'
import {
  HTTP_FAULT_KINDS,
  STREAM_FAULT_KINDS,
  type FaultEffect,
  type FaultKind,
  type FaultOperation,
  type FaultRuleSpec,
} from './fault-rule.js'

/** The operations each order effect can happen to; HTTP effects: every `/v1` one; stream: `stream`. */
const ORDER_EFFECT_OPERATIONS: Record<'reject' | 'stuck', readonly FaultOperation[]> = {
  reject: ['submitOrder', 'closePosition'],
  stuck: ['submitOrder', 'closePosition', 'cancelOrder', 'cancelAllOrders'],
}

/** Whether `kind` can happen to a call of `operation`. */
export function effectAppliesTo(kind: FaultKind, operation: FaultOperation): boolean {
  if ((STREAM_FAULT_KINDS as readonly string[]).includes(kind)) return operation === 'stream'
  if ((HTTP_FAULT_KINDS as readonly string[]).includes(kind)) return operation !== 'stream'
  return ORDER_EFFECT_OPERATIONS[kind as 'reject' | 'stuck'].includes(operation)
}

export function resolveFaultRule(input: FaultRuleInput): Result<FaultRuleSpec> {
  const bad = (path: string, message: string): Result<FaultRuleSpec> =>
    fail('invalid_request', message, { path })
  const match = input.match ?? {}
  const operation =
    match.operation === undefined || match.operation === '*' ? null : match.operation
  const kind = input.effect.kind
  if (operation !== null && !effectAppliesTo(kind, operation)) {
    return bad(
      'match.operation',
      `a ${kind} effect cannot happen to ${operation}: ${describeOperations(kind)}`,
    )
  }
  const probability = input.probability ?? 1
  if (!(probability >= 0 && probability <= 1))
    return bad('probability', `probability must be between 0 and 1, was ${probability}`)
  if (input.times !== undefined && !(Number.isSafeInteger(input.times) && input.times >= 1))
    return bad('times', `times must be a whole number, 1 or more, was ${input.times}`)
  const after = input.after ?? 0
  if (!(Number.isSafeInteger(after) && after >= 0))
    return bad('after', `after must be a whole number, 0 or more, was ${after}`)
  let window: FaultRuleSpec['window'] = null
  if (input.window !== undefined) {
    const from = input.window.from ?? null
    const to = input.window.to ?? null
    for (const [field, text] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (text !== null && parseIsoTime(text) === undefined)
        return bad(`window.${field}`, `window.${field} must be an ISO-8601 time, was ${text}`)
    }
    if (from !== null && to !== null && parseIsoTime(to)! <= parseIsoTime(from)!)
      return bad('window.to', `window.to ${to} must be after window.from ${from}`)
    window = { from, to }
  }
  const effect = resolveEffect(input.effect)
  if (!effect.ok) return bad(`effect.${effect.error.details.field}`, effect.error.message)
  return ok({
    match: {
      operation,
      accountId: match.accountId ?? null,
      symbol: match.symbol?.toUpperCase() ?? null,
      side: match.side ?? null,
      clientOrderId: match.clientOrderId ?? null,
      method: match.method?.toUpperCase() ?? null,
      path: match.path ?? null,
    },
    probability,
    times: input.times ?? null,
    after,
    window,
    effect: effect.value,
  })
}

function resolveEffect(input: FaultEffectInput): Result<FaultEffect> {
  const bad = (field: string, message: string): Result<FaultEffect> =>
    fail('invalid_request', message, { field })
  const whole = (value: number, min: number) => Number.isSafeInteger(value) && value >= min
  switch (input.kind) {
    case 'error':
      if (!whole(input.status, 400) || input.status > 599)
        return bad('status', `status must be an HTTP error status, 400 to 599, was ${input.status}`)
      if (input.retryAfter !== undefined && !whole(input.retryAfter, 0))
        return bad(
          'retryAfter',
          `retryAfter must be whole seconds, 0 or more, was ${input.retryAfter}`,
        )
      return ok({
        kind: 'error',
        status: input.status,
        code: input.code ?? null,
        message: input.message ?? null,
        retryAfter: input.retryAfter ?? null,
      })
    case 'latency': {
      const distribution: Distribution =
        input.distribution ?? ({ type: 'fixed', ms: input.ms } as Distribution)
      const problem = distributionProblem(distribution)
      if (problem) {
        const field = input.distribution === undefined ? 'ms' : `distribution.${problem.field}`
        return bad(field, problem.message)
      }
      return ok({ kind: 'latency', distribution })
    }
    case 'timeout':
      return ok({ kind: 'timeout', afterEffect: input.afterEffect ?? false })
    case 'rate_limit':
      if (!whole(input.limit, 1))
        return bad('limit', `limit must be a whole number, 1 or more, was ${input.limit}`)
      if (!whole(input.windowMs, 1))
        return bad('windowMs', `windowMs must be whole ms, 1 or more, was ${input.windowMs}`)
      return ok({
        kind: 'rate_limit',
        limit: input.limit,
        windowMs: input.windowMs,
        clock: input.clock ?? 'wall',
      })
    case 'reject':
      return ok({ kind: 'reject', reason: input.reason ?? 'injected rejection' })
    case 'delay':
      if (!whole(input.ms, 0)) return bad('ms', `ms must be whole ms, 0 or more, was ${input.ms}`)
      return ok({ kind: 'delay', ms: input.ms, channel: input.channel ?? null })
    case 'drop':
    case 'duplicate':
    case 'reorder':
      return ok({ kind: input.kind, channel: input.channel ?? null })
    case 'reset':
    case 'malformed':
    case 'stuck':
    case 'disconnect':
      return ok({ kind: input.kind })
  }
}

function describeOperations(kind: FaultKind): string {
  if ((STREAM_FAULT_KINDS as readonly string[]).includes(kind)) return 'it applies to stream only'
  if ((HTTP_FAULT_KINDS as readonly string[]).includes(kind))
    return 'it applies to every operation but stream'
  return `it applies to ${ORDER_EFFECT_OPERATIONS[kind as 'reject' | 'stuck'].join(', ')}`
}
