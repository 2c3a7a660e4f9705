/** Liveness and readiness, for container health checks and orchestrators. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { healthRoute, readyRoute } from '../../api/index.js'
import type { AppDeps, AppEnv } from '../request-context.js'

export function registerOpsRoutes(app: OpenAPIHono<AppEnv>, _deps: AppDeps): void {
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
  app.openapi(readyRoute, (c) => c.json({ status: 'ready' as const }, 200))
}
