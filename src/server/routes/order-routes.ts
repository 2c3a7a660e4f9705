/** `/v1` order routes: submit, list, get, replace, cancel. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  cancelAllOrdersRoute,
  cancelOrderRoute,
  getOrderByClientIdRoute,
  getOrderRoute,
  listOrdersRoute,
  replaceOrderRoute,
  submitOrderRoute,
} from '../../api/index.js'
import type { JsonObject } from '../../sim/index.js'
import { unwrap } from '../api-error.js'
import { firedFault } from '../fault-middleware.js'
import type { AppDeps, AppEnv } from '../request-context.js'

export function registerOrderRoutes(app: OpenAPIHono<AppEnv>, { runtime }: AppDeps): void {
  app.openapi(submitOrderRoute, (c) => {
    const { accountId } = c.req.valid('param')
    const body = c.req.valid('json')
    const outcome = unwrap(
      runtime.sim.submitOrder(
        accountId,
        { ...body, metadata: body.metadata as JsonObject | undefined },
        { fault: firedFault(c) },
      ),
    )
    if (outcome.replayed) {
      c.header('Idempotent-Replayed', 'true')
      return c.json(outcome.order, 200)
    }
    return c.json(outcome.order, 201)
  })
  app.openapi(listOrdersRoute, (c) => {
    const { accountId } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.orders(accountId, c.req.valid('query'))).items, 200)
  })
  app.openapi(getOrderRoute, (c) => {
    const { accountId, orderId } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.order(accountId, orderId)), 200)
  })
  app.openapi(getOrderByClientIdRoute, (c) => {
    const { accountId, clientOrderId } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.orderByClientOrderId(accountId, clientOrderId)), 200)
  })
  app.openapi(replaceOrderRoute, (c) => {
    const { accountId, orderId } = c.req.valid('param')
    const patch = c.req.valid('json')
    return c.json(unwrap(runtime.sim.replaceOrder(accountId, orderId, patch)), 200)
  })
  app.openapi(cancelOrderRoute, (c) => {
    const { accountId, orderId } = c.req.valid('param')
    return c.json(
      unwrap(runtime.sim.cancelOrder(accountId, orderId, { fault: firedFault(c) })),
      200,
    )
  })
  app.openapi(cancelAllOrdersRoute, (c) => {
    const { accountId } = c.req.valid('param')
    return c.json(unwrap(runtime.sim.cancelAllOrders(accountId, { fault: firedFault(c) })), 200)
  })
}
