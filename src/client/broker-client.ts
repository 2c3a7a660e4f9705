/**
 * A typed HTTP client of every `/v1` and `/mock` route (CONTRACT.md sections 1 and 3), plus the
 * ops routes. Its types are derived from the route definitions of src/api, so they are the
 * server's own zod schemas: request bodies and queries are `z.input` of the route's schema,
 * answers `z.output` of its success response. Non-success answers raise `MockBrokerError`.
 *
 * @example
 * const client = new MockBrokerClient({ baseUrl: broker.url })
 * const order = await client.submitOrder('DEMO', { symbol: 'AAPL', side: 'buy', qty: 10, type: 'market' })
 * await client.advance({ ms: 1000 })
 * const filled = await client.getOrder('DEMO', order.id)
 */
import type { z } from '@hono/zod-openapi'
import {
  advanceRoute,
  cancelAllOrdersRoute,
  cancelOrderRoute,
  clearFaultsRoute,
  clearRequestsRoute,
  closePositionRoute,
  configureRoute,
  deleteFaultRoute,
  deleteSnapshotRoute,
  diffSnapshotRoute,
  getAccountRoute,
  getClockRoute,
  getOrderByClientIdRoute,
  getOrderRoute,
  getPositionRoute,
  getPositionsRoute,
  getQuoteRoute,
  getQuotesRoute,
  getReportRoute,
  getSnapshotRoute,
  getStateRoute,
  healthRoute,
  injectRoute,
  listAccountsRoute,
  listEventsRoute,
  listFaultsRoute,
  listFillsRoute,
  listOrdersRoute,
  listRequestsRoute,
  listSnapshotsRoute,
  listSymbolsRoute,
  listVerificationsRoute,
  metricsRoute,
  pingRoute,
  readyRoute,
  recordVerificationRoute,
  replaceOrderRoute,
  resetRoute,
  restoreSnapshotRoute,
  submitOrderRoute,
  takeSnapshotRoute,
  type ReportFormat,
} from '../api/index.js'
import { openBrokerStream, type BrokerStream, type BrokerStreamOptions } from './broker-stream.js'
import { INVALID_RESPONSE, MockBrokerError } from './client-error.js'

// ---------------------------------------------------------------------------------------------
// Types derived from the route definitions

type JsonSchemaOf<Response> = Response extends {
  content: { 'application/json': { schema: infer S extends z.ZodType } }
}
  ? S
  : never

/** The parsed JSON body of a route's answer with status `S`, e.g. `ResponseOf<typeof getOrderRoute, 200>`. */
export type ResponseOf<R extends { responses: object }, S extends keyof R['responses']> = z.output<
  JsonSchemaOf<R['responses'][S]>
>

/** The JSON request body a route accepts (what you may send, before defaults and coercion). */
export type BodyOf<R> = R extends {
  request: { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } }
}
  ? z.input<S>
  : never

/** The query a route accepts. */
export type QueryOf<R> = R extends { request: { query: infer S extends z.ZodType } }
  ? z.input<S>
  : never

/** The path parameters of a route. */
export type ParamsOf<R> = R extends { request: { params: infer S extends z.ZodType } }
  ? z.input<S>
  : never

export type SubmitOrderInput = BodyOf<typeof submitOrderRoute>
export type ReplaceOrderInput = BodyOf<typeof replaceOrderRoute>
export type ListOrdersInput = QueryOf<typeof listOrdersRoute>
export type ListFillsInput = QueryOf<typeof listFillsRoute>
export type ConfigureInput = BodyOf<typeof configureRoute>
export type AdvanceInput = BodyOf<typeof advanceRoute>
export type InjectInput = BodyOf<typeof injectRoute>
export type InjectMarketEventInput = Extract<InjectInput, { type: 'market' }>['event']
export type InjectFaultInput = Extract<InjectInput, { type: 'fault' }>['rule']
export type EventsInput = QueryOf<typeof listEventsRoute>
export type RequestsInput = QueryOf<typeof listRequestsRoute>
export type SnapshotInput = BodyOf<typeof takeSnapshotRoute>
export type RecordVerificationInput = BodyOf<typeof recordVerificationRoute>

export type OrderResult = ResponseOf<typeof getOrderRoute, 200>
export type ReportResult = ResponseOf<typeof getReportRoute, 200>

// ---------------------------------------------------------------------------------------------
// The client

export interface MockBrokerClientOptions {
  /** Where the server listens, e.g. `http://127.0.0.1:4100` (a trailing slash is fine). */
  baseUrl: string
  /** Sent as `Authorization: Bearer <apiKey>` on `/v1` routes (accounts configured with a key). */
  apiKey?: string | undefined
  /** Sent as `Authorization: Bearer <controlToken>` on `/mock` routes (`MOCK_CONTROL_TOKEN`). */
  controlToken?: string | undefined
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch | undefined
  /** Headers sent with every request (e.g. a fixed `X-Request-Id` prefix of your own). */
  headers?: Record<string, string> | undefined
  /**
   * Parse every JSON answer with the route's response schema (`schema.parse`), so a drift
   * between client and server fails loudly. Off by default: the answers are only typed.
   */
  validate?: boolean | undefined
}

type AnyRoute = {
  method: string
  path: string
  operationId?: string | undefined
  responses: Record<string | number, unknown>
}

interface CallInput {
  params?: Record<string, string>
  query?: Record<string, unknown> | undefined
  body?: unknown
  /** How to read a success answer: JSON (default) or text. */
  read?: 'json' | 'text'
}

export class MockBrokerClient {
  readonly baseUrl: string
  readonly #options: MockBrokerClientOptions
  readonly #fetch: typeof fetch

  constructor(options: MockBrokerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.#options = options
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  }

  /**
   * The account's push stream (CONTRACT.md section 2): `client.stream('DEMO').on('fill', ...)`.
   * It resubscribes with `sinceSeq` on every reconnect, so missed events arrive once, in order.
   */
  stream(
    accountId: string,
    options: Omit<BrokerStreamOptions, 'baseUrl' | 'accountId' | 'channels'> & {
      channels?: BrokerStreamOptions['channels']
    } = {},
  ): BrokerStream {
    return openBrokerStream({
      baseUrl: this.baseUrl,
      accountId,
      token: this.#options.apiKey,
      channels: ['orders', 'fills', 'positions', 'account', 'connection'],
      ...options,
    })
  }

  // --- /v1: market --------------------------------------------------------------------------

  ping(): Promise<ResponseOf<typeof pingRoute, 200>> {
    return this.#call(pingRoute, {})
  }

  clock(): Promise<ResponseOf<typeof getClockRoute, 200>> {
    return this.#call(getClockRoute, {})
  }

  symbols(): Promise<ResponseOf<typeof listSymbolsRoute, 200>> {
    return this.#call(listSymbolsRoute, {})
  }

  /** The latest quotes of the given symbols (`['AAPL', 'MSFT']` or `'AAPL,MSFT'`), or of all. */
  quotes(symbols?: readonly string[] | string): Promise<ResponseOf<typeof getQuotesRoute, 200>> {
    const query: QueryOf<typeof getQuotesRoute> = {
      symbols: typeof symbols === 'string' ? symbols : symbols?.join(','),
    }
    return this.#call(getQuotesRoute, { query })
  }

  quote(symbol: string): Promise<ResponseOf<typeof getQuoteRoute, 200>> {
    return this.#call(getQuoteRoute, { params: { symbol } })
  }

  // --- /v1: accounts, orders, positions, fills ------------------------------------------------

  accounts(): Promise<ResponseOf<typeof listAccountsRoute, 200>> {
    return this.#call(listAccountsRoute, {})
  }

  account(accountId: string): Promise<ResponseOf<typeof getAccountRoute, 200>> {
    return this.#call(getAccountRoute, { params: { accountId } })
  }

  /** Answers the new order (201) or, on an idempotent replay of a clientOrderId, the original (200). */
  submitOrder(
    accountId: string,
    order: SubmitOrderInput,
  ): Promise<ResponseOf<typeof submitOrderRoute, 201 | 200>> {
    return this.#call(submitOrderRoute, { params: { accountId }, body: order })
  }

  listOrders(
    accountId: string,
    query: ListOrdersInput = {},
  ): Promise<ResponseOf<typeof listOrdersRoute, 200>> {
    return this.#call(listOrdersRoute, { params: { accountId }, query })
  }

  getOrder(accountId: string, orderId: string): Promise<ResponseOf<typeof getOrderRoute, 200>> {
    return this.#call(getOrderRoute, { params: { accountId, orderId } })
  }

  getOrderByClientId(
    accountId: string,
    clientOrderId: string,
  ): Promise<ResponseOf<typeof getOrderByClientIdRoute, 200>> {
    return this.#call(getOrderByClientIdRoute, { params: { accountId, clientOrderId } })
  }

  /** Cancel/replace: answers the new order; the old one ends `replaced` after the venue latency. */
  replaceOrder(
    accountId: string,
    orderId: string,
    changes: ReplaceOrderInput,
  ): Promise<ResponseOf<typeof replaceOrderRoute, 200>> {
    return this.#call(replaceOrderRoute, { params: { accountId, orderId }, body: changes })
  }

  cancelOrder(
    accountId: string,
    orderId: string,
  ): Promise<ResponseOf<typeof cancelOrderRoute, 200>> {
    return this.#call(cancelOrderRoute, { params: { accountId, orderId } })
  }

  cancelAllOrders(accountId: string): Promise<ResponseOf<typeof cancelAllOrdersRoute, 200>> {
    return this.#call(cancelAllOrdersRoute, { params: { accountId } })
  }

  positions(accountId: string): Promise<ResponseOf<typeof getPositionsRoute, 200>> {
    return this.#call(getPositionsRoute, { params: { accountId } })
  }

  position(accountId: string, symbol: string): Promise<ResponseOf<typeof getPositionRoute, 200>> {
    return this.#call(getPositionRoute, { params: { accountId, symbol } })
  }

  /** Closes the position at market; answers the closing order. */
  closePosition(
    accountId: string,
    symbol: string,
  ): Promise<ResponseOf<typeof closePositionRoute, 200>> {
    return this.#call(closePositionRoute, { params: { accountId, symbol } })
  }

  fills(
    accountId: string,
    query: ListFillsInput = {},
  ): Promise<ResponseOf<typeof listFillsRoute, 200>> {
    return this.#call(listFillsRoute, { params: { accountId }, query })
  }

  // --- /mock: the world ----------------------------------------------------------------------

  /** Replaces the whole world; without a body, the default world. */
  configure(config: ConfigureInput = {}): Promise<ResponseOf<typeof configureRoute, 200>> {
    return this.#call(configureRoute, { body: config })
  }

  reset(): Promise<ResponseOf<typeof resetRoute, 200>> {
    return this.#call(resetRoute, {})
  }

  /** Advances the manual clock: `{ ms }`, `{ to }`, or a number of milliseconds. */
  advance(by: AdvanceInput | number): Promise<ResponseOf<typeof advanceRoute, 200>> {
    return this.#call(advanceRoute, { body: typeof by === 'number' ? { ms: by } : by })
  }

  state(): Promise<ResponseOf<typeof getStateRoute, 200>> {
    return this.#call(getStateRoute, {})
  }

  events(query: EventsInput = {}): Promise<ResponseOf<typeof listEventsRoute, 200>> {
    return this.#call(listEventsRoute, { query })
  }

  // --- /mock: injections and fault rules -------------------------------------------------------

  /** A market event or a fault rule, as `POST /mock/inject` takes it. */
  inject(injection: InjectInput): Promise<ResponseOf<typeof injectRoute, 201>> {
    return this.#call(injectRoute, { body: injection })
  }

  /** A market event now, or at a virtual time. */
  injectMarketEvent(
    event: InjectMarketEventInput,
    at?: string,
  ): Promise<ResponseOf<typeof injectRoute, 201>> {
    return this.inject(at === undefined ? { type: 'market', event } : { type: 'market', event, at })
  }

  /** A fault rule, checked after the active ones. */
  injectFault(rule: InjectFaultInput): Promise<ResponseOf<typeof injectRoute, 201>> {
    return this.inject({ type: 'fault', rule })
  }

  faults(): Promise<ResponseOf<typeof listFaultsRoute, 200>> {
    return this.#call(listFaultsRoute, {})
  }

  deleteFault(id: string): Promise<ResponseOf<typeof deleteFaultRoute, 200>> {
    return this.#call(deleteFaultRoute, { params: { id } })
  }

  clearFaults(): Promise<ResponseOf<typeof clearFaultsRoute, 200>> {
    return this.#call(clearFaultsRoute, {})
  }

  requests(query: RequestsInput = {}): Promise<ResponseOf<typeof listRequestsRoute, 200>> {
    return this.#call(listRequestsRoute, { query })
  }

  clearRequests(): Promise<ResponseOf<typeof clearRequestsRoute, 200>> {
    return this.#call(clearRequestsRoute, {})
  }

  // --- /mock: snapshots ------------------------------------------------------------------------

  /** Captures the whole world, optionally under a name. */
  snapshot(name?: string): Promise<ResponseOf<typeof takeSnapshotRoute, 201>> {
    const body: SnapshotInput = name === undefined ? {} : { name }
    return this.#call(takeSnapshotRoute, { body })
  }

  snapshots(): Promise<ResponseOf<typeof listSnapshotsRoute, 200>> {
    return this.#call(listSnapshotsRoute, {})
  }

  /** A snapshot (by id or name) with the world it holds. */
  getSnapshot(id: string): Promise<ResponseOf<typeof getSnapshotRoute, 200>> {
    return this.#call(getSnapshotRoute, { params: { id } })
  }

  restore(id: string): Promise<ResponseOf<typeof restoreSnapshotRoute, 200>> {
    return this.#call(restoreSnapshotRoute, { params: { id } })
  }

  deleteSnapshot(id: string): Promise<ResponseOf<typeof deleteSnapshotRoute, 200>> {
    return this.#call(deleteSnapshotRoute, { params: { id } })
  }

  /** What changed from snapshot `id` to `against` (another snapshot, or `current`, the default). */
  diff(id: string, against?: string): Promise<ResponseOf<typeof diffSnapshotRoute, 200>> {
    return this.#call(diffSnapshotRoute, { params: { id }, query: { against } })
  }

  // --- /mock: report and verifications ---------------------------------------------------------

  /** The test report: the JSON object, or the JUnit XML / HTML page as text. */
  report(format?: 'json'): Promise<ReportResult>
  report(format: 'junit' | 'html'): Promise<string>
  report(format?: ReportFormat): Promise<ReportResult | string>
  report(format: ReportFormat = 'json'): Promise<ReportResult | string> {
    return this.#call(getReportRoute, {
      query: { format },
      read: format === 'json' ? 'json' : 'text',
    })
  }

  recordVerification(
    verification: RecordVerificationInput,
  ): Promise<ResponseOf<typeof recordVerificationRoute, 201>> {
    return this.#call(recordVerificationRoute, { body: verification })
  }

  verifications(): Promise<ResponseOf<typeof listVerificationsRoute, 200>> {
    return this.#call(listVerificationsRoute, {})
  }

  // --- ops -------------------------------------------------------------------------------------

  /** The Prometheus text exposition, as text. */
  metrics(): Promise<string> {
    return this.#call(metricsRoute, { read: 'text' })
  }

  health(): Promise<ResponseOf<typeof healthRoute, 200>> {
    return this.#call(healthRoute, {})
  }

  ready(): Promise<ResponseOf<typeof readyRoute, 200>> {
    return this.#call(readyRoute, {})
  }

  // --- the one request path --------------------------------------------------------------------

  async #call<T>(route: AnyRoute, input: CallInput): Promise<T> {
    const url = this.#url(route.path, input)
    const method = route.method.toUpperCase()
    const headers: Record<string, string> = { accept: 'application/json', ...this.#options.headers }
    const token = route.path.startsWith('/mock/')
      ? this.#options.controlToken
      : route.path.startsWith('/v1/')
        ? this.#options.apiKey
        : undefined
    if (token !== undefined) headers.authorization = `Bearer ${token}`
    const init: RequestInit = { method, headers }
    if (input.body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(input.body)
    }

    let res: Response
    try {
      res = await this.#fetch(url, init)
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new Error(`mock-broker: ${method} ${url} failed before an answer: ${reason}`, {
        cause,
      })
    }

    let text: string
    try {
      text = await res.text()
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      throw new Error(
        `mock-broker: ${method} ${url} answered ${res.status} but its body failed: ${reason}`,
        {
          cause,
        },
      )
    }

    const headerRequestId = res.headers.get('x-request-id') ?? undefined
    const retryAfterHeader = res.headers.get('retry-after')
    const retryAfter =
      retryAfterHeader === null || !Number.isFinite(Number(retryAfterHeader))
        ? undefined
        : Number(retryAfterHeader)
    const invalid = (message: string, cause?: unknown) =>
      new MockBrokerError({
        code: INVALID_RESPONSE,
        status: res.status,
        message,
        details: { body: text.slice(0, 1000) },
        requestId: headerRequestId,
        retryAfter,
        method,
        url,
        cause,
      })

    if (!res.ok) {
      const body = tryJson(text)
      const error = body.ok ? errorOf(body.value) : undefined
      if (error === undefined)
        throw invalid(`the body is not the contract's error shape: ${abridge(text)}`)
      throw new MockBrokerError({
        code: error.code,
        status: res.status,
        message: error.message,
        details: error.details,
        requestId: error.requestId ?? headerRequestId,
        retryAfter,
        method,
        url,
      })
    }

    if (input.read === 'text') return text as T
    const body = tryJson(text)
    if (!body.ok) throw invalid(`the body is not JSON: ${abridge(text)}`, body.error)
    if (!this.#options.validate) return body.value as T
    const schema = responseSchema(route, res.status)
    if (schema === undefined) return body.value as T
    const parsed = schema.safeParse(body.value)
    if (!parsed.success)
      throw invalid(
        `the body does not match the ${route.operationId} schema: ${parsed.error.message}`,
      )
    return parsed.data as T
  }

  #url(path: string, input: CallInput): string {
    const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = input.params?.[name]
      if (value === undefined)
        throw new TypeError(`mock-broker client: missing path parameter ${name}`)
      return encodeURIComponent(value)
    })
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value === undefined || value === null) continue
      search.set(key, String(value))
    }
    const query = search.toString()
    return `${this.baseUrl}${filled}${query === '' ? '' : `?${query}`}`
  }
}

/**
 * Every operationId of the route definitions and the client method that calls it. The client
 * test checks that every route exported by src/api has an entry here.
 */
export const CLIENT_METHODS = {
  ping: 'ping',
  getClock: 'clock',
  listSymbols: 'symbols',
  getQuotes: 'quotes',
  getQuote: 'quote',
  listAccounts: 'accounts',
  getAccount: 'account',
  submitOrder: 'submitOrder',
  listOrders: 'listOrders',
  getOrder: 'getOrder',
  getOrderByClientId: 'getOrderByClientId',
  replaceOrder: 'replaceOrder',
  cancelOrder: 'cancelOrder',
  cancelAllOrders: 'cancelAllOrders',
  getPositions: 'positions',
  getPosition: 'position',
  closePosition: 'closePosition',
  listFills: 'fills',
  configure: 'configure',
  reset: 'reset',
  advance: 'advance',
  getState: 'state',
  listEvents: 'events',
  inject: 'inject',
  listFaults: 'faults',
  deleteFault: 'deleteFault',
  clearFaults: 'clearFaults',
  listRequests: 'requests',
  clearRequests: 'clearRequests',
  takeSnapshot: 'snapshot',
  listSnapshots: 'snapshots',
  getSnapshot: 'getSnapshot',
  restoreSnapshot: 'restore',
  deleteSnapshot: 'deleteSnapshot',
  diffSnapshot: 'diff',
  getReport: 'report',
  recordVerification: 'recordVerification',
  listVerifications: 'verifications',
  getMetrics: 'metrics',
  getHealth: 'health',
  getReadiness: 'ready',
} as const satisfies Record<string, keyof MockBrokerClient>

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, error }
  }
}

function errorOf(
  body: unknown,
):
  | { code: string; message: string; details: Record<string, unknown>; requestId?: string }
  | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined
  const error = (body as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message, details, requestId } = error as Record<string, unknown>
  if (typeof code !== 'string') return undefined
  return {
    code,
    message: typeof message === 'string' ? message : '',
    details:
      typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {},
    ...(typeof requestId === 'string' ? { requestId } : {}),
  }
}

function responseSchema(route: AnyRoute, status: number): z.ZodType | undefined {
  const response = route.responses[status] as
    { content?: { 'application/json'?: { schema?: z.ZodType } } } | undefined
  return response?.content?.['application/json']?.schema
}

function abridge(text: string): string {
  return text.length > 200 ? `${JSON.stringify(text.slice(0, 200))}…` : JSON.stringify(text)
}
