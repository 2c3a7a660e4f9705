/**
 * Route definitions of liveness and readiness. Neither needs a token; neither is rate limited or
 * subject to fault rules. `/openapi.json` is served by `app.doc31()`, outside these definitions.
 */
import { createRoute } from '@hono/zod-openapi'
import { Health, Ready } from '../schemas/health.js'
import { errorResponses, jsonResponse } from './responses.js'

export const healthRoute = createRoute({
  tags: ['ops'],
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'Liveness',
  responses: { 200: jsonResponse(Health, 'The process is up.'), ...errorResponses('internal') },
})

export const readyRoute = createRoute({
  tags: ['ops'],
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  summary: 'Readiness',
  responses: {
    200: jsonResponse(Ready, 'The server accepts requests.'),
    ...errorResponses('internal'),
  },
})
