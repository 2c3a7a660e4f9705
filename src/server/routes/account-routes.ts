/** `/v1` account routes: accounts, positions and fills. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  closePositionRoute,
  getAccountRoute,
  getPositionRoute,
  getPositionsRoute,
  listAccountsRoute,
  listFillsRoute,
} from '../../api/index.js'
import { bearerToken, visibleAccountIds } from '../account-auth.js'
import { unwrap } from '../api-error.js'
import { firedFault } from '../fault-middleware.js'
import type { AppDeps, AppEnv } from '../request-context.js'

export function registerAccountRoutes(app: OpenAPIHono<AppEnv>, { runtime }: AppDeps): void {
  app.openapi(listAccountsRoute, (c) => {
    const ids = visibleAccountIds(runtime, bearerToken(c.req.header('Authorization')))
    return c.json(
      ids.map((id) => unwrap(runtime.sim.account(id))),
      200,
    )
  })
  app.openapi(getAccountRoute, (c) => {
    const { accountId } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.account(accountId)), 200)
  })
  app.openapi(getPositionsRoute, (c) => {
    const { accountId } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.positions(accountId)), 200)
  })
  app.openapi(getPositionRoute, (c) => {
    const { accountId, symbol } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.position(accountId, symbol)), 200)
  })
  app.openapi(closePositionRoute, (c) => {
    const { accountId, symbol } = c.req.valid('param')
    return c.json(
      unwrap(runtime.sim.closePosition(accountId, symbol, { fault: firedFault(c) })),
      200,
    )
  })
  app.openapi(listFillsRoute, (c) => {
    const { accountId } = c.req.valid('param')
    const page = unwrap(runtime.sim.fills(accountId, c.req.valid('query')))
    return c.json(page.items, 200)
  })
}
