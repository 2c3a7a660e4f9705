/** `GET /metrics`: the server's registry in the Prometheus text format (CONTRACT.md section 5). */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { metricsRoute } from '../../api/routes/metrics.js'
import type { BrokerMetrics } from '../metrics/index.js'
import type { AppEnv } from '../request-context.js'

export function registerMetricsRoutes(
  app: OpenAPIHono<AppEnv>,
  metrics: Pick<BrokerMetrics, 'registry'>,
): void {
  const { registry } = metrics
  app.openapi(metricsRoute, async (c) =>
    c.text(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
  )
}
