/**
 * `GET /metrics` after a scripted session (CONTRACT.md section 5, docs/METRICS.md): orders
 * placed, filled, canceled and rejected by a fault rule, an injected HTTP error, a stream client
 * receiving its fills; then every contract metric is found with the counts the session implies,
 * and `promtool check metrics` (Debian's `prometheus` package) finds nothing to complain about.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLAT_WORLD, START, startClient, type Client } from '../support/broker.js'
import { closeAllStreams, subscribedStream, type StreamClient } from '../support/stream.js'
import { sample } from '../support/prometheus.js'

/** FLAT_WORLD with a venue that takes exactly 10 ms of virtual time for everything. */
const WORLD = { ...FLAT_WORLD, executionConfig: { latencyMin: 10, latencyMax: 10 } }
const BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
const FILLED_ORDERS = 4
const ADVANCED_MS = 3_000

const HAS_PROMTOOL = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0

let client: Client
let stream: StreamClient
let text: string
let contentType: string | null
let journalSeq: number
let fillCount: number

beforeAll(async () => {
  client = await startClient(WORLD)
  stream = await subscribedStream(client.url, 'DEMO', [
    'orders',
    'fills',
    'quotes:AAPL',
    'connection',
  ])

  // Four market buys that fill, one limit that rests and is canceled.
  for (let i = 0; i < FILLED_ORDERS; i++) await client.submitOrder(BUY)
  const resting = await client.submitOrder({ ...BUY, type: 'limit', limitPrice: '90' })
  await client.advance(1_000)
  expect((await client.del(`/v1/accounts/DEMO/orders/${resting.id}`)).status).toBe(200)
  // One order rejected by a fault rule after it was accepted for the venue, and one 503.
  const rules = [
    { match: { operation: 'submitOrder' }, times: 1, effect: { kind: 'reject', reason: 'test' } },
    { match: { operation: 'getAccount' }, times: 1, effect: { kind: 'error', status: 503 } },
  ]
  for (const rule of rules)
    expect((await client.post('/mock/inject', { type: 'fault', rule })).status).toBe(201)
  await client.submitOrder(BUY)
  expect((await client.get('/v1/accounts/DEMO')).status).toBe(503)
  await client.injectMarket({ kind: 'price_jump', symbol: 'AAPL', price: '101' })
  await client.advance(ADVANCED_MS - 1_000)

  await stream.waitForEvents('fill', FILLED_ORDERS)
  await stream.barrier()
  fillCount = (await client.get('/v1/accounts/DEMO/fills')).body.length
  journalSeq = (await client.journal()).seq
  const res = await fetch(`${client.url}/metrics`)
  expect(res.status).toBe(200)
  contentType = res.headers.get('content-type')
  text = await res.text()
})

afterAll(async () => {
  closeAllStreams()
  await client?.close()
})

describe('GET /metrics after a session', () => {
  it('answers the Prometheus text format', () => {
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(text).toMatch(/^# HELP /)
  })

  it('counts every order placed once, by account, type, side and outcome', () => {
    const orders = (labels: Record<string, string>) =>
      sample(text, 'mock_broker_orders_total', labels)
    // 4 filled + 1 canceled + 1 rejected: every order placed, none left open.
    expect(orders({})).toBe(FILLED_ORDERS + 2)
    expect(sample(text, 'mock_broker_open_orders')).toBe(0)
    expect(orders({ account: 'DEMO', type: 'market', side: 'buy', outcome: 'filled' })).toBe(
      FILLED_ORDERS,
    )
    expect(orders({ account: 'DEMO', type: 'limit', side: 'buy', outcome: 'canceled' })).toBe(1)
    expect(orders({ account: 'DEMO', type: 'market', side: 'buy', outcome: 'rejected' })).toBe(1)
  })

  it('counts the fills', () => {
    expect(fillCount).toBe(FILLED_ORDERS)
    expect(sample(text, 'mock_broker_fills_total')).toBe(fillCount)
  })

  it('measures virtual ack and fill latency in seconds', () => {
    // Acknowledged: the four market orders and the limit (the rejected one never was).
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_count')).toBe(FILLED_ORDERS + 1)
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_sum')).toBeCloseTo(0.05, 9)
    expect(sample(text, 'mock_broker_order_ack_latency_seconds_bucket', { le: '0.01' })).toBe(5)
    expect(sample(text, 'mock_broker_order_fill_latency_seconds_count')).toBe(FILLED_ORDERS)
    expect(sample(text, 'mock_broker_order_fill_latency_seconds_sum')).toBeCloseTo(0.04, 9)
  })

  it('measures fill slippage against the touch: none in a flat, deep market', () => {
    expect(sample(text, 'mock_broker_fill_slippage_bps_count')).toBe(FILLED_ORDERS)
    expect(sample(text, 'mock_broker_fill_slippage_bps_sum')).toBeCloseTo(0, 9)
    expect(sample(text, 'mock_broker_fill_slippage_bps_count', { direction: 'adverse' })).toBe(
      FILLED_ORDERS,
    )
    expect(text).not.toContain('direction="favourable"')
    expect(sample(text, 'mock_broker_fill_slippage_bps_bucket', { le: '0' })).toBe(FILLED_ORDERS)
  })

  it('counts the faults applied by kind and operation', () => {
    const faults = (labels: Record<string, string>) =>
      sample(text, 'mock_broker_faults_injected_total', labels)
    expect(faults({})).toBe(2)
    expect(faults({ kind: 'reject', operation: 'submitOrder' })).toBe(1)
    expect(faults({ kind: 'error', operation: 'getAccount' })).toBe(1)
  })

  it('times HTTP requests by route pattern, never by raw path', () => {
    const count = (labels: Record<string, string>) =>
      sample(text, 'mock_broker_http_request_duration_seconds_count', labels)
    const orders = '/v1/accounts/{accountId}/orders'
    expect(count({ method: 'POST', route: orders, status: '201' })).toBe(FILLED_ORDERS + 2)
    expect(count({ method: 'GET', route: '/v1/accounts/{accountId}', status: '503' })).toBe(1)
    expect(
      count({
        method: 'DELETE',
        route: '/v1/accounts/{accountId}/orders/{orderId}',
        status: '200',
      }),
    ).toBe(1)
    expect(count({ method: 'POST', route: '/mock/advance', status: '200' })).toBe(2)
    expect(text).not.toMatch(/route="[^"]*DEMO/)
    expect(text).not.toMatch(/route="[^"]*ord-/)
  })

  it('counts the stream client and the events it was sent, quotes under one label', () => {
    expect(sample(text, 'mock_broker_stream_clients')).toBe(1)
    const events = (channel: string) => sample(text, 'mock_broker_stream_events_total', { channel })
    expect(events('fills')).toBe(stream.events('fill').length)
    expect(events('fills')).toBe(FILLED_ORDERS)
    expect(events('orders')).toBe(stream.events('order').length)
    expect(stream.events('quote').length).toBeGreaterThan(0)
    expect(events('quotes')).toBe(stream.events('quote').length)
    expect(events('connection')).toBe(stream.events('connection').length)
    expect(text).not.toContain('channel="quotes:')
  })

  it('shows virtual time and the journal size', () => {
    expect(sample(text, 'mock_broker_virtual_time_seconds')).toBe(
      (Date.parse(START) + ADVANCED_MS) / 1000,
    )
    expect(sample(text, 'mock_broker_journal_events')).toBe(journalSeq)
  })

  it('includes the default process metrics', () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_start_time_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `)
  })

  it.skipIf(!HAS_PROMTOOL)(
    'passes `promtool check metrics` (skipped without promtool: apt-get install prometheus)',
    () => {
      const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
      expect(`${result.stdout}${result.stderr}`).toBe('')
      expect(result.status).toBe(0)
    },
  )
})

describe('GET /metrics and the control token', () => {
  it('needs no token: Prometheus scrapes it while /mock requires one', async () => {
    const secured = await startClient(WORLD, { controlToken: 'secret' })
    try {
      expect((await secured.get('/mock/state')).status).toBe(401)
      const res = await secured.get('/metrics')
      expect(res.status).toBe(200)
      expect(String(res.body)).toContain('# TYPE mock_broker_orders_total counter')
    } finally {
      await secured.close()
    }
  })
})
