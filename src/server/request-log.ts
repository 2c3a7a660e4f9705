/**
 * One structured log line per answered request (pino): request id, method, route pattern (as the
 * metrics label it), path,
 * status and wall-clock latency: an access log at `info` (a 5xx at `error`). `LOG_LEVEL=warn`
 * keeps a busy run quiet.
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
    const status = c.res.status
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: routeLabel(matchedRoutes(c)),
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 1000) / 1000,
    }
    if (status >= 500) logger.error(line, 'request failed')
    else logger.info(line, 'request')
  }
}
