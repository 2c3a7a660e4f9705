import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import {
  API_ERRORS,
  API_ERROR_CODES,
  AdvanceRequest,
  ApiError,
  ApiErrorCodeSchema,
  ConfigureRequest,
  DecimalInput,
  ErrorBody,
  InjectRequest,
  IsoTime,
  OPENAPI_DOCUMENT_CONFIG,
  QuotesQuery,
  ReplaceOrderRequest,
  SubmitOrderRequest,
  registerApiComponents,
  submitOrderRoute,
  type Order,
} from './index.js'
import * as brokerRoutes from './routes/broker.js'
import * as controlRoutes from './routes/control.js'
import * as opsRoutes from './routes/ops.js'
import * as snapshotRoutes from './routes/snapshots.js'

const ALL_ROUTES: RouteConfig[] = [
  ...Object.values(brokerRoutes),
  ...Object.values(controlRoutes),
  ...Object.values(opsRoutes),
  ...Object.values(snapshotRoutes),
]

describe('DecimalInput', () => {
  it('converts numbers and strings to normalized plain decimals', () => {
    expect(DecimalInput.parse(150.25)).toBe('150.25')
    expect(DecimalInput.parse('0.10')).toBe('0.1')
    expect(DecimalInput.parse(1e-7)).toBe('0.0000001')
    expect(DecimalInput.parse(1.5e21)).toBe('1500000000000000000000')
    expect(DecimalInput.parse('007.500')).toBe('7.5')
    expect(DecimalInput.parse('-0.00')).toBe('0')
    expect(DecimalInput.parse(-2.5e-3)).toBe('-0.0025')
    expect(DecimalInput.parse('100')).toBe('100')
  })

  it('rejects text that is not a plain decimal, NaN and infinities', () => {
    for (const bad of ['abc', '', '1e5', '+1', ' 1', '1.', '.5', NaN, Infinity, null, true]) {
      expect(DecimalInput.safeParse(bad).success, String(bad)).toBe(false)
    }
  })

  it('rejects decimals too long to write out', () => {
    expect(DecimalInput.safeParse(5e-324).success).toBe(false)
    expect(DecimalInput.safeParse('1'.repeat(65)).success).toBe(false)
  })
})

describe('IsoTime', () => {
  it('accepts UTC times with up to millisecond precision and refuses impossible dates', () => {
    expect(IsoTime.safeParse('2026-01-05T14:30:00.000Z').success).toBe(true)
    expect(IsoTime.safeParse('2026-01-05T14:30:00Z').success).toBe(true)
    expect(IsoTime.safeParse('2026-02-30T00:00:00.000Z').success).toBe(false)
    expect(IsoTime.safeParse('2026-01-05T14:30:00+01:00').success).toBe(false)
    expect(IsoTime.safeParse('2026-01-05').success).toBe(false)
  })
})

describe('SubmitOrderRequest', () => {
  it('applies the defaults and upper-cases the symbol', () => {
    const order = SubmitOrderRequest.parse({ symbol: 'aapl', side: 'buy', qty: 100 })
    expect(order).toEqual({
      symbol: 'AAPL',
      side: 'buy',
      qty: '100',
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
    })
  })

  it('rejects unknown keys', () => {
    const result = SubmitOrderRequest.safeParse({
      symbol: 'AAPL',
      side: 'buy',
      qty: '1',
      limitprice: '150',
    })
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['limitprice'],
    })
  })

  it('rejects unknown keys inside bracket legs', () => {
    const order = { symbol: 'AAPL', side: 'buy', qty: '1', takeProfit: { price: '160' } }
    expect(SubmitOrderRequest.safeParse(order).success).toBe(false)
  })
})

describe('ReplaceOrderRequest', () => {
  it('requires at least one field', () => {
    expect(ReplaceOrderRequest.safeParse({}).success).toBe(false)
    expect(ReplaceOrderRequest.parse({ limitPrice: 151 })).toEqual({ limitPrice: '151' })
  })
})

describe('AdvanceRequest', () => {
  it('accepts exactly one of ms or to', () => {
    expect(AdvanceRequest.parse({ ms: 1000 })).toEqual({ ms: 1000 })
    expect(AdvanceRequest.parse({ to: '2026-01-05T15:00:00.000Z' })).toEqual({
      to: '2026-01-05T15:00:00.000Z',
    })
  })

  it('rejects both and neither, naming the two keys', () => {
    for (const body of [{}, { ms: 1, to: '2026-01-05T15:00:00.000Z' }]) {
      const result = AdvanceRequest.safeParse(body)
      expect(result.success).toBe(false)
      expect(result.error?.issues[0]?.message).toMatch(/exactly one of "ms".*"to"/)
    }
  })

  it('reports the field of a single wrong key', () => {
    const issue = AdvanceRequest.safeParse({ ms: -5 }).error?.issues[0]
    expect(issue?.path).toEqual(['ms'])
  })
})

describe('InjectRequest', () => {
  it('accepts a price jump by pct or by price, not both', () => {
    const jump = (fields: object) => ({
      type: 'market',
      event: { kind: 'price_jump', symbol: 'aapl', ...fields },
    })
    expect(InjectRequest.parse(jump({ pct: -5 }))).toEqual({
      type: 'market',
      event: { kind: 'price_jump', symbol: 'AAPL', pct: -5 },
    })
    expect(InjectRequest.safeParse(jump({ price: '140' })).success).toBe(true)
    expect(InjectRequest.safeParse(jump({ pct: 1, price: '140' })).success).toBe(false)
    expect(InjectRequest.safeParse(jump({})).success).toBe(false)
  })
})

describe('ConfigureRequest', () => {
  it('accepts an empty body and a full one', () => {
    expect(ConfigureRequest.parse({})).toEqual({})
    const full = ConfigureRequest.parse({
      seed: 7,
      scenario: { name: 'inline', seed: 3, session: '24x7' },
      clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z', speed: 1 },
      symbols: ['aapl', { symbol: 'msft', price: 410.5, tickSize: '0.01' }],
      marketConfig: { volatility: 2, spread: 5, liquidity: 1000, depthLevels: 5 },
      executionConfig: { latencyMin: 5, latencyMax: 20, commission: { perShare: '0.005' } },
      accounts: [{ id: 'alice', cash: 1000, apiKey: 'k1', positions: [] }],
      session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
    })
    expect(full.symbols).toEqual(['AAPL', { symbol: 'MSFT', price: '410.5', tickSize: '0.01' }])
  })

  it('accepts every price model and its parameters, and refuses them out of range', () => {
    const market = {
      model: 'mean_reversion',
      halfLife: 600_000,
      momentum: 0.5,
      volatilityClustering: { alpha: 0.1, beta: 0.85 },
    }
    expect(ConfigureRequest.parse({ marketConfig: market }).marketConfig).toEqual(market)
    const symbols = [{ symbol: 'aapl', model: 'momentum' }]
    expect(ConfigureRequest.parse({ symbols }).symbols).toEqual([
      { symbol: 'AAPL', model: 'momentum' },
    ])
    expect(ConfigureRequest.parse({ marketConfig: { volatilityClustering: null } })).toEqual({
      marketConfig: { volatilityClustering: null },
    })
    const replay = { model: 'historical', source: 'aapl-2024-01-02-ticks' }
    expect(ConfigureRequest.parse({ marketConfig: replay }).marketConfig).toEqual(replay)
    const bad = [
      { model: 'replay' },
      { source: '../scenarios/normal' },
      { source: 'aapl.csv' },
      { halfLife: 0 },
      { halfLife: 1.5 },
      { momentum: 1 },
      { momentum: -0.1 },
      { volatilityClustering: { alpha: 0.5, beta: 0.5 } },
      { volatilityClustering: { alpha: -0.1, beta: 0.5 } },
      { volatilityClustering: { alpha: 0.1 } },
    ]
    for (const marketConfig of bad) {
      const parsed = ConfigureRequest.safeParse({ marketConfig })
      expect(parsed.success, JSON.stringify(marketConfig)).toBe(false)
    }
  })

  it('rejects duplicate account ids, unknown time zones and scenario paths', () => {
    const account = { id: 'a', cash: '1' }
    const bad = [
      { accounts: [account, account] },
      { accounts: [] },
      { session: { open: '09:30', close: '16:00', timezone: 'Mars/Olympus' } },
      { scenario: '../etc/passwd' },
      { executionConfig: { latencyMin: 10, latencyMax: 5 } },
      { symbols: ['AAPL', 'aapl'] },
      { faults: [{ effect: { kind: 'explode' } }] },
    ]
    for (const body of bad) {
      expect(ConfigureRequest.safeParse(body).success, JSON.stringify(body)).toBe(false)
    }
  })
})

describe('QuotesQuery', () => {
  it('splits and upper-cases the symbol list', () => {
    expect(QuotesQuery.parse({ symbols: 'aapl, MSFT' })).toEqual({ symbols: ['AAPL', 'MSFT'] })
    expect(QuotesQuery.parse({})).toEqual({})
    expect(QuotesQuery.safeParse({ symbols: 'AAPL,,MSFT' }).success).toBe(false)
  })
})

describe('error catalog', () => {
  it('lists every catalog code in the ErrorBody code enum', () => {
    expect(ApiErrorCodeSchema.options).toEqual(Object.keys(API_ERRORS))
    expect(API_ERROR_CODES).toEqual(Object.keys(API_ERRORS))
  })

  it('builds ErrorBody answers with the catalog status and message', () => {
    const error = new ApiError('market_halted')
    expect(error.status).toBe(422)
    expect(error.message).toBe(API_ERRORS.market_halted.message)
    expect(ErrorBody.parse(error.toBody('req-1'))).toEqual({
      error: { code: 'market_halted', message: error.message, details: {}, requestId: 'req-1' },
    })
    expect(new ApiError('injected_fault', 'boom', {}, 503).status).toBe(503)
  })
})

describe('OpenAPI document', () => {
  const app = new OpenAPIHono()
  registerApiComponents(app.openAPIRegistry)
  for (const route of ALL_ROUTES) app.openapi(route, () => new Response(null, { status: 204 }))
  const document = app.getOpenAPI31Document(OPENAPI_DOCUMENT_CONFIG)
  const operations = Object.values(document.paths ?? {}).flatMap((item) =>
    (['get', 'post', 'patch', 'delete'] as const).flatMap((method) => item[method] ?? []),
  )

  it('documents every route with a summary, a tag and a unique operationId', () => {
    expect(operations).toHaveLength(ALL_ROUTES.length)
    for (const operation of operations) {
      expect(operation.summary, operation.operationId).toBeTruthy()
      expect(operation.tags?.length, operation.operationId).toBe(1)
    }
    const ids = operations.map((operation) => operation.operationId)
    expect(new Set(ids).size).toBe(ALL_ROUTES.length)
  })

  it('gives every route an error response with the shared error schema', () => {
    for (const operation of operations) {
      const errors = Object.keys(operation.responses ?? {}).filter((status) => !/^2/.test(status))
      expect(errors.length, operation.operationId).toBeGreaterThan(0)
    }
  })

  it('contains every error code', () => {
    const text = JSON.stringify(document)
    for (const code of Object.keys(API_ERRORS)) expect(text).toContain(`"${code}"`)
  })

  it('keeps null in nullable fields of named components', () => {
    const order = document.components?.schemas?.['Order']
    expect(JSON.stringify(order)).toContain('"limitPrice":{"anyOf":[{"$ref":')
    expect(JSON.stringify(order)).toContain('{"type":"null"}')
  })
})

describe('mounting a route', () => {
  // The pattern the server uses: the defaultHook throws, app.onError writes the ErrorBody.
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError('invalid_request', undefined, {
          target: result.target,
          issues: result.error.issues,
        })
      }
    },
  })
  app.onError((error, c) => {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(
            'internal',
            error.message,
            {},
            'status' in error ? Number(error.status) : 500,
          )
    return c.json(apiError.toBody('req-test'), apiError.status as 400)
  })
  app.openapi(submitOrderRoute, (c) => {
    const { accountId } = c.req.valid('param')
    const request = c.req.valid('json')
    const order = orderFor(accountId, request.symbol, request.qty)
    if (request.clientOrderId === 'replay') {
      c.header('Idempotent-Replayed', 'true')
      return c.json(order, 200)
    }
    return c.json(order, 201)
  })

  const post = (body: string, contentType = 'application/json') =>
    app.request('/v1/accounts/DEMO/orders', {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    })

  it('answers 201, or 200 with Idempotent-Replayed on a replay', async () => {
    const created = await post(JSON.stringify({ symbol: 'aapl', side: 'buy', qty: 1 }))
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ symbol: 'AAPL', qty: '1' })
    const replayed = await post(
      JSON.stringify({ symbol: 'AAPL', side: 'buy', qty: '1', clientOrderId: 'replay' }),
    )
    expect(replayed.status).toBe(200)
    expect(replayed.headers.get('Idempotent-Replayed')).toBe('true')
  })

  it('answers a schema mismatch with 400 invalid_request and the issues', async () => {
    const res = await post(JSON.stringify({ symbol: 'AAPL', side: 'hold', qty: 1 }))
    expect(res.status).toBe(400)
    const body = ErrorBody.parse(await res.json())
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.details['target']).toBe('json')
  })

  it('leaves malformed JSON and other media types to onError as hono HTTPExceptions', async () => {
    expect((await post('{"symbol":')).status).toBe(400)
    expect((await post('symbol=AAPL', 'text/plain')).status).toBe(415)
  })
})

function orderFor(accountId: string, symbol: string, qty: string): Order {
  const time = '2026-01-05T14:30:00.000Z'
  return {
    id: 'ord-000001',
    clientOrderId: null,
    accountId,
    symbol,
    side: 'buy',
    qty,
    type: 'market',
    limitPrice: null,
    stopPrice: null,
    trailPrice: null,
    trailPercent: null,
    timeInForce: 'day',
    expireAt: null,
    strategyId: null,
    metadata: {},
    orderClass: 'simple',
    takeProfit: null,
    stopLoss: null,
    status: 'pending_new',
    filledQty: '0',
    leavesQty: qty,
    avgFillPrice: null,
    rejectReason: null,
    replacedBy: null,
    replaces: null,
    parentId: null,
    legs: [],
    createdAt: time,
    updatedAt: time,
    acceptedAt: null,
    filledAt: null,
    canceledAt: null,
    expiredAt: null,
  }
}
