import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as broker from '../api/routes/broker.js'
import * as control from '../api/routes/control.js'
import * as metrics from '../api/routes/metrics.js'
import * as ops from '../api/routes/ops.js'
import * as report from '../api/routes/report.js'
import * as snapshots from '../api/routes/snapshots.js'
import { startMockBroker, type MockBroker } from '../testing/index.js'
import { CLIENT_METHODS, MockBrokerClient, type ConfigureInput } from './broker-client.js'
import { MockBrokerError } from './client-error.js'

const CONFIG: ConfigureInput = {
  seed: 7,
  clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z' },
  symbols: [{ symbol: 'AAPL', price: 150 }],
  marketConfig: { volatility: 0 },
  executionConfig: { latencyMin: 5, latencyMax: 5 },
  accounts: [{ id: 'DEMO', cash: 100_000 }],
}

let server: MockBroker
let client: MockBrokerClient

beforeAll(async () => {
  server = await startMockBroker({ port: 0, config: CONFIG })
  client = new MockBrokerClient({ baseUrl: server.url, validate: true })
})
afterAll(() => server.close())
beforeEach(async () => {
  await client.configure(CONFIG)
})

describe('MockBrokerClient', () => {
  it('has a method for every operationId of the route definitions', () => {
    const operationIds = [broker, control, snapshots, report, ops, metrics]
      .flatMap((module) => Object.values(module))
      .filter(
        (value): value is { operationId: string } =>
          typeof value === 'object' && value !== null && 'operationId' in value,
      )
      .map((route) => route.operationId)
    expect(operationIds.length).toBeGreaterThan(30)
    expect(Object.keys(CLIENT_METHODS).sort()).toEqual([...operationIds].sort())
    const methods = CLIENT_METHODS as Record<string, string>
    for (const id of operationIds)
      expect(typeof (client as unknown as Record<string, unknown>)[methods[id]!], id).toBe(
        'function',
      )
  })

  it('submits, reads and cancels an order', async () => {
    const order = await client.submitOrder('DEMO', {
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      type: 'limit',
      limitPrice: '100',
      timeInForce: 'gtc',
      clientOrderId: 'c-1',
    })
    expect(order.status).toBe('pending_new')
    await client.advance({ ms: 10 })
    expect((await client.getOrder('DEMO', order.id)).status).toBe('new')
    expect((await client.getOrderByClientId('DEMO', 'c-1')).id).toBe(order.id)
    expect((await client.listOrders('DEMO', { status: 'open' })).map((o) => o.id)).toEqual([
      order.id,
    ])
    expect((await client.cancelOrder('DEMO', order.id)).status).toBe('pending_cancel')
    await client.advance(10)
    expect((await client.getOrder('DEMO', order.id)).status).toBe('canceled')
  })

  it('fills a market order and reads positions and fills', async () => {
    const order = await client.submitOrder('DEMO', {
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      type: 'market',
    })
    await client.advance({ ms: 1000 })
    expect((await client.getOrder('DEMO', order.id)).status).toBe('filled')
    expect((await client.fills('DEMO', { orderId: order.id })).length).toBeGreaterThan(0)
    expect((await client.position('DEMO', 'AAPL')).qty).toBe('10')
    expect((await client.positions('DEMO')).map((p) => p.symbol)).toEqual(['AAPL'])
    expect((await client.quote('AAPL')).symbol).toBe('AAPL')
    expect((await client.quotes(['AAPL'])).length).toBe(1)
    expect((await client.account('DEMO')).id).toBe('DEMO')
  })

  it('configures, advances and reads the state', async () => {
    const ack = await client.configure({ ...CONFIG, seed: 8 })
    expect(ack.seq).toBe(0)
    const advanced = await client.advance({ to: '2026-01-05T14:31:00.000Z' })
    expect(advanced).toMatchObject({
      from: '2026-01-05T14:30:00.000Z',
      to: '2026-01-05T14:31:00.000Z',
    })
    const state = await client.state()
    expect(state.journal.epoch).toBeGreaterThan(ack.epoch - 1)
    expect((await client.clock()).time).toBe('2026-01-05T14:31:00.000Z')
    expect((await client.ping()).ok).toBe(true)
  })

  it('raises MockBrokerError with code and details for a 422 refusal', async () => {
    const refusal = await client
      .submitOrder('DEMO', { symbol: 'AAPL', side: 'buy', qty: 100_000, type: 'market' })
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    expect(refusal).toBeInstanceOf(MockBrokerError)
    const error = refusal as MockBrokerError
    expect(error.status).toBe(422)
    expect(error.code).toBe('insufficient_buying_power')
    expect(error.details).toHaveProperty('available')
    expect(error.requestId).toMatch(/./)
    expect(error.message).toContain('insufficient_buying_power')
  })

  it('raises a 404 not_found for an unknown order', async () => {
    await expect(client.getOrder('DEMO', 'ord-999999')).rejects.toMatchObject({
      name: 'MockBrokerError',
      status: 404,
      code: 'not_found',
    })
  })

  it('raises the status of an error fault rule, and the malformed answer as invalid_response', async () => {
    const { id } = await client.injectFault({
      match: { operation: 'getAccount' },
      times: 1,
      effect: { kind: 'error', status: 503, retryAfter: 2 },
    })
    expect((await client.faults()).faults.map((f) => f.id)).toEqual([id])
    const error = await client.account('DEMO').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MockBrokerError)
    expect(error).toMatchObject({ status: 503, retryAfter: 2 })

    await client.injectFault({ match: { operation: 'getAccount' }, effect: { kind: 'malformed' } })
    await expect(client.account('DEMO')).rejects.toMatchObject({
      status: 200,
      code: 'invalid_response',
    })
    expect((await client.clearFaults()).faults.length).toBe(2)
    expect((await client.account('DEMO')).id).toBe('DEMO')
  })

  it('wraps network errors with a clear message and the cause', async () => {
    const offline = new MockBrokerClient({ baseUrl: 'http://127.0.0.1:1' })
    const error = (await offline.ping().catch((e: unknown) => e)) as Error
    expect(error).not.toBeInstanceOf(MockBrokerError)
    expect(error.message).toContain('GET http://127.0.0.1:1/v1/ping failed')
    expect(error.cause).toBeDefined()
  })

  it('takes, restores, diffs and deletes a snapshot', async () => {
    const snap = await client.snapshot('before')
    await client.submitOrder('DEMO', { symbol: 'AAPL', side: 'buy', qty: 1, type: 'market' })
    await client.advance(1000)
    const diff = await client.diff('before')
    expect(diff).toBeTypeOf('object')
    expect((await client.snapshots()).snapshots.map((s) => s.name)).toContain('before')
    expect((await client.getSnapshot(snap.id)).state.journal.seq).toBe(snap.seq)
    const restored = await client.restore('before')
    expect(restored.journal.seq).toBe(snap.seq)
    expect(await client.listOrders('DEMO', { status: 'all' })).toEqual([])
    expect((await client.deleteSnapshot(snap.id)).id).toBe(snap.id)
  })

  it('reads the report, verifications, events, requests, metrics and health', async () => {
    await client.recordVerification({ name: 'it works', ok: true })
    expect((await client.verifications()).verifications.map((v) => v.name)).toEqual(['it works'])
    const json = await client.report('json')
    expect(json.seed).toBe(7)
    expect(await client.report('junit')).toContain('<testsuites')
    await client.submitOrder('DEMO', { symbol: 'AAPL', side: 'buy', qty: 1, type: 'market' })
    expect((await client.events({ type: 'order.*' })).events.length).toBeGreaterThan(0)
    expect((await client.requests({ limit: 5 })).requests.length).toBeGreaterThan(0)
    expect((await client.clearRequests()).cleared).toBeGreaterThan(0)
    const text = await client.metrics()
    expect(text).toContain('# TYPE')
    expect(await client.health()).toEqual({ status: 'ok' })
    expect(await client.ready()).toEqual({ status: 'ready' })
    const reset = await client.reset()
    expect(reset.seq).toBe(0)
  })

  it('sends the control token and the api key', async () => {
    const secured = await startMockBroker({
      port: 0,
      controlToken: 'ctl',
      config: { accounts: [{ id: 'K', cash: 1000, apiKey: 'key-k' }] },
    })
    try {
      const anonymous = new MockBrokerClient({ baseUrl: `${secured.url}/` })
      await expect(anonymous.state()).rejects.toMatchObject({ status: 401, code: 'unauthorized' })
      await expect(anonymous.account('K')).rejects.toMatchObject({ status: 401 })
      const authorized = new MockBrokerClient({
        baseUrl: secured.url,
        controlToken: 'ctl',
        apiKey: 'key-k',
      })
      expect((await authorized.state()).journal.seq).toBeGreaterThanOrEqual(0)
      expect((await authorized.account('K')).cash).toBe('1000')
    } finally {
      await secured.close()
    }
  })
})

describe('client.stream', () => {
  it("opens the account's push stream: a fill arrives after the submit and an advance", async () => {
    const stream = client.stream('DEMO', { channels: ['fills'] })
    try {
      await stream.ready
      const fill = new Promise<{ seq: number; fillId: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no fill within 5 s')), 5_000)
        stream.on('fill', (envelope) => {
          clearTimeout(timer)
          resolve({ seq: envelope.seq, fillId: envelope.data.fill.id })
        })
      })
      await client.submitOrder('DEMO', { symbol: 'AAPL', side: 'buy', qty: '1', type: 'market' })
      await client.advance({ ms: 1_000 })
      const received = await fill
      const [rest] = await client.fills('DEMO')
      expect(received.fillId).toBe(rest?.id)
      expect(stream.lastSeq).toBe(received.seq)
    } finally {
      stream.close()
    }
  })
})
