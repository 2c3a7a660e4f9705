import { OpenAPIHono } from '@hono/zod-openapi'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigInput, OrderRequest } from '../../sim/index.js'
import { BrokerRuntime } from '../broker-runtime.js'
import type { AppEnv } from '../request-context.js'
import { registerMetricsRoutes } from '../routes/metrics-routes.js'
import { createMetrics, routeLabel, type BrokerMetrics } from './index.js'
import { sample } from '../../../test/support/prometheus.js'

/** AAPL at bid 99.95 / ask 100.05, flat; every venue action takes exactly 10 ms of virtual time. */
const WORLD: ConfigInput = {
  seed: 7,
  symbols: [{ symbol: 'AAPL', price: '100' }],
  marketConfig: { volatility: 0, spread: 10, liquidity: 1000 },
  executionConfig: { latencyMin: 10, latencyMax: 10, slippageBps: 10 },
}

function order(fields: Partial<OrderRequest>): OrderRequest {
  return {
    symbol: 'AAPL',
    side: 'buy',
    qty: '10',
    type: 'market',
    timeInForce: 'day',
    orderClass: 'simple',
    ...fields,
  }
}

const opened: BrokerMetrics[] = []
afterEach(() => {
  for (const metrics of opened.splice(0)) metrics.close()
})

function setup(config: ConfigInput = WORLD) {
  const runtime = BrokerRuntime.boot(config)
  const metrics = createMetrics(runtime)
  opened.push(metrics)
  const scrape = () => metrics.registry.metrics()
  return { runtime, metrics, scrape }
}

describe('routeLabel', () => {
  it('writes the first route (not middleware) the request matched in OpenAPI form', () => {
    const routes = [
      { method: 'ALL', path: '*' },
      { method: 'ALL', path: '/v1/accounts/:accountId/*' },
      { method: 'GET', path: '/v1/accounts/:accountId/orders/:orderId' },
      { method: 'GET', path: '/v1/accounts/:accountId/orders/by-client-id' },
    ]
    expect(routeLabel(routes)).toBe('/v1/accounts/{accountId}/orders/{orderId}')
    expect(routeLabel([{ method: 'GET', path: '/v1/x/:id{[0-9]+}/y' }])).toBe('/v1/x/{id}/y')
    expect(routeLabel([{ method: 'GET', path: '/healthz' }])).toBe('/healthz')
  })

  it('is `unmatched` when only middleware matched', () => {
    expect(routeLabel([{ method: 'ALL', path: '*' }])).toBe('unmatched')
    expect(routeLabel([])).toBe('unmatched')
  })
})

describe('the HTTP middleware and GET /metrics', () => {
  function app(metrics: BrokerMetrics) {
    const app = new OpenAPIHono<AppEnv>()
    app.use('*', metrics.httpMiddleware)
    // An auth-like middleware that refuses before the route runs: the route still labels it.
    app.use('/v1/accounts/:accountId/*', async (c, next) => {
      if (c.req.param('accountId') === 'LOCKED') return c.json({ error: 'no' }, 401)
      await next()
    })
    app.get('/v1/accounts/:accountId/orders', (c) => c.json([], 200))
    app.get('/v1/boom', () => {
      throw new Error('boom')
    })
    app.get('/v1/held', (c) => {
      c.set('unanswered', true)
      return c.body(null, 200)
    })
    app.onError((_error, c) => c.json({ error: 'internal' }, 500))
    registerMetricsRoutes(app, metrics)
    return app
  }

  it('times each request by method, route pattern and status', async () => {
    const { metrics, scrape } = setup()
    const server = app(metrics)
    for (const path of ['/v1/accounts/DEMO/orders', '/v1/accounts/OTHER/orders'])
      expect((await server.request(path)).status).toBe(200)
    expect((await server.request('/v1/accounts/LOCKED/orders')).status).toBe(401)
    expect((await server.request('/v1/accounts/DEMO/orders/nothing-here')).status).toBe(404)
    expect((await server.request('/v1/boom')).status).toBe(500)
    await server.request('/v1/held')
    await server.request('/v1/accounts/DEMO/orders', { method: 'POST' })

    const text = await scrape()
    const count = (labels: Record<string, string>) =>
      sample(text, 'mock_broker_http_request_duration_seconds_count', labels)
    const orders = '/v1/accounts/{accountId}/orders'
    expect(count({ method: 'GET', route: orders, status: '200' })).toBe(2)
    expect(count({ method: 'GET', route: orders, status: '401' })).toBe(1)
    expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1)
    expect(count({ method: 'POST', route: 'unmatched', status: '404' })).toBe(1)
    expect(count({ method: 'GET', route: '/v1/boom', status: '500' })).toBe(1)
    expect(count({ method: 'GET', route: '/v1/held', status: 'none' })).toBe(1)
    // No raw path is a label value.
    expect(text).not.toContain('DEMO/orders')
    expect(text).not.toContain('nothing-here')
    const bucket = (le: string) =>
      sample(text, 'mock_broker_http_request_duration_seconds_bucket', {
        route: orders,
        status: '200',
        le,
      })
    expect(bucket('+Inf')).toBe(2)
    expect(bucket('0.0001')).toBeLessThanOrEqual(bucket('1'))
  })

  it('answers the registry in the Prometheus text format', async () => {
    const { metrics } = setup()
    const res = await app(metrics).request('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(metrics.registry.contentType)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    for (const name of [
      'mock_broker_http_request_duration_seconds histogram',
      'mock_broker_orders_total counter',
      'mock_broker_fills_total counter',
      'mock_broker_order_ack_latency_seconds histogram',
      'mock_broker_order_fill_latency_seconds histogram',
      'mock_broker_fill_slippage_bps histogram',
      'mock_broker_faults_injected_total counter',
      'mock_broker_stream_clients gauge',
      'mock_broker_stream_events_total counter',
      'mock_broker_virtual_time_seconds gauge',
      'mock_broker_journal_events gauge',
      'process_cpu_seconds_total counter',
      'nodejs_heap_size_used_bytes gauge',
    ])
      expect(text).toContain(`# TYPE ${name}`)
    // Gauges that promtool rejects (`_total` on a gauge) are left out.
    expect(text).not.toContain('nodejs_active_handles_total')
  })
})

describe('metrics from the journal', () => {
  it('counts orders once at their end, by account, type, side and terminal status', async () => {
    const { runtime, scrape } = setup()
    const sim = runtime.sim
    expect(sim.submitOrder('DEMO', order({})).ok).toBe(true)
    const resting = sim.submitOrder('DEMO', order({ type: 'limit', limitPrice: '90' }))
    expect(resting.ok).toBe(true)
    // Refused by the risk checks: recorded as rejected without going to the venue.
    const tooBig = sim.submitOrder('DEMO', order({ qty: '100000' }))
    expect(tooBig.ok).toBe(false)
    sim.advanceBy(100)
    if (!resting.ok) throw new Error('unreachable')
    expect(sim.cancelOrder('DEMO', resting.value.order.id).ok).toBe(true)
    expect(sim.submitOrder('DEMO', order({ side: 'sell', qty: '4' })).ok).toBe(true)
    sim.advanceBy(100)
    const text = await scrape()
    const orders = (labels: Record<string, string>) =>
      sample(text, 'mock_broker_orders_total', labels)
    expect(orders({})).toBe(4)
    expect(orders({ account: 'DEMO', type: 'market', side: 'buy', outcome: 'filled' })).toBe(1)
    expect(orders({ account: 'DEMO', type: 'market', side: 'sell', outcome: 'filled' })).toBe(1)
    expect(orders({ type: 'limit', outcome: 'canceled' })).toBe(1)
    expect(orders({ type: 'market', side: 'buy', outcome: 'rejected' })).toBe(1)
    expect(sample(text, 'mock_broker_open_orders')).toBe(0)
    expect(sample(text, 'mock_broker_fills_total')).toBe(2)
  })

  it('measures ack and fill latency in virtual seconds from when the order went to the venue', async () => {
    const { runtime, scrape } = setup()
    expect(runtime.sim.submitOrder('DEMO', order({})).ok).toBe(true)
    runtime.sim.advanceBy(1_000)
    const text = await scrape()
    // Acknowledged after exactly 10 ms, filled on acceptance.
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_count')).toBe(1)
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_sum')).toBeCloseTo(0.01, 9)
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_bucket', { le: '0.005' })).toBe(0)
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_bucket', { le: '0.01' })).toBe(1)
    expect(sample(text, 'mock_broker_order_fill_latency_seconds_count')).toBe(1)
    expect(sample(text, 'mock_broker_order_fill_latency_seconds_sum')).toBeCloseTo(0.01, 9)
  })

  it('waits for a bracket entry to fill before timing its exits, as the report does', async () => {
    const { runtime, scrape } = setup()
    const sim = runtime.sim
    const bracket = order({
      type: 'limit',
      limitPrice: '99',
      timeInForce: 'gtc',
      orderClass: 'bracket',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '90' },
    })
    expect(sim.submitOrder('DEMO', bracket).ok).toBe(true)
    sim.advanceBy(1_000)
    // The entry rests until the price comes down to it, a minute later.
    sim.advanceBy(60_000)
    const jumped = sim.injectMarketEvent({ kind: 'price_jump', symbol: 'AAPL', price: '98' })
    expect(jumped.ok).toBe(true)
    sim.advanceBy(1_000)
    const text = await scrape()
    // Three acks of 10 ms each: the entry's, and the exits' once the entry filled.
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_count')).toBe(3)
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_sum')).toBeCloseTo(0.03, 9)
    // The entry filled 61 s after it went to the venue.
    expect(sample(text, 'mock_broker_order_fill_latency_seconds_sum')).toBeCloseTo(61, 3)
    expect(sample(text, 'mock_broker_open_orders')).toBe(2)
  })

  it('measures slippage against the touch when the order went to the venue', async () => {
    const { runtime, scrape } = setup()
    const sim = runtime.sim
    expect(sim.submitOrder('DEMO', order({ qty: '10' })).ok).toBe(true)
    sim.advanceBy(100)
    expect(sim.submitOrder('DEMO', order({ side: 'sell', qty: '10' })).ok).toBe(true)
    sim.advanceBy(100)
    const fills = sim.events(0, 1000, { types: ['fill.created'] })
    expect(fills).toHaveLength(2)
    const expected = fills.map((event) => {
      const fill = event.data.fill as { side: string; price: string }
      const price = Number(fill.price)
      return fill.side === 'buy'
        ? ((price - 100.05) / 100.05) * 10_000
        : ((99.95 - price) / 99.95) * 10_000
    })
    // 10 bps of configured slippage, rounded away to the tick: a little over 10 on each side.
    for (const bps of expected) expect(bps).toBeGreaterThanOrEqual(10)
    const text = await scrape()
    expect(sample(text, 'mock_broker_fill_slippage_bps_count')).toBe(2)
    expect(sample(text, 'mock_broker_fill_slippage_bps_count', { direction: 'adverse' })).toBe(2)
    expect(sample(text, 'mock_broker_fill_slippage_bps_sum')).toBeCloseTo(
      expected[0]! + expected[1]!,
      6,
    )
    expect(sample(text, 'mock_broker_fill_slippage_bps_bucket', { le: '10' })).toBe(0)
    expect(sample(text, 'mock_broker_fill_slippage_bps_bucket', { le: '25' })).toBe(2)
  })

  it('counts applied faults by kind and operation', async () => {
    const { runtime, scrape } = setup()
    const sim = runtime.sim
    expect(
      sim.addFaultRule({ match: { operation: 'submitOrder' }, effect: { kind: 'reject' } }).ok,
    ).toBe(true)
    expect(
      sim.addFaultRule({
        match: { operation: 'getAccount' },
        effect: { kind: 'error', status: 503 },
      }).ok,
    ).toBe(true)
    const call = {
      method: 'POST',
      path: '/v1/accounts/DEMO/orders',
      requestId: null,
      accountId: 'DEMO',
      symbol: 'AAPL',
      side: 'buy' as const,
      clientOrderId: null,
    }
    const submit = sim.decideFault({ ...call, operation: 'submitOrder' }, 0)
    expect(submit.fault?.effect.kind).toBe('reject')
    expect(sim.submitOrder('DEMO', order({}), { fault: submit.fault }).ok).toBe(true)
    sim.decideFault({ ...call, operation: 'getAccount', method: 'GET' }, 0)
    sim.decideFault({ ...call, operation: 'getAccount', method: 'GET' }, 0)
    sim.advanceBy(100)
    const text = await scrape()
    const faults = (labels: Record<string, string>) =>
      sample(text, 'mock_broker_faults_injected_total', labels)
    expect(faults({ kind: 'reject', operation: 'submitOrder' })).toBe(1)
    expect(faults({ kind: 'error', operation: 'getAccount' })).toBe(2)
    expect(sample(text, 'mock_broker_orders_total', { outcome: 'rejected' })).toBe(1)
  })

  it('follows configure, reset and restore; counters keep counting, gauges show the timeline', async () => {
    const { runtime, scrape } = setup()
    expect(runtime.sim.submitOrder('DEMO', order({})).ok).toBe(true)
    runtime.sim.advanceBy(100)
    const resting = runtime.sim.submitOrder('DEMO', order({ type: 'limit', limitPrice: '90' }))
    if (!resting.ok) throw new Error('not placed')
    runtime.sim.advanceBy(100)
    const snapshot = runtime.sim.snapshot()
    let text = await scrape()
    expect(sample(text, 'mock_broker_open_orders')).toBe(1)
    expect(sample(text, 'mock_broker_journal_epoch')).toBe(1)
    const seqBefore = sample(text, 'mock_broker_journal_events')
    expect(seqBefore).toBe(runtime.sim.journalPosition().seq)

    runtime.reset()
    text = await scrape()
    expect(sample(text, 'mock_broker_journal_events')).toBe(0)
    expect(sample(text, 'mock_broker_journal_epoch')).toBe(2)
    expect(sample(text, 'mock_broker_open_orders')).toBe(0)
    expect(sample(text, 'mock_broker_virtual_time_seconds')).toBe(
      Date.parse('2026-01-05T14:30:00.000Z') / 1000,
    )
    expect(sample(text, 'mock_broker_fills_total')).toBe(1)
    // The new world's events are counted too.
    expect(runtime.sim.submitOrder('DEMO', order({})).ok).toBe(true)
    runtime.sim.advanceBy(100)
    expect(sample(await scrape(), 'mock_broker_fills_total')).toBe(2)

    // A restored world's open order is followed to its end.
    expect(runtime.restore(snapshot, null).ok).toBe(true)
    text = await scrape()
    expect(sample(text, 'mock_broker_open_orders')).toBe(1)
    expect(sample(text, 'mock_broker_journal_events')).toBe(seqBefore)
    expect(runtime.sim.cancelOrder('DEMO', resting.value.order.id).ok).toBe(true)
    runtime.sim.advanceBy(100)
    text = await scrape()
    expect(sample(text, 'mock_broker_open_orders')).toBe(0)
    expect(sample(text, 'mock_broker_orders_total', { outcome: 'canceled' })).toBe(1)

    expect(runtime.configure({ seed: 1 }).ok).toBe(true)
    expect(sample(await scrape(), 'mock_broker_journal_epoch')).toBe(4)
  })

  it('stops listening when closed', async () => {
    const { runtime, metrics, scrape } = setup()
    metrics.close()
    expect(runtime.sim.submitOrder('DEMO', order({})).ok).toBe(true)
    runtime.sim.advanceBy(100)
    runtime.reset()
    expect(runtime.sim.submitOrder('DEMO', order({})).ok).toBe(true)
    runtime.sim.advanceBy(100)
    expect(sample(await scrape(), 'mock_broker_fills_total')).toBe(0)
  })
})

describe('stream metrics and several servers in one process', () => {
  it('counts deliveries by channel and reads the clients gauge when scraped', async () => {
    const { metrics, scrape } = setup()
    metrics.streamObserver.onDelivered?.('quotes', 3)
    metrics.streamObserver.onDelivered?.('fills', 1)
    metrics.streamObserver.onDelivered?.('quotes', 2)
    let clients = 0
    metrics.countStreamClients(() => clients)
    clients = 4
    const text = await scrape()
    expect(sample(text, 'mock_broker_stream_events_total', { channel: 'quotes' })).toBe(5)
    expect(sample(text, 'mock_broker_stream_events_total', { channel: 'fills' })).toBe(1)
    expect(sample(text, 'mock_broker_stream_clients')).toBe(4)
  })

  it('keeps each server its own counts, with the process metrics in each', async () => {
    const one = setup()
    const two = setup()
    expect(one.runtime.sim.submitOrder('DEMO', order({})).ok).toBe(true)
    one.runtime.sim.advanceBy(100)
    const [a, b] = [await one.scrape(), await two.scrape()]
    expect(sample(a, 'mock_broker_fills_total')).toBe(1)
    expect(sample(b, 'mock_broker_fills_total')).toBe(0)
    for (const text of [a, b]) expect(text).toContain('# TYPE process_cpu_seconds_total counter')
  })
})
