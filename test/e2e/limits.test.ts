/**
 * The server's limits over a real port (docs/BEHAVIOUR.md, "Operating it"): the headers and
 * request timeouts against slow clients (a raw socket, answered `408 request_timeout` and closed),
 * which never cut a held answer (`timeout` and `latency` faults) or a stream connection; the
 * keep-alive timeout; the cap on stream connections and on subscriptions per connection, at the
 * limit and one beyond (refused with its code, nothing changed); and the stream's message size.
 *
 * Timeouts are transport behaviour on the wall clock, so these tests wait for them: the brokers
 * here use timeouts of a few hundred ms, and no wait is longer than 1.7 s.
 */
import net from 'node:net'
import { io } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startMockBroker, type MockBroker } from '../../src/testing/index.js'
import { FLAT_WORLD } from '../support/broker.js'
import {
  closeAllStreams,
  connectStream,
  refusedConnect,
  WAIT_MS,
  type StreamClient,
} from '../support/stream.js'

const HEADERS_TIMEOUT_MS = 300
const REQUEST_TIMEOUT_MS = 600
const KEEP_ALIVE_TIMEOUT_MS = 300
/** Node looks for expired requests every quarter of the shorter timeout (75 ms here). */
const CHECK_SLACK_MS = 400

const ORDERS = '/v1/accounts/DEMO/orders'
const BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }

afterEach(() => {
  closeAllStreams()
})

interface RawOutcome {
  /** Everything the server sent. */
  text: string
  /** Wall ms from connecting until the server closed the connection; null: still open. */
  closedAfterMs: number | null
  /** `performance.now()` when the server closed it; null: still open. */
  closedAt: number | null
}

/**
 * A raw TCP connection to the broker: `write` sends what it likes (and may keep sending), and
 * the outcome is what came back and when the server closed it, or null if it was still open
 * after `openForMs` (then the client closes it).
 */
function rawConnection(
  broker: MockBroker,
  write: (socket: net.Socket) => void,
  openForMs = 2_000,
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = net.connect(broker.port, '127.0.0.1')
    let text = ''
    const timer = setTimeout(() => {
      socket.removeAllListeners('close')
      socket.destroy()
      resolve({ text, closedAfterMs: null, closedAt: null })
    }, openForMs)
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      const closedAt = performance.now()
      resolve({ text, closedAfterMs: closedAt - started, closedAt })
    })
    socket.on('connect', () => write(socket))
  })
}

/** Writes `text` one byte every `everyMs` until the connection closes. */
function trickle(socket: net.Socket, text: string, everyMs = 50): void {
  let i = 0
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer)
    socket.write(text[i++] as string)
  }, everyMs)
  socket.on('close', () => clearInterval(timer))
}

/** The status and JSON body of a raw HTTP answer. */
function parseAnswer(text: string): { status: number; headers: string; body: any } {
  const [head = '', body = ''] = text.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), headers: head, body: JSON.parse(body) }
}

function expectRequestTimeout(outcome: RawOutcome, afterMs: number): void {
  const answer = parseAnswer(outcome.text)
  expect(answer.status).toBe(408)
  expect(answer.body.error).toEqual({
    code: 'request_timeout',
    message: expect.any(String),
    details: {},
    requestId: expect.stringMatching(/^req-refused-\d{6}$/),
  })
  expect(answer.headers).toContain(`X-Request-Id: ${answer.body.error.requestId}`)
  expect(answer.headers).toContain('Connection: close')
  expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(afterMs - 10)
  expect(outcome.closedAfterMs).toBeLessThan(afterMs + CHECK_SLACK_MS)
}

async function call(broker: MockBroker, method: string, path: string, body?: unknown) {
  const res = await fetch(`${broker.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

async function journalPosition(broker: MockBroker) {
  return (await call(broker, 'GET', '/mock/state')).body.journal as { seq: number; hash: string }
}

async function addFault(broker: MockBroker, rule: Record<string, unknown>): Promise<void> {
  const res = await call(broker, 'POST', '/mock/inject', { type: 'fault', rule })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
}

/** The newest record of the request journal, once there is one. */
async function newestRequest(broker: MockBroker): Promise<any> {
  for (const deadline = performance.now() + WAIT_MS; ;) {
    const [record] = (await call(broker, 'GET', '/mock/requests')).body.requests
    if (record !== undefined) return record
    if (performance.now() > deadline) throw new Error('no request was recorded')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Resolves once `predicate` holds (checked every 10 ms), failing after the stream bound. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (const deadline = performance.now() + WAIT_MS; !predicate();) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('HTTP timeouts', () => {
  let broker: MockBroker

  beforeAll(async () => {
    broker = await startMockBroker({
      config: FLAT_WORLD,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    })
  })

  afterAll(async () => {
    await broker.close()
  })

  beforeEach(async () => {
    expect((await call(broker, 'POST', '/mock/configure', FLAT_WORLD)).status).toBe(200)
  })

  it('answers 408 request_timeout and closes a connection whose headers trickle in past the headers timeout', async () => {
    const outcome = await rawConnection(broker, (socket) => {
      socket.write('GET /v1/ping HTTP/1.1\r\nHost: mock\r\n')
      trickle(socket, 'X-Slow: ' + 'a'.repeat(100))
    })
    expectRequestTimeout(outcome, HEADERS_TIMEOUT_MS)
  })

  it('answers 408 request_timeout and closes a request whose body stops arriving, and places nothing', async () => {
    const before = await journalPosition(broker)
    const body = JSON.stringify(BUY)
    const outcome = await rawConnection(broker, (socket) => {
      socket.write(
        `POST ${ORDERS} HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      )
    })
    expectRequestTimeout(outcome, REQUEST_TIMEOUT_MS)
    expect(await journalPosition(broker)).toEqual(before)
    // The route had started (the headers were in), but its answer never reached the client.
    expect(await newestRequest(broker)).toMatchObject({
      method: 'POST',
      path: ORDERS,
      status: null,
    })
  })

  it('closes a connection that sends nothing at the headers timeout, without an answer', async () => {
    const outcome = await rawConnection(broker, () => {})
    expect(outcome.text).toBe('')
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 10)
    expect(outcome.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + CHECK_SLACK_MS)
  })

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    let answeredAt = 0
    const outcome = await rawConnection(broker, (socket) => {
      socket.write('GET /v1/ping HTTP/1.1\r\nHost: mock\r\n\r\n')
      socket.once('data', () => (answeredAt = performance.now()))
    })
    expect(outcome.text).toMatch(/^HTTP\/1\.1 200 /)
    // Node closes it a second after the time it announces (`Keep-Alive: timeout=`), so that a
    // client keeping to the announcement never sends on a connection being closed.
    const idleMs = (outcome.closedAt ?? Infinity) - answeredAt
    expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 10)
    expect(idleMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 1_000 + CHECK_SLACK_MS)
  })

  it('holds a timeout fault past the request timeout, a body bigger than Node buffers included', async () => {
    await addFault(broker, { match: { operation: 'replaceOrder' }, effect: { kind: 'timeout' } })
    // Unread, a body this size would stop arriving once Node's buffer is full, and be cut.
    const body = JSON.stringify({ qty: '1', note: 'x'.repeat(300_000) })
    const outcome = await rawConnection(
      broker,
      (socket) =>
        socket.write(
          `PATCH ${ORDERS}/ord-000001 HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${body.length}\r\n\r\n${body}`,
        ),
      REQUEST_TIMEOUT_MS + CHECK_SLACK_MS + 200,
    )
    expect(outcome).toEqual({ text: '', closedAfterMs: null, closedAt: null })
    // Recorded once the client gave up: never answered, by the fault.
    expect(await newestRequest(broker)).toMatchObject({
      operation: 'replaceOrder',
      status: null,
      fault: { kind: 'timeout' },
    })
  })

  it('answers a request under a latency fault longer than the request timeout', async () => {
    const delay = REQUEST_TIMEOUT_MS + CHECK_SLACK_MS
    await addFault(broker, {
      match: { operation: 'submitOrder' },
      effect: { kind: 'latency', ms: delay },
    })
    const started = performance.now()
    const res = await call(broker, 'POST', ORDERS, BUY)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(performance.now() - started).toBeGreaterThanOrEqual(delay - 10)
  })

  it('keeps stream connections, websocket and polling, open past the request timeout', async () => {
    const websocket = await connectStream(broker.url, { accountId: 'DEMO' })
    const polling = io(`${broker.url}/v1`, {
      auth: { accountId: 'DEMO' },
      transports: ['polling'],
      forceNew: true,
      reconnection: false,
    })
    try {
      await new Promise<void>((resolve, reject) => {
        polling.once('connect', () => resolve())
        polling.once('connect_error', reject)
      })
      const drops: string[] = []
      polling.on('disconnect', (reason) => drops.push(reason))
      await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS + CHECK_SLACK_MS + 200))
      expect(await websocket.subscribe(['orders'])).toMatchObject({ channels: ['orders'] })
      expect(websocket.seen.filter((s) => s.kind === 'disconnect')).toEqual([])
      const ack = await polling.timeout(WAIT_MS).emitWithAck('subscribe', { channels: ['fills'] })
      expect(ack).toMatchObject({ ok: true, channels: ['fills'] })
      expect(drops).toEqual([])
    } finally {
      polling.disconnect()
    }
  })
})

describe('stream connections', () => {
  const LIMIT = 3
  let broker: MockBroker

  beforeAll(async () => {
    broker = await startMockBroker({ config: FLAT_WORLD, maxStreamConnections: LIMIT })
  })

  afterAll(async () => {
    await broker.close()
  })

  afterEach(async () => {
    closeAllStreams()
    await until(() => broker.stream.clients === 0, 'every stream connection to close')
  })

  it('accepts as many connections as the limit and refuses one more with too_many_connections', async () => {
    const admitted: StreamClient[] = []
    for (let i = 0; i < LIMIT; i++)
      admitted.push(await connectStream(broker.url, { accountId: 'DEMO' }))
    const refusal = await refusedConnect(broker.url, { accountId: 'DEMO' })
    expect(refusal).toEqual({
      code: 'too_many_connections',
      message: expect.stringContaining('--max-stream-connections'),
      details: { limit: LIMIT, connections: LIMIT },
    })
    // Nothing changed: the admitted ones are all there and still served.
    expect(broker.stream.clients).toBe(LIMIT)
    for (const stream of admitted) expect(await stream.barrier()).toEqual([])

    // A connection that closes makes room for the next.
    admitted[0]?.close()
    await until(() => broker.stream.clients === LIMIT - 1, 'the closed connection to go')
    const next = await connectStream(broker.url, { accountId: 'DEMO' })
    expect(await next.barrier()).toEqual([])
    expect(broker.stream.clients).toBe(LIMIT)
  })

  it('admits exactly the limit of handshakes that arrive at once', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: LIMIT + 3 }, () => connectStream(broker.url, { accountId: 'DEMO' })),
    )
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(LIMIT)
    expect(refused).toHaveLength(3)
    for (const reason of refused) expect(reason).toContain('too_many_connections')
    expect(broker.stream.clients).toBe(LIMIT)
  })
})

describe('subscriptions per connection', () => {
  const LIMIT = 4
  let broker: MockBroker

  beforeAll(async () => {
    broker = await startMockBroker({ config: FLAT_WORLD, maxSubscriptions: LIMIT })
  })

  afterAll(async () => {
    await broker.close()
  })

  it('subscribes up to the limit and refuses one channel more with too_many_subscriptions, changing nothing', async () => {
    const stream = await connectStream(broker.url, { accountId: 'DEMO' })
    await stream.subscribe(['orders', 'fills'])
    const full = await stream.subscribe(['positions', 'account'])
    expect(full.channels).toEqual(['orders', 'fills', 'positions', 'account'])

    const refused = await stream.trySubscribe({ channels: ['connection', 'orders'] })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'too_many_subscriptions',
        message: expect.stringContaining('--max-subscriptions'),
        details: { limit: LIMIT, subscribed: LIMIT, adding: 1 },
      },
    })
    // Not subscribed: no `connected` notice, and the channels are as they were.
    expect(await stream.barrier()).toEqual(full.channels)
    expect(stream.events('connection')).toEqual([])

    // Channels it has already do not count again, a replay of them included.
    const again = await stream.subscribe(['orders', 'fills'], { sinceSeq: 0 })
    expect(again.channels).toEqual(full.channels)

    // Unsubscribing makes room.
    await stream.unsubscribe({ channels: ['account'] })
    const swapped = await stream.subscribe(['connection'])
    expect(swapped.channels).toEqual(['orders', 'fills', 'positions', 'connection'])
    await stream.waitForEvents('connection', 1)
  })

  it('refuses a subscribe of more channels than the limit as a whole', async () => {
    const stream = await connectStream(broker.url, { accountId: 'DEMO' })
    const refused = await stream.trySubscribe({
      channels: ['orders', 'fills', 'positions', 'account', 'quotes:AAPL'],
    })
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'too_many_subscriptions',
        details: { limit: LIMIT, subscribed: 0, adding: 5 },
      },
    })
    expect(await stream.barrier()).toEqual([])
    // No quote channel was joined: a price move reaches no one.
    const jump = await call(broker, 'POST', '/mock/inject', {
      type: 'market',
      event: { kind: 'price_jump', symbol: 'AAPL', pct: 1 },
    })
    expect(jump.status, JSON.stringify(jump.body)).toBe(201)
    await stream.barrier()
    expect(stream.events('quote')).toEqual([])
  })
})

describe('stream message size', () => {
  let broker: MockBroker

  beforeAll(async () => {
    broker = await startMockBroker({ config: FLAT_WORLD })
  })

  afterAll(async () => {
    await broker.close()
  })

  it('takes the largest valid subscribe, and closes a connection that sends over 64 KiB', async () => {
    const stream = await connectStream(broker.url, { accountId: 'DEMO' })
    // 256 channels of the longest name: refused for the symbols, so the message went through.
    const largest = Array.from({ length: 256 }, (_, i) => `quotes:${String(i).padStart(32, 'S')}`)
    expect(await stream.trySubscribe({ channels: largest })).toMatchObject({
      ok: false,
      error: { code: 'unknown_symbol' },
    })

    stream.socket.emit('subscribe', { channels: ['x'.repeat(70 * 1024)] })
    await stream.waitFor(
      (s) => s.seen.some((x) => x.kind === 'disconnect'),
      'the server to close the connection',
    )
  })
})
