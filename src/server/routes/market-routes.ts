/** `/v1` market routes: ping, clock, instruments and quotes. Parse, one core query, answer. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  getClockRoute,
  getQuoteRoute,
  getQuotesRoute,
  listSymbolsRoute,
  pingRoute,
} from '../../api/index.js'
import { unwrap } from '../api-error.js'
import type { AppDeps, AppEnv } from '../request-context.js'

export function registerMarketRoutes(app: OpenAPIHono<AppEnv>, { runtime }: AppDeps): void {
  app.openapi(pingRoute, (c) => c.json({ ok: true as const, time: runtime.sim.clock().time }, 200))
  app.openapi(getClockRoute, (c) => c.json(runtime.sim.clock(), 200))
  app.openapi(listSymbolsRoute, (c) => c.json(runtime.sim.instruments(), 200))
  app.openapi(getQuotesRoute, (c) => {
    const { symbols } = c.req.valid('query')
    return c.json(unwrap(runtime.sim.quotes(symbols)), 200)
  })
  app.openapi(getQuoteRoute, (c) => {
    const { symbol } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.quote(symbol)), 200)
  })
}
