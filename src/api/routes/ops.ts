/**
 * Route definitions of liveness and readiness. Neither needs a token; neither is rate limited or
 * subject to fault rules, so neither answers 4XX (redocly.yaml exempts the `ops` tag from the 4XX
 * rule). `/openapi.json` is served by `app.doc31()` and its reference page `/docs` by
 * server/routes/docs-routes.ts, outside these definitions.
 */
import { createRoute } from '@hono/zod-openapi'
import { NO_SECURITY } from '../openapi-info.js'
import { Health, Ready } from '../schemas/health.js'
import { errorResponses, jsonResponse } from './responses.js'

/** What the ops routes share: their tag, and no credentials (probes carry none). */
const ops = { tags: ['ops'], security: NO_SECURITY }

export const healthRoute = createRoute({
  ...ops,
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'Liveness',
  responses: {
    200: jsonResponse(Health, 'The process is up.', { example: { status: 'ok' } }),
    ...errorResponses('internal'),
  },
})

export const readyRoute = createRoute({
  ...ops,
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  summary: 'Readiness',
  responses: {
    200: jsonResponse(Ready, 'The server accepts requests.', { example: { status: 'ready' } }),
    ...errorResponses('internal'),
  },
})
