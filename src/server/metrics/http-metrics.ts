/**
 * The one HTTP middleware of the metrics: times every request from when it reaches the app to
 * when its answer is handed to the server, labelled by method, route pattern and status.
 *
 * `route` is the OpenAPI path of the route that matched (`/v1/accounts/{accountId}/orders`),
 * whether or not its handler ran (a 401 of the auth middleware, a 400 of validation and an
 * injected fault still belong to it), so raw paths never become labels. A request that no route
 * matches is `unmatched`. A request answered with nothing (a `timeout` or `reset` fault) has
 * status `none` and is timed until its connection closed.
 */
import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../request-context.js'
import { UNMATCHED_ROUTE, type Instruments } from './instruments.js'

/** Methods kept as they are; anything else is `OTHER`, so a client cannot mint label values. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export function httpMetrics(
  instruments: Pick<Instruments, 'httpDuration'>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = process.hrtime.bigint()
    try {
      await next()
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const method = c.req.method.toUpperCase()
      instruments.httpDuration.observe(
        {
          method: KNOWN_METHODS.has(method) ? method : 'OTHER',
          route: routeLabel(matchedRoutes(c)),
          status: c.get('unanswered') === true ? 'none' : String(c.res.status),
        },
        seconds,
      )
    }
  }
}

/**
 * The pattern of the first route (not middleware) the request matched, in OpenAPI form: hono's
 * `:name` (and `:name{regex}`) becomes `{name}`.
 */
export function routeLabel(routes: ReadonlyArray<{ method: string; path: string }>): string {
  const route = routes.find((r) => r.method !== 'ALL')
  if (route === undefined) return UNMATCHED_ROUTE
  // A handful of route patterns, asked on every request: convert each once.
  let label = LABELS.get(route.path)
  if (label === undefined) {
    label = route.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}')
    LABELS.set(route.path, label)
  }
  return label
}

const LABELS = new Map<string, string>()
