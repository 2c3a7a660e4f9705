/**
 * One structured log line per answered request (pino): request id, method, route pattern (as the
 * metrics label it), path,
 * status and wall-clock latency, at `debug` (`LOG_LEVEL=debug` turns the access log on), a 5xx at
 * `error`. Not at `info` by default: a test harness that spawns the broker and never reads its
 * stdout would fill the pipe, and an idle container would log every health probe. A request left
 * without an answer (a `timeout` or `reset` fault) is logged with `status: null`.
 */
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import { matchedRoutes } from 'hono/route'
import { routeLabel } from './metrics/index.js'
import type { AppEnv } from './request-context.js'

export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const status = c.get('unanswered') === true ? null : c.res.status
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: routeLabel(matchedRoutes(c)),
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 1000) / 1000,
    }
    if (status !== null && status >= 500) logger.error(line, 'request failed')
    else logger.debug(line, 'request')
  }
}
