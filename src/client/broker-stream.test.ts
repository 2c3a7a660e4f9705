/**
 * The typed stream against a real mock-broker: typed fills, resuming by itself after a
 * `disconnect` fault, dedupe of a `duplicate` fault, a resync after `POST /mock/reset`, an expired
 * resume point, and a refused handshake. Waits are bounded and driven by what arrives; the
 * simulation moves only through HTTP calls (market orders fill at once in this world).
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  expectTypeOf,
  it,
} from 'vitest'
import type { ConfigureRequestInput, Fill, Order } from '../api/index.js'
import { startMockBroker, type MockBroker } from '../testing/index.js'
import {
  BrokerStreamError,
  openBrokerStream,
  type BrokerStream,
  type BrokerStreamOptions,
  type SubscribeOk,
  type TypedEnvelope,
} from './broker-stream.js'

/** A flat, liquid one-symbol world with the one account DEMO (and alice, who has a key). */
const WORLD = {
  seed: 7,
  symbols: [{ symbol: 'AAPL', price: '100' }],
  marketConfig: { volatility: 0, spread: 10, liquidity: 1000 },
} satisfies ConfigureRequestInput
const KEYED_WORLD = {
  ...WORLD,
  accounts: [
    { id: 'DEMO', cash: '100000' },
    { id: 'alice', cash: '100000', apiKey: 'alice-key' },
  ],
} satisfies ConfigureRequestInput

const BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
/** Walks two levels of the seeded book: two fills in one order. */
const BIG_BUY = { ...BUY, qty: '800' }
const SELL = { ...BUY, side: 'sell' }
const WAIT_MS = 5_000

let broker: MockBroker
const streams = new Set<BrokerStream>()

beforeAll(async () => {
  broker = await startMockBroker({ port: 0, config: WORLD })
})
afterAll(async () => {
  await broker.close()
})
beforeEach(async () => {
  await call('POST', '/mock/configure', WORLD)
})
afterEach(() => {
  for (const stream of streams) stream.close()
  streams.clear()
})

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const init: RequestInit = { method }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { 'Content-Type': 'application/json' }
  }
  const res = await fetch(`${broker.url}${path}`, init)
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text.length > 0 ? JSON.parse(text) : undefined
}

const submit = (order: Record<string, unknown>, accountId = 'DEMO') =>
  call('POST', `/v1/accounts/${accountId}/orders`, order)

async function restFills(accountId = 'DEMO'): Promise<Fill[]> {
  // Oldest first, as the stream delivers them.
  return (await call('GET', `/v1/accounts/${accountId}/fills`)) as Fill[]
}

/** A stream on this broker (fast reconnects for loopback), closed after each test. */
function open(options: Partial<BrokerStreamOptions> = {}): BrokerStream {
  const stream = openBrokerStream({
    baseUrl: broker.url,
    accountId: 'DEMO',
    channels: ['orders', 'fills', 'connection'],
    socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 50, randomizationFactor: 0 },
    ...options,
  })
  streams.add(stream)
  return stream
}

/** Records a stream's fills, notices and acks, with bounded waits on them. */
function record(stream: BrokerStream) {
  const fills: Array<TypedEnvelope<'fill'>> = []
  const notices: Array<TypedEnvelope<'connection'>> = []
  const acks: SubscribeOk[] = []
  const disconnects: string[] = []
  const errors: Error[] = []
  const waiters = new Set<() => void>()
  const changed = () => {
    for (const waiter of [...waiters]) waiter()
  }
  stream
    .on('fill', (e) => (fills.push(e), changed()))
    .on('connection', (e) => (notices.push(e), changed()))
    .on('subscribed', (ack) => (acks.push(ack), changed()))
    .on('disconnect', (reason) => (disconnects.push(reason), changed()))
    .on('error', (error) => (errors.push(error), changed()))
  const until = (predicate: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (predicate()) return resolve()
      const check = () => {
        if (!predicate()) return
        clearTimeout(timer)
        waiters.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`))
      }, WAIT_MS)
      waiters.add(check)
    })
  return { fills, notices, acks, disconnects, errors, until }
}

const fillIds = (fills: ReadonlyArray<TypedEnvelope<'fill'>>) => fills.map((f) => f.data.fill.id)

describe('openBrokerStream', () => {
  it('delivers typed fills, in order, and tracks lastSeq and epoch', async () => {
    const stream = open()
    const seen = record(stream)
    const ack = await stream.ready
    expect(ack).toMatchObject({ ok: true, replayed: 0 })
    expect(stream.epoch).toBe(ack.epoch)
    stream.on('fill', (envelope) => {
      expectTypeOf(envelope.data.fill).toEqualTypeOf<Fill>()
      expectTypeOf(envelope.data.order).toEqualTypeOf<Order>()
      expectTypeOf(envelope.data.positionQty).toEqualTypeOf<string>()
    })
    await submit(BIG_BUY)
    await submit(SELL)
    const rest = await restFills()
    expect(rest).toHaveLength(3)
    await seen.until(() => seen.fills.length >= 3, '3 fills')
    await stream.sync()
    expect(seen.fills.map((f) => f.data.fill)).toEqual(rest)
    for (const f of seen.fills) {
      expect(f.type).toBe('fill.created')
      expect(f.accountId).toBe('DEMO')
      expect(f.data.order.id).toBe(f.data.fill.orderId)
      expect(f.data.positionQty).toMatch(/^-?\d+(\.\d+)?$/)
    }
    expect(seen.notices.map((n) => n.data.status)).toEqual(['connected'])
    // Orders stream too: the last data event handled is an order event after the last fill.
    expect(stream.lastSeq).toBeGreaterThan(seen.fills.at(-1)!.seq)
    expect(seen.errors).toEqual([])
  })

  it('reconnects by itself after a disconnect fault; every fill arrives once, in order', async () => {
    const stream = open()
    const seen = record(stream)
    await stream.ready
    await call('POST', '/mock/inject', {
      type: 'fault',
      rule: { match: { operation: 'stream' }, times: 1, effect: { kind: 'disconnect' } },
    })
    // The first order's first event drops the socket; the rest happen while it is away.
    await submit(BUY)
    await submit(BIG_BUY)
    await seen.until(() => seen.acks.length >= 2, 'the resumed subscribe')
    expect(seen.disconnects).toEqual(['transport close'])
    expect(seen.acks[1]!.replayed).toBeGreaterThan(0)
    await submit(SELL)
    const rest = await restFills()
    expect(rest).toHaveLength(4)
    await seen.until(() => seen.fills.length >= rest.length, `${rest.length} fills`)
    await stream.sync()
    expect(fillIds(seen.fills)).toEqual(rest.map((f) => f.id))
    const fillSeqs = seen.fills.map((f) => f.seq)
    expect([...fillSeqs].sort((a, b) => a - b)).toEqual(fillSeqs)
    expect(seen.notices.map((n) => n.data.status)).toEqual([
      'connected',
      'disconnecting',
      'connected',
    ])
    expect(seen.errors).toEqual([])
  })

  it('with dedupe drops a duplicate fault’s second copy; without it, both come', async () => {
    const deduped = open()
    const raw = open({ dedupe: false })
    const a = record(deduped)
    const b = record(raw)
    await Promise.all([deduped.ready, raw.ready])
    await call('POST', '/mock/inject', {
      type: 'fault',
      rule: { match: { operation: 'stream' }, effect: { kind: 'duplicate', channel: 'fills' } },
    })
    await submit(BIG_BUY)
    await submit(SELL)
    const ids = (await restFills()).map((f) => f.id)
    expect(ids).toHaveLength(3)
    await b.until(() => b.fills.length >= 6, '6 fills without dedupe')
    await Promise.all([deduped.sync(), raw.sync()])
    expect(fillIds(a.fills)).toEqual(ids)
    expect(fillIds(b.fills)).toEqual(ids.flatMap((id) => [id, id]))
  })

  it('handles a resync from POST /mock/reset and delivers the new timeline', async () => {
    const stream = open()
    const seen = record(stream)
    const first = await stream.ready
    await submit(BUY)
    await seen.until(() => seen.fills.length >= 1, 'the first fill')
    const before = stream.lastSeq
    expect(before).toBeGreaterThan(0)

    await call('POST', '/mock/reset', {})
    await seen.until(() => seen.acks.length >= 2, 'the subscribe after the resync')
    const resync = seen.notices.find((n) => n.data.status === 'resync')
    expect(resync?.data.epoch).toBeGreaterThan(first.epoch)
    expect(stream.epoch).toBe(resync?.data.epoch)
    expect(seen.acks[1]!.epoch).toBe(stream.epoch)

    await submit(BUY)
    await seen.until(() => seen.fills.length >= 2, 'the fill of the new timeline')
    await stream.sync()
    const rest = await restFills()
    expect(rest).toHaveLength(1)
    expect(seen.fills[1]!.data.fill).toEqual(rest[0])
    // Seqs started again: the new fill is not newer than the old timeline's last event.
    expect(seen.fills[1]!.seq).toBeLessThanOrEqual(before)
    expect(stream.lastSeq).toBeGreaterThanOrEqual(seen.fills[1]!.seq)
    expect(seen.errors).toEqual([])
  })

  it('reports a resume point the server no longer has on expired, then streams live', async () => {
    const expired: BrokerStreamError[] = []
    const stream = open({ sinceSeq: 1_000_000 })
    stream.on('expired', (error) => expired.push(error))
    const seen = record(stream)
    const ack = await stream.ready
    expect(expired).toHaveLength(1)
    expect(expired[0]).toBeInstanceOf(BrokerStreamError)
    expect(expired[0]!.code).toBe('events_expired')
    expect(stream.lastSeq).toBe(ack.seq)
    await submit(BUY)
    await seen.until(() => seen.fills.length >= 1, 'a live fill')
  })

  it('resumes from a caller-given sinceSeq: replays what came after it', async () => {
    await submit(BUY)
    await submit(SELL)
    const rest = await restFills()
    const stream = open({ sinceSeq: 0, channels: ['fills'] })
    const seen = record(stream)
    const ack = await stream.ready
    expect(ack.replayed).toBe(rest.length)
    await seen.until(() => seen.fills.length >= rest.length, 'the replayed fills')
    expect(fillIds(seen.fills)).toEqual(rest.map((f) => f.id))
  })

  it('rejects ready with the handshake refusal’s code', async () => {
    await call('POST', '/mock/configure', KEYED_WORLD)
    const bad = open({ accountId: 'alice', token: 'not-the-key' })
    const error = await bad.ready.then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BrokerStreamError)
    expect(error).toMatchObject({ code: 'unauthorized' })

    await expect(open({ accountId: 'nobody' }).ready).rejects.toMatchObject({ code: 'not_found' })
    const good = open({ accountId: 'alice', token: 'alice-key' })
    await expect(good.ready).resolves.toMatchObject({ ok: true })
  })

  it('rejects ready when the first subscribe is refused', async () => {
    const stream = open({ channels: ['quotes:NOPE'] })
    await expect(stream.ready).rejects.toMatchObject({ code: 'unknown_symbol' })
  })
})
