/**
 * Submitting an order: idempotency by `clientOrderId`, then the checks that create nothing
 * (unknown symbol, invalid order), then the risk checks that record a rejected order, then
 * `pending_new` until the venue acknowledges it after the submit latency.
 */
import { canonicalJson } from '../journal/canonical-json.js'
import { LIMITS } from '../limits.js'
import type { OrderRequest } from '../orders/order-request.js'
import { validateOrder, type ValidOrder } from '../orders/order-validation.js'
import { toOrderView, type Order, type OrderView } from '../orders/order.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import { newOrder } from './new-order.js'
import { emitOrder, registerOrder } from './order-lifecycle.js'
import { checkRisk } from './risk-checks.js'
import { createLegs } from './contingent-orders.js'
import { sendToVenue } from './send-to-venue.js'
import { markSubmission } from './order-faults.js'
import type { FiredFault } from '../faults/fault-rule.js'
import { validateOrderClass, type ValidExits } from '../orders/order-class-validation.js'

export interface SubmitOutcome {
  order: OrderView
  /** True when this was an idempotent retry answered with the original order. */
  replayed: boolean
}

export function submitOrder(
  world: World,
  accountId: string,
  request: OrderRequest,
  fault?: FiredFault | null,
): Result<SubmitOutcome> {
  if (!world.accounts.has(accountId))
    return fail('not_found', `no account ${accountId}`, { accountId })
  if (request.clientOrderId !== undefined) {
    const existing = findByClientOrderId(world, accountId, request.clientOrderId)
    if (existing) {
      if (existing.fingerprint === canonicalJson(request))
        return ok({ order: toOrderView(existing), replayed: true })
      return fail(
        'duplicate_client_order_id',
        `clientOrderId ${request.clientOrderId} was already used for order ${existing.id} with other parameters; use a new clientOrderId`,
        { clientOrderId: request.clientOrderId, orderId: existing.id },
      )
    }
  }
  const market = world.markets.get(request.symbol)
  if (!market)
    return fail(
      'unknown_symbol',
      `unknown symbol ${request.symbol}: GET /v1/symbols lists the tradable ones`,
      { symbol: request.symbol },
    )
  if (world.orders.size >= LIMITS.ordersPerWorld) {
    return fail(
      'invalid_order',
      `this world already holds ${LIMITS.ordersPerWorld} orders; reset or configure it`,
      {},
    )
  }
  // An oco is its take-profit, so its limit price may be left to `takeProfit`.
  const entry =
    request.orderClass === 'oco' &&
    request.type === 'limit' &&
    request.limitPrice === undefined &&
    request.takeProfit
      ? { ...request, limitPrice: request.takeProfit.limitPrice }
      : request
  const valid = validateOrder(entry, market.instrument, world.nowMs)
  if (!valid.ok) return valid
  const exits = validateOrderClass(request, market.instrument, market)
  if (!exits.ok) return exits
  const risk = checkEntryRisk(world, accountId, request, valid.value, exits.value)
  if (!risk.ok) {
    const rejected = newOrder(
      world,
      accountId,
      request,
      { ...valid.value, ...exits.value },
      'rejected',
    )
    rejected.rejectReason = `${risk.error.code}: ${risk.error.message}`
    registerOrder(world, rejected)
    emitOrder(world, rejected, 'order.rejected')
    return fail(risk.error.code, risk.error.message, {
      ...risk.error.details,
      order: toOrderView(rejected),
    })
  }
  const order = newOrder(
    world,
    accountId,
    request,
    { ...valid.value, ...exits.value },
    'pending_new',
  )
  markSubmission(order, fault)
  registerOrder(world, order)
  emitOrder(world, order, 'order.pending_new')
  sendToVenue(world, order)
  createLegs(world, order, request, exits.value)
  return ok({ order: toOrderView(order), replayed: false })
}

export function findByClientOrderId(
  world: World,
  accountId: string,
  clientOrderId: string,
): Order | undefined {
  const id = world.clientOrderIds.get(`${accountId} ${clientOrderId}`)
  return id === undefined ? undefined : world.orders.get(id)
}

/**
 * The risk of what the request puts to work now. An oco puts both its orders to work, and either
 * may execute, so each must pass on its own (they count once, at the larger, afterwards).
 */
function checkEntryRisk(
  world: World,
  accountId: string,
  request: OrderRequest,
  valid: ValidOrder,
  exits: ValidExits,
): Result<null> {
  const { symbol, side } = request
  const risk = checkRisk(world, accountId, { symbol, side, ...valid })
  if (!risk.ok || request.orderClass !== 'oco' || exits.stopLoss === null) return risk
  const { stopPrice, limitPrice } = exits.stopLoss
  return checkRisk(world, accountId, { symbol, side, qty: valid.qty, stopPrice, limitPrice })
}
