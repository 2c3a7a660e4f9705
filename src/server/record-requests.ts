/**
 * Feeds the request journal: one record per `/v1` request, taken when the answer is handed to
 * the server, or when the connection closed without one (a held `timeout`, a `reset`, a request
 * the request timeout cut while the route waited for its body): then its status is null.
 */
import type { MiddlewareHandler } from 'hono'
import { isoTime } from '../sim/index.js'
import type { BrokerRuntime } from './broker-runtime.js'
import { matchOperation } from './operation-matcher.js'
import type { AppEnv } from './request-context.js'
import type { RequestJournal } from './request-journal.js'
import { connectionGone } from './withheld-answer.js'

export function recordRequests(
  journal: RequestJournal,
  runtime: BrokerRuntime,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedMs = performance.now()
    const time = new Date().toISOString()
    const virtualTime = isoTime(runtime.sim.nowMs)
    await next()
    const match = matchOperation(c.req.method, c.req.path)
    const fault = c.get('faultDecision')?.fault ?? null
    journal.record({
      requestId: c.get('requestId'),
      time,
      virtualTime,
      method: c.req.method,
      path: c.req.path,
      operation: match?.operation ?? null,
      status: c.get('unanswered') === true || connectionGone(c) ? null : c.res.status,
      durationMs: Math.round(performance.now() - startedMs),
      accountId: match?.params['accountId'] ?? null,
      fault: fault === null ? null : { ruleId: fault.ruleId, kind: fault.effect.kind },
    })
  }
}
