/**
 * Applies fault rules to `/v1` (CONTRACT.md section 3, "Fault rules"; DESIGN.md, rules of the
 * shell): the core decides (seeded, counted, journaled as `fault.applied`), this middleware does
 * what the HTTP effect says. Order effects (`reject`, `stuck`) are the core's: the decision is left
 * on the context for the order handlers to pass on. Control routes are never faulted.
 *
 * - `error`: answers the rule's status with the contract's error body; the operation does not run.
 * - `latency`: waits the drawn wall-clock delay, then runs the request.
 * - `timeout`: never answers; with `afterEffect` the operation runs first.
 * - `reset`: drops the connection; the operation does not run.
 * - `malformed`: runs the operation, answers 200 with the first half of its body (not JSON).
 * - `rate_limit`: 429 `rate_limited` past the limit; every answer under such a rule carries the
 *   `X-RateLimit-*` headers.
 *
 * With no rules it costs one look at the rule list per request.
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { FaultDecision, FaultEffect, FiredFault } from '../sim/index.js'
import type { BrokerRuntime } from './broker-runtime.js'
import { faultCall } from './fault-call.js'
import { matchOperation } from './operation-matcher.js'
import type { AppEnv } from './request-context.js'
import {
  connectionClosed,
  delayUnlessClosed,
  noAnswer,
  receiveWholeRequest,
  resetConnection,
} from './withheld-answer.js'

type ErrorEffect = Extract<FaultEffect, { kind: 'error' }>
type RateLimitEffect = Extract<FaultEffect, { kind: 'rate_limit' }>

export function faultMiddleware(runtime: BrokerRuntime): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sim = runtime.sim
    if (!sim.hasFaultRules()) return next()
    const match = matchOperation(c.req.method, c.req.path)
    if (match === null) return next()
    const decision = sim.decideFault(await faultCall(c, match, sim), Date.now())
    c.set('faultDecision', decision)
    const early = await applyHttpEffect(c, next, decision.fault)
    const { rateLimit } = decision
    if (rateLimit !== null) {
      // Headers set here land on an early answer and on the route's alike.
      const target = early ?? c.res
      target.headers.set('X-RateLimit-Limit', String(rateLimit.limit))
      target.headers.set('X-RateLimit-Remaining', String(rateLimit.remaining))
      target.headers.set('X-RateLimit-Reset', String(Math.ceil(rateLimit.resetMs / 1000)))
    }
    return early
  }
}

/** The fault that fired for this request, for the order commands (`reject`, `stuck`). */
export function firedFault(c: Context<AppEnv>): FiredFault | null {
  return c.get('faultDecision')?.fault ?? null
}

/**
 * Runs the request under the fault's HTTP effect. Answers the response when the effect replaces
 * the route's; undefined when the route ran (`next()`) and `c.res` is the answer.
 */
async function applyHttpEffect(
  c: Context<AppEnv>,
  next: Next,
  fault: FaultDecision['fault'],
): Promise<Response | undefined> {
  if (fault === null) {
    await next()
    return undefined
  }
  const { effect } = fault
  switch (effect.kind) {
    case 'error':
      return errorAnswer(c, fault, effect)
    case 'rate_limit':
      return rateLimitedAnswer(c, fault, effect)
    case 'reset':
      return resetConnection(c)
    case 'latency': {
      await receiveWholeRequest(c)
      const closed = await delayUnlessClosed(fault.delayMs ?? 0, connectionClosed(c))
      // A client that gave up before the delay ended never reached the broker: nothing runs.
      if (closed) return noAnswer(c)
      await next()
      return undefined
    }
    case 'timeout': {
      await receiveWholeRequest(c)
      if (effect.afterEffect) await next()
      await connectionClosed(c)
      // After next() hono keeps c.res unless it is assigned; either way nothing is written.
      c.res = noAnswer(c)
      return undefined
    }
    case 'malformed':
      await next()
      c.res = await malformed(c.res)
      c.res.headers.delete('Content-Length')
      return undefined
    default:
      // reject and stuck are applied by the core when the route passes the fault on.
      await next()
      return undefined
  }
}

function errorAnswer(c: Context<AppEnv>, fault: FiredFault, effect: ErrorEffect): Response {
  const { status, code, message, retryAfter } = effect
  if (retryAfter !== null) c.header('Retry-After', String(retryAfter))
  return c.json(
    {
      error: {
        code: code ?? 'injected_fault',
        message: message ?? `fault rule ${fault.ruleId} answered ${status} (injected)`,
        details: { ruleId: fault.ruleId },
        requestId: c.get('requestId'),
      },
    },
    status as ContentfulStatusCode,
  )
}

function rateLimitedAnswer(
  c: Context<AppEnv>,
  fault: FiredFault,
  { limit, windowMs }: RateLimitEffect,
): Response {
  const retryAfter = Math.ceil((fault.retryAfterMs ?? 0) / 1000)
  c.header('Retry-After', String(retryAfter))
  return c.json(
    {
      error: {
        code: 'rate_limited',
        message: `rate limit of ${limit} calls per ${windowMs} ms reached (fault rule ${fault.ruleId}); retry after ${retryAfter} s`,
        details: { ruleId: fault.ruleId, limit, windowMs },
        requestId: c.get('requestId'),
      },
    },
    429,
  )
}

/**
 * A 200 `application/json` whose body is the first half of the real one: never JSON (a cut
 * object or array is unbalanced), and the same for the same answer.
 */
async function malformed(res: Response): Promise<Response> {
  const text = await res.text()
  const headers = new Headers(res.headers)
  headers.set('Content-Type', 'application/json')
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: 200,
    headers,
  })
}
