/**
 * Route definitions of the broker surface, `/v1` (CONTRACT.md section 1). Definitions only: the
 * server mounts each with `app.openapi(route, handler)`.
 *
 * Every /v1 route may also answer `429 rate_limited` and, under a fault rule, any status with
 * `injected_fault`; account routes answer 401/403 when the account has an apiKey.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiErrorCode } from '../errors.js'
import { ACCOUNT_SECURITY, NO_SECURITY } from '../openapi-info.js'
import { Account, Position } from '../schemas/account.js'
import { Fill, ListFillsQuery } from '../schemas/fill.js'
import { Clock, Instrument, Ping, Quote, QuotesQuery } from '../schemas/market.js'
import {
  ListOrdersQuery,
  Order,
  ReplaceOrderRequest,
  SubmitOrderRequest,
} from '../schemas/order.js'
import {
  ACCOUNT_EXAMPLE,
  CANCELING_ORDER_EXAMPLE,
  CLOCK_EXAMPLE,
  CLOSING_ORDER_EXAMPLE,
  FILL_EXAMPLE,
  FILLED_ORDER_EXAMPLE,
  INSTRUMENTS_EXAMPLE,
  PENDING_ORDER_EXAMPLE,
  POSITION_EXAMPLE,
  QUOTE_EXAMPLE,
  QUOTES_EXAMPLE,
  REPLACING_ORDER_EXAMPLE,
} from './examples.js'
import {
  AccountParams,
  ClientOrderParams,
  OrderParams,
  PositionParams,
  SymbolParams,
} from './params.js'
import { FAULT_RESPONSE, errorResponses, jsonBody, jsonResponse } from './responses.js'

/** Errors every /v1 route may answer, besides its own. */
function brokerErrors<C extends ApiErrorCode = never>(...codes: C[]) {
  return {
    ...errorResponses<C | 'rate_limited' | 'injected_fault' | 'internal'>(
      ...codes,
      'rate_limited',
      'injected_fault',
      'internal',
    ),
    default: FAULT_RESPONSE,
  }
}

const ACCOUNT_ERRORS = ['invalid_request', 'unauthorized', 'forbidden', 'not_found'] as const
const BODY_ERRORS = ['payload_too_large', 'unsupported_media_type'] as const
const ORDER_RISK_ERRORS = [
  'insufficient_buying_power',
  'insufficient_position',
  'risk_limit_exceeded',
  'market_halted',
  'invalid_order',
] as const

const market = { tags: ['broker'], security: NO_SECURITY }
const account = { tags: ['broker'], security: ACCOUNT_SECURITY }

export const pingRoute = createRoute({
  ...market,
  method: 'get',
  path: '/v1/ping',
  operationId: 'ping',
  summary: 'Check the connection',
  responses: {
    200: jsonResponse(Ping, 'The broker is up; `time` is virtual.', {
      example: { ok: true, time: CLOCK_EXAMPLE.time },
    }),
    ...brokerErrors(),
  },
})

export const getClockRoute = createRoute({
  ...market,
  method: 'get',
  path: '/v1/clock',
  operationId: 'getClock',
  summary: 'Get the market clock',
  responses: {
    200: jsonResponse(Clock, 'Virtual time, clock mode and the session.', {
      example: CLOCK_EXAMPLE,
    }),
    ...brokerErrors(),
  },
})

export const listSymbolsRoute = createRoute({
  ...market,
  method: 'get',
  path: '/v1/symbols',
  operationId: 'listSymbols',
  summary: 'List the instruments',
  responses: {
    200: jsonResponse(z.array(Instrument), 'Every configured instrument.', {
      example: INSTRUMENTS_EXAMPLE,
    }),
    ...brokerErrors(),
  },
})

export const getQuotesRoute = createRoute({
  ...market,
  method: 'get',
  path: '/v1/quotes',
  operationId: 'getQuotes',
  summary: 'Get the latest quotes',
  request: { query: QuotesQuery },
  responses: {
    200: jsonResponse(z.array(Quote), 'One quote per symbol, in the order asked for.', {
      example: QUOTES_EXAMPLE,
    }),
    ...brokerErrors('invalid_request', 'not_found'),
  },
})

export const getQuoteRoute = createRoute({
  ...market,
  method: 'get',
  path: '/v1/quotes/{symbol}',
  operationId: 'getQuote',
  summary: 'Get the latest quote of one symbol',
  request: { params: SymbolParams },
  responses: {
    200: jsonResponse(Quote, 'The latest quote.', { example: QUOTE_EXAMPLE }),
    ...brokerErrors('invalid_request', 'not_found'),
  },
})

export const listAccountsRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts',
  operationId: 'listAccounts',
  summary: 'List the accounts',
  responses: {
    200: jsonResponse(z.array(Account), 'The accounts the caller may see.', {
      example: [ACCOUNT_EXAMPLE],
    }),
    ...brokerErrors('unauthorized'),
  },
})

export const getAccountRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}',
  operationId: 'getAccount',
  summary: 'Get an account',
  request: { params: AccountParams },
  responses: {
    200: jsonResponse(Account, 'The account.', { example: ACCOUNT_EXAMPLE }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const submitOrderRoute = createRoute({
  ...account,
  method: 'post',
  path: '/v1/accounts/{accountId}/orders',
  operationId: 'submitOrder',
  summary: 'Submit an order',
  description:
    'Answers 201 with the new order (`pending_new` until the venue latency has passed). A ' +
    'resubmission with the same `clientOrderId` and parameters answers 200 with the original ' +
    'order and `Idempotent-Replayed: true`; with other parameters, 409. Risk failures answer 422 ' +
    'and record the order as `rejected`; malformed (400) and invalid (422 `unknown_symbol`, ' +
    '`invalid_order`) orders are not recorded.',
  request: { params: AccountParams, body: jsonBody(SubmitOrderRequest, 'The order.') },
  responses: {
    201: jsonResponse(Order, 'The new order.', { example: PENDING_ORDER_EXAMPLE }),
    200: jsonResponse(Order, 'Idempotent replay: the order first submitted with this id.', {
      example: FILLED_ORDER_EXAMPLE,
      headers: {
        'Idempotent-Replayed': {
          description: 'Present, and `true`, on an idempotent replay.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
    }),
    ...brokerErrors(
      ...ACCOUNT_ERRORS,
      ...BODY_ERRORS,
      ...ORDER_RISK_ERRORS,
      'duplicate_client_order_id',
      'unknown_symbol',
    ),
  },
})

export const listOrdersRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}/orders',
  operationId: 'listOrders',
  summary: 'List orders',
  request: { params: AccountParams, query: ListOrdersQuery },
  responses: {
    200: jsonResponse(z.array(Order), 'Orders, oldest first.', {
      example: [FILLED_ORDER_EXAMPLE],
    }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const getOrderRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}/orders/{orderId}',
  operationId: 'getOrder',
  summary: 'Get an order',
  request: { params: OrderParams },
  responses: {
    200: jsonResponse(Order, 'The order.', { example: FILLED_ORDER_EXAMPLE }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const getOrderByClientIdRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}/orders/by-client-id/{clientOrderId}',
  operationId: 'getOrderByClientId',
  summary: 'Get an order by its clientOrderId',
  request: { params: ClientOrderParams },
  responses: {
    200: jsonResponse(Order, 'The order.', { example: FILLED_ORDER_EXAMPLE }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const replaceOrderRoute = createRoute({
  ...account,
  method: 'patch',
  path: '/v1/accounts/{accountId}/orders/{orderId}',
  operationId: 'replaceOrder',
  summary: 'Replace an order (cancel/replace)',
  description:
    'Answers 200 with the new order (`pending_new`, with `replaces`); the old one is ' +
    '`pending_replace` until the venue latency has passed, then `replaced` with `replacedBy`, ' +
    'unless it filled first, in which case the new order ends `rejected`.',
  request: { params: OrderParams, body: jsonBody(ReplaceOrderRequest, 'The fields to change.') },
  responses: {
    200: jsonResponse(Order, 'The new order.', { example: REPLACING_ORDER_EXAMPLE }),
    ...brokerErrors(
      ...ACCOUNT_ERRORS,
      ...BODY_ERRORS,
      ...ORDER_RISK_ERRORS,
      'order_not_replaceable',
      'duplicate_client_order_id',
    ),
  },
})

export const cancelOrderRoute = createRoute({
  ...account,
  method: 'delete',
  path: '/v1/accounts/{accountId}/orders/{orderId}',
  operationId: 'cancelOrder',
  summary: 'Cancel an order',
  description:
    'Answers 200 with the order in `pending_cancel`; it ends `canceled` after the venue latency, ' +
    'unless a fill wins the race.',
  request: { params: OrderParams },
  responses: {
    200: jsonResponse(Order, 'The order, `pending_cancel`.', { example: CANCELING_ORDER_EXAMPLE }),
    ...brokerErrors(...ACCOUNT_ERRORS, 'order_not_cancelable'),
  },
})

export const cancelAllOrdersRoute = createRoute({
  ...account,
  method: 'delete',
  path: '/v1/accounts/{accountId}/orders',
  operationId: 'cancelAllOrders',
  summary: 'Cancel every open order',
  request: { params: AccountParams },
  responses: {
    200: jsonResponse(z.array(Order), 'The orders being canceled, `pending_cancel`.', {
      example: [CANCELING_ORDER_EXAMPLE],
    }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const getPositionsRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}/positions',
  operationId: 'getPositions',
  summary: 'List open positions',
  request: { params: AccountParams },
  responses: {
    200: jsonResponse(z.array(Position), 'Open positions; flat ones are left out.', {
      example: [POSITION_EXAMPLE],
    }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const getPositionRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}/positions/{symbol}',
  operationId: 'getPosition',
  summary: 'Get the position in one symbol',
  request: { params: PositionParams },
  responses: {
    200: jsonResponse(Position, 'The open position.', { example: POSITION_EXAMPLE }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})

export const closePositionRoute = createRoute({
  ...account,
  method: 'delete',
  path: '/v1/accounts/{accountId}/positions/{symbol}',
  operationId: 'closePosition',
  summary: 'Close a position at market',
  description: 'Submits a market order for the whole position and answers it.',
  request: { params: PositionParams },
  responses: {
    200: jsonResponse(Order, 'The closing market order.', { example: CLOSING_ORDER_EXAMPLE }),
    ...brokerErrors(...ACCOUNT_ERRORS, ...ORDER_RISK_ERRORS),
  },
})

export const listFillsRoute = createRoute({
  ...account,
  method: 'get',
  path: '/v1/accounts/{accountId}/fills',
  operationId: 'listFills',
  summary: 'List fills',
  request: { params: AccountParams, query: ListFillsQuery },
  responses: {
    200: jsonResponse(z.array(Fill), 'Fills, oldest first.', { example: [FILL_EXAMPLE] }),
    ...brokerErrors(...ACCOUNT_ERRORS),
  },
})
