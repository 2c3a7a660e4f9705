/**
 * The HTTP shell: one hono app with the contract's conventions (CONTRACT.md section 0) applied in
 * middleware, and the routes of api/ mounted on thin handlers. It never listens; `listen.ts` binds
 * it to a socket and tests can call `app.request()` directly.
 *
 * Middleware order: request id and the X-Mock-Time stamp wrap everything (errors included), then
 * the request journal (`/v1`), the 1 MiB body limit, fault rules (`/v1`: before auth, as a
 * gateway in front of a broker fails before the broker checks anything), auth (control token,
 * account keys), then the route.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  ApiError,
  OPENAPI_DOCUMENT_CONFIG,
  registerApiComponents,
  schemaIssues,
} from '../api/index.js'
import { isoTime } from '../sim/index.js'
import { accountAuth } from './account-auth.js'
import { respondWithError } from './api-error.js'
import { controlAuth } from './control-auth.js'
import { faultMiddleware } from './fault-middleware.js'
import { recordRequests } from './record-requests.js'
import { requestLog } from './request-log.js'
import { counterRequestIds, type AppDeps, type AppEnv } from './request-context.js'
import { RequestJournal } from './request-journal.js'
import { registerAccountRoutes } from './routes/account-routes.js'
import { registerControlRoutes } from './routes/control-routes.js'
import { registerDocsRoutes } from './routes/docs-routes.js'
import { registerMarketRoutes } from './routes/market-routes.js'
import { registerOpsRoutes } from './routes/ops-routes.js'
import { registerMetricsRoutes } from './routes/metrics-routes.js'
import { createMetrics } from './metrics/index.js'
import { registerReportRoutes } from './routes/report-routes.js'
import { registerSnapshotRoutes } from './routes/snapshot-routes.js'
import { SnapshotStore } from './snapshots/snapshot-store.js'
import { registerOrderRoutes } from './routes/order-routes.js'

export const BODY_LIMIT_BYTES = 1024 * 1024

export type MockBrokerApp = OpenAPIHono<AppEnv>

export function createApp(deps: AppDeps): MockBrokerApp {
  const { runtime } = deps
  const nextRequestId = deps.requestIds ?? counterRequestIds()
  const requests = deps.requestJournal ?? new RequestJournal()
  const metrics = deps.metrics ?? createMetrics(runtime)
  // A new world (configure) or a rewound one (reset) starts a new request journal too.
  runtime.onTimeline(() => requests.clear())
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const { issues, summary } = schemaIssues(result.error)
        throw new ApiError('invalid_request', `the request does not match the schema: ${summary}`, {
          issues,
        })
      }
    },
  })
  registerApiComponents(app.openAPIRegistry)

  // First, so it times everything, errors and faults included.
  app.use('*', metrics.httpMiddleware)
  app.use('*', async (c, next) => {
    const incoming = c.req.header('X-Request-Id')
    const fromClient = incoming !== undefined && incoming.length > 0 && incoming.length <= 200
    const requestId = fromClient ? incoming : nextRequestId()
    c.set('requestId', requestId)
    c.set('requestIdFromClient', fromClient)
    await next()
    // On the finished response's own headers: c.header() after next() makes hono rebuild the
    // response around a stream of its body, which @hono/node-server then writes off its fast
    // path (a fifth of a quote read's CPU in bench/http.ts).
    setHeader(c, 'X-Request-Id', requestId)
    setHeader(c, 'X-Mock-Time', isoTime(runtime.sim.nowMs))
  })
  if (deps.logger !== undefined) app.use('*', requestLog(deps.logger))
  // An answer given before the request body was read (a 404, a refusal before parsing): the
  // server then has to drain or drop the rest, so the client must not reuse the connection.
  app.use('*', async (c, next) => {
    await next()
    const incoming = (c.env as { incoming?: { readableEnded: boolean } } | undefined)?.incoming
    const hasBody =
      c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0'
    if (
      incoming !== undefined &&
      !incoming.readableEnded &&
      (hasBody || c.req.header('transfer-encoding'))
    )
      c.header('Connection', 'close')
  })
  app.use('/v1/*', recordRequests(requests, runtime))
  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    // The unread rest of the body is still on the socket, which the server then drops: tell
    // the client not to reuse the connection, or its next request fails with a socket error.
    onError: (c) => {
      c.header('Connection', 'close')
      return respondWithError(
        new ApiError('payload_too_large', 'the request body is larger than 1 MiB'),
        c,
      )
    },
  })
  // bodyLimit reads the body as a web stream, which makes @hono/node-server build a whole web
  // Request for every request, GETs included (a quarter of an order's CPU). A declared length
  // is enough to decide, since Node's parser never passes more than it; only a chunked body
  // needs counting.
  app.use('*', async (c, next) => {
    if (c.req.header('transfer-encoding') !== undefined) return limitBody(c, next)
    const declared = Number(c.req.header('content-length') ?? 0)
    if (declared > BODY_LIMIT_BYTES) return limitBody(c, next)
    return next()
  })
  app.use('/v1/*', faultMiddleware(runtime))
  app.use('/mock/*', controlAuth(deps.controlToken))
  app.use('/v1/accounts/:accountId', accountAuth(runtime))
  app.use('/v1/accounts/:accountId/*', accountAuth(runtime))

  registerMarketRoutes(app, deps)
  registerAccountRoutes(app, deps)
  registerOrderRoutes(app, deps)
  registerControlRoutes(app, deps, requests)
  registerReportRoutes(app, deps)
  registerOpsRoutes(app, deps)
  registerMetricsRoutes(app, metrics)
  registerSnapshotRoutes(
    app,
    runtime,
    deps.snapshots ?? new SnapshotStore({ loadFixture: deps.loadFixture }),
  )
  app.doc31('/openapi.json', OPENAPI_DOCUMENT_CONFIG)
  registerDocsRoutes(app)

  app.notFound((c) =>
    respondWithError(new ApiError('not_found', `no route ${c.req.method} ${c.req.path}`), c),
  )
  app.onError((error, c) => respondWithError(error, c))
  return app
}

/** The OpenAPI document the app serves at /openapi.json. */
export function openApiDocument(app: MockBrokerApp) {
  return app.getOpenAPI31Document(OPENAPI_DOCUMENT_CONFIG)
}

/** Sets a header on the response as it stands, falling back to hono's for immutable ones. */
function setHeader(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value)
  } catch {
    c.header(name, value)
  }
}
