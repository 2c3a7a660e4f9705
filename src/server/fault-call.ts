/**
 * What a fault rule can match a `/v1` request on (`FaultCall`): the operation and account from the
 * path, and the order's symbol, side and clientOrderId from wherever the request names them: the
 * body of a submit, the existing order for a cancel, replace or get, the path or query for quotes
 * and positions. Read before the route runs, so nothing here may throw or refuse: what cannot be
 * read is null, and the route answers the bad request as it would without rules.
 */
import type { Context } from 'hono'
import type { FaultCall, OrderView, Result, Side, Simulation } from '../sim/index.js'
import type { OperationMatch } from './operation-matcher.js'
import type { AppEnv } from './request-context.js'

type OrderFields = Pick<FaultCall, 'symbol' | 'side' | 'clientOrderId'>

const NONE: OrderFields = { symbol: null, side: null, clientOrderId: null }

export async function faultCall(
  c: Context<AppEnv>,
  { operation, params }: OperationMatch,
  sim: Simulation,
): Promise<FaultCall> {
  const accountId = params['accountId'] ?? null
  return {
    operation,
    method: c.req.method,
    path: c.req.path,
    requestId: c.get('requestIdFromClient') ? c.get('requestId') : null,
    accountId,
    ...(await orderFields(c, operation, params, accountId, sim)),
  }
}

async function orderFields(
  c: Context<AppEnv>,
  operation: OperationMatch['operation'],
  params: Record<string, string>,
  accountId: string | null,
  sim: Simulation,
): Promise<OrderFields> {
  const symbol = params['symbol']?.toUpperCase() ?? null
  switch (operation) {
    case 'submitOrder':
      return fromBody(await jsonBody(c))
    case 'getOrder':
    case 'replaceOrder':
    case 'cancelOrder':
      return accountId === null ? NONE : fromOrder(sim.order(accountId, params['orderId'] ?? ''))
    case 'getOrderByClientId': {
      const clientOrderId = params['clientOrderId'] ?? null
      if (accountId === null || clientOrderId === null) return NONE
      return { ...fromOrder(sim.orderByClientOrderId(accountId, clientOrderId)), clientOrderId }
    }
    case 'getQuotes': {
      // A rule naming a symbol matches a quotes request for that one symbol alone.
      const asked = (c.req.query('symbols') ?? '').split(',').filter((s) => s.length > 0)
      return { ...NONE, symbol: asked.length === 1 ? (asked[0] as string).toUpperCase() : null }
    }
    case 'listOrders':
      return { ...NONE, symbol: c.req.query('symbol')?.toUpperCase() ?? null }
    case 'closePosition': {
      // The closing order sells a long position and buys back a short one.
      if (accountId === null || symbol === null) return { ...NONE, symbol }
      const position = sim.position(accountId, symbol)
      const side: Side | null = !position.ok
        ? null
        : position.value.side === 'long'
          ? 'sell'
          : position.value.side === 'short'
            ? 'buy'
            : null
      return { ...NONE, symbol, side }
    }
    default:
      return { ...NONE, symbol }
  }
}

/** The body as JSON, or undefined when it is not (the route then refuses it). */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  try {
    // text() is cached by hono, so the route's validator reads the same body again.
    return JSON.parse(await c.req.text())
  } catch {
    return undefined
  }
}

function fromBody(body: unknown): OrderFields {
  if (typeof body !== 'object' || body === null) return NONE
  const { symbol, side, clientOrderId } = body as Record<string, unknown>
  return {
    symbol: typeof symbol === 'string' ? symbol.toUpperCase() : null,
    side: side === 'buy' || side === 'sell' ? side : null,
    clientOrderId: typeof clientOrderId === 'string' ? clientOrderId : null,
  }
}

function fromOrder(order: Result<OrderView>): OrderFields {
  if (!order.ok) return NONE
  const { symbol, side, clientOrderId } = order.value
  return { symbol, side, clientOrderId }
}
