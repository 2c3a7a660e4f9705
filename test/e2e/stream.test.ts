/**
 * The socket.io stream as a client sees it over a real port (CONTRACT.md section 2): live
 * delivery equal to the journal, replay with `sinceSeq` after a reconnect, account isolation and
 * shared quotes, the handshake's refusals, subscribe refusals (`invalid_request`,
 * `unknown_symbol`, `events_expired`), the `connection` channel (`connected`, `resync` on
 * configure and reset, drops of sockets whose account or key is gone) and unsubscribe.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startMockBroker } from '../../src/testing/index.js'
import { FLAT_WORLD, ISO_MS, START, startClient, type Client } from '../support/broker.js'
import {
  ACCOUNT_CHANNELS,
  closeAllStreams,
  connectStream,
  expectIncreasing,
  journalEvents,
  journalOf,
  refusedConnect,
  seqs,
  subscribedStream,
  waitForConnects,
  type Envelope,
  type StreamClient,
} from '../support/stream.js'

const CHANNELS = [...ACCOUNT_CHANNELS]
const BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
/** Walks two levels of FLAT_WORLD's seeded book: two fills, partially_filled then filled. */
const BIG_BUY = { ...BUY, qty: '800' }
const SELL = { ...BUY, side: 'sell' }

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  closeAllStreams()
  await client.close()
})

beforeEach(async () => {
  await client.configure(FLAT_WORLD)
})

afterEach(() => {
  closeAllStreams()
})

/** Waits until the client holds at least as many account-channel events as `expected`. */
async function receiveAll(stream: StreamClient, expected: readonly Envelope[]): Promise<void> {
  await stream.waitFor(
    (s) => s.accountEvents().length >= expected.length,
    `${expected.length} account events (have ${stream.accountEvents().length})`,
  )
  await stream.barrier()
}

/** The events a client received after the ack of its last `subscribe`. */
function afterLastSubscribe(stream: StreamClient): Envelope[] {
  const seen = stream.seen
  let last = -1
  seen.forEach((s, i) => {
    if (s.kind === 'ack' && s.op === 'subscribe') last = i
  })
  return seen.slice(last + 1).flatMap((s) => (s.kind === 'event' ? [s.envelope] : []))
}

describe('live delivery', () => {
  it('pushes orders, fills, positions and account changes in seq order, equal to the journal', async () => {
    const stream = await subscribedStream(client.url, 'DEMO', CHANNELS)
    await client.submitOrder(BIG_BUY)
    await client.advance(1_000)
    await client.submitOrder({ ...SELL, qty: '800' })
    await client.advance(1_000)

    const journal = await journalOf(client, 'DEMO')
    await receiveAll(stream, journal)
    const received = stream.accountEvents()
    expect(received).toEqual(journal)
    expectIncreasing(received)
    expect(stream.events('quote')).toEqual([])
    expect(stream.events('connection')).toEqual([])

    const ofType = (prefix: string) => journal.filter((e) => e.type.startsWith(prefix))
    expect(stream.events('order')).toEqual(ofType('order.'))
    expect(stream.events('fill')).toEqual(ofType('fill.created'))
    expect(stream.events('position')).toEqual(ofType('position.changed'))
    expect(stream.events('account')).toEqual(ofType('account.changed'))
    expect(stream.events('order').map((e) => e.type)).toEqual([
      'order.pending_new',
      'order.accepted',
      'order.partially_filled',
      'order.filled',
      'order.pending_new',
      'order.accepted',
      'order.filled',
    ])
    for (const e of received) {
      expect(e.accountId).toBe('DEMO')
      expect(e.time).toMatch(ISO_MS)
    }

    // Fill data: the fill as REST has it, the order with its cumulative fill, the position after.
    const restFills = (await client.get('/v1/accounts/DEMO/fills?limit=100')).body
    const fills = stream.events('fill')
    expect(fills).toHaveLength(3)
    expect(fills.map((f) => f.data.fill)).toEqual(restFills)
    expect(new Set(fills.map((f) => f.data.fill.id)).size).toBe(3)
    let position = 0
    const filled = new Map<string, number>()
    for (const { data } of fills) {
      expect(Object.keys(data).sort()).toEqual(['fill', 'order', 'positionQty'])
      const qty = Number(data.fill.qty)
      position += data.fill.side === 'buy' ? qty : -qty
      filled.set(data.order.id, (filled.get(data.order.id) ?? 0) + qty)
      expect(data.order.id).toBe(data.fill.orderId)
      expect(data.order.filledQty).toBe(String(filled.get(data.order.id)))
      expect(data.order.leavesQty).toBe(
        String(Number(data.order.qty) - Number(data.order.filledQty)),
      )
      expect(data.order.avgFillPrice).toEqual(expect.any(String))
      expect(data.positionQty).toBe(String(position))
    }
    expect(fills[0]?.data.order.avgFillPrice).toBe(fills[0]?.data.fill.price)
    expect(fills[0]?.data.order.leavesQty).not.toBe('0')
    expect(fills.slice(1).map((f) => f.data.order.status)).toEqual(['filled', 'filled'])

    // The closing fill's position is pushed once, flat, with qty "0".
    const flat = stream.events('position').filter((e) => e.data.position.qty === '0')
    expect(flat).toHaveLength(1)
    expect(flat[0]?.data.position).toMatchObject({ symbol: 'AAPL', qty: '0', side: 'flat' })
    expect(stream.events('position').at(-1)).toEqual(flat[0])
  })
})

describe('replay with sinceSeq', () => {
  it('delivers every missed event exactly once, in order, before live ones', async () => {
    const stream = await subscribedStream(client.url, 'DEMO', CHANNELS)
    await client.submitOrder(BUY)
    await receiveAll(stream, await journalOf(client, 'DEMO'))
    const lastSeen = stream.accountEvents().at(-1)?.seq as number
    expect(lastSeen).toBeGreaterThan(0)

    stream.socket.disconnect()
    await stream.waitFor((s) => s.seen.some((x) => x.kind === 'disconnect'), 'the disconnect')
    await client.submitOrder(BIG_BUY)
    await client.advance(2_000)
    await client.submitOrder({ ...SELL, qty: '810' })
    const missed = await journalOf(client, 'DEMO', CHANNELS, lastSeen)
    expect(missed.length).toBeGreaterThan(10)

    stream.socket.connect()
    await waitForConnects(stream, 2)
    const ack = await stream.subscribe(CHANNELS, { sinceSeq: lastSeen })
    expect(ack).toEqual({
      ok: true,
      seq: (await client.journal()).seq,
      epoch: (await client.journal()).epoch,
      channels: CHANNELS,
      replayed: missed.length,
    })
    await stream.waitFor(
      (s) => afterLastSubscribe(s).length >= missed.length,
      `${missed.length} replayed events`,
    )

    await client.submitOrder(BUY)
    const all = await journalOf(client, 'DEMO')
    await receiveAll(stream, all)
    // Exactly once and in order overall: nothing lost, nothing twice.
    expect(stream.accountEvents()).toEqual(all)
    // The replay comes right after the ack, before the live events of the last order.
    const afterAck = afterLastSubscribe(stream)
    expect(afterAck.slice(0, missed.length)).toEqual(missed)
    expect(afterAck.slice(missed.length)).toEqual(all.filter((e) => e.seq > ack.seq))
    expect(afterAck.length).toBeGreaterThan(missed.length)
  })

  it('replays every channel named, subscribed before or not: how a socket fills a gap', async () => {
    await client.submitOrder(BIG_BUY)
    const orders = await journalOf(client, 'DEMO', ['orders'])
    const fills = await journalOf(client, 'DEMO', ['fills'])
    const stream = await connectStream(client.url, { accountId: 'DEMO' })

    const first = await stream.subscribe(['orders'], { sinceSeq: 0 })
    expect(first.replayed).toBe(orders.length)
    const second = await stream.subscribe(['orders', 'fills'], { sinceSeq: 0 })
    expect(second.replayed).toBe(orders.length + fills.length)
    expect([...second.channels].sort()).toEqual(['fills', 'orders'])
    // Without sinceSeq a channel the socket has is left as it is: nothing replayed.
    const third = await stream.subscribe(['orders', 'fills'])
    expect(third.replayed).toBe(0)

    const total = 2 * orders.length + fills.length
    await stream.waitFor((s) => s.accountEvents().length >= total, 'replay')
    await stream.barrier()
    expect(stream.events('order')).toEqual([...orders, ...orders])
    expect(stream.events('fill')).toEqual(fills)
    expect(stream.accountEvents()).toHaveLength(total)
  })

  it('replays the events a new world made while starting, to a socket that resubscribes', async () => {
    const stream = await connectStream(client.url, { accountId: 'DEMO' })
    await stream.subscribe(['quotes:AAPL', 'connection'])
    await client.configure({
      ...FLAT_WORLD,
      timeline: [{ at: '+0ms', event: { kind: 'price_jump', symbol: 'AAPL', pct: 5 } }],
    })
    await stream.waitFor((s) => s.events('connection').some((e) => e.type === 'resync'), 'resync')
    const resync = stream.events('connection').find((e) => e.type === 'resync')
    expect(resync?.data.seq).toBeGreaterThan(0)
    const ack = await stream.subscribe(['quotes:AAPL'], {
      sinceSeq: 0,
      epoch: resync?.data.epoch as number,
    })
    expect(ack.replayed).toBeGreaterThan(0)
    await stream.waitFor((s) => s.events('quote').length >= ack.replayed, 'the replay')
    expect(stream.events('quote')[0]?.seq).toBeLessThanOrEqual(resync?.data.seq as number)
  })
})

describe('isolation', () => {
  it("never sends an account another account's events; quotes go to every subscriber", async () => {
    await client.configure({
      ...FLAT_WORLD,
      accounts: [
        { id: 'A', cash: '100000' },
        { id: 'B', cash: '100000' },
      ],
    })
    const channels = [...CHANNELS, 'quotes:AAPL']
    const a = await subscribedStream(client.url, 'A', channels)
    const b = await subscribedStream(client.url, 'B', channels)

    await client.submitOrder(BIG_BUY, 'B')
    await client.advance(3_000)
    await client.submitOrder(BUY, 'A')
    await client.submitOrder({ ...SELL, qty: '100' }, 'B')
    await client.advance(1_000)

    const ofA = await journalOf(client, 'A')
    const ofB = await journalOf(client, 'B')
    const quotes = await journalEvents(client, { type: 'quote.updated' })
    expect(ofA.length).toBeGreaterThan(0)
    expect(ofB.length).toBeGreaterThan(ofA.length)
    expect(quotes.length).toBeGreaterThanOrEqual(4)
    for (const [stream, own] of [
      [a, ofA],
      [b, ofB],
    ] as const) {
      await stream.waitFor(
        (s) => s.accountEvents().length >= own.length && s.events('quote').length >= quotes.length,
        'own events and quotes',
      )
      await stream.barrier()
      expect(stream.accountEvents()).toEqual(own)
      expect(stream.events('quote')).toEqual(quotes)
    }
    expect(a.accountEvents().every((e) => e.accountId === 'A')).toBe(true)
    expect(b.accountEvents().every((e) => e.accountId === 'B')).toBe(true)
    expect(quotes.every((q) => q.accountId === null && q.data.quote.symbol === 'AAPL')).toBe(true)
  })
})

describe('the handshake', () => {
  beforeEach(async () => {
    await client.configure({
      ...FLAT_WORLD,
      accounts: [
        { id: 'A', cash: '100000', apiKey: 'key-a' },
        { id: 'B', cash: '100000', apiKey: 'key-b' },
        { id: 'OPEN', cash: '100000' },
      ],
    })
  })

  it('refuses a bad, missing or foreign token with unauthorized', async () => {
    for (const auth of [
      { accountId: 'A', token: 'not-a-key' },
      { accountId: 'A', token: 'key-b' },
      { accountId: 'A' },
    ]) {
      expect(await refusedConnect(client.url, auth), JSON.stringify(auth)).toEqual({
        code: 'unauthorized',
        message: expect.any(String),
        details: { accountId: 'A' },
      })
    }
  })

  it('refuses an unknown account with not_found and malformed auth with invalid_request', async () => {
    expect(await refusedConnect(client.url, { accountId: 'NOPE' })).toEqual({
      code: 'not_found',
      message: expect.any(String),
      details: { accountId: 'NOPE' },
    })
    expect(await refusedConnect(client.url, { accountId: 'DEMO' })).toMatchObject({
      code: 'not_found',
    })
    for (const auth of [{}, { token: 'key-a' }, { accountId: 42 }, { accountId: 'A', token: 7 }]) {
      expect(await refusedConnect(client.url, auth), JSON.stringify(auth)).toEqual({
        code: 'invalid_request',
        message: expect.any(String),
        details: { issues: expect.arrayContaining([expect.any(Object)]) },
      })
    }
  })

  it('lets an account in with its own key, and an account without a key with none', async () => {
    const a = await subscribedStream(client.url, 'A', ['orders'], { token: 'key-a' })
    const open = await subscribedStream(client.url, 'OPEN', ['orders'])
    const res = await client.post(
      '/v1/accounts/A/orders',
      { ...BUY },
      { Authorization: 'Bearer key-a' },
    )
    expect(res.status).toBe(201)
    const orders = await journalOf(client, 'A', ['orders'])
    await receiveAll(a, orders)
    expect(a.events('order')).toEqual(orders)
    await open.barrier()
    expect(open.events()).toEqual([])
  })
})

describe('subscribe refusals', () => {
  it('refuses a malformed payload or an unknown channel with invalid_request, subscribing nothing', async () => {
    const stream = await connectStream(client.url, { accountId: 'DEMO' })
    for (const payload of [
      { channels: ['orders', 'trades'] },
      { channels: [] },
      {},
      'orders',
      { channels: ['orders'], sinceSeq: -1 },
      { channels: ['orders'], sinceSeq: 1.5 },
      { channels: ['orders'], extra: true },
    ]) {
      expect(await stream.trySubscribe(payload), JSON.stringify(payload)).toEqual({
        ok: false,
        error: {
          code: 'invalid_request',
          message: expect.any(String),
          details: { issues: expect.arrayContaining([expect.any(Object)]) },
        },
      })
    }
    expect(await stream.barrier()).toEqual([])
    await client.submitOrder(BUY)
    await stream.barrier()
    expect(stream.events()).toEqual([])
  })

  it('refuses a quote channel of an unknown symbol with unknown_symbol, subscribing nothing', async () => {
    const stream = await connectStream(client.url, { accountId: 'DEMO' })
    expect(await stream.trySubscribe({ channels: ['orders', 'quotes:NOPE'] })).toEqual({
      ok: false,
      error: { code: 'unknown_symbol', message: expect.any(String), details: { symbol: 'NOPE' } },
    })
    expect(await stream.barrier()).toEqual([])
    await client.submitOrder(BUY)
    await client.advance(2_000)
    await stream.barrier()
    expect(stream.events()).toEqual([])
  })

  it('answers events_expired for a sinceSeq ahead of the journal or of another epoch', async () => {
    await client.submitOrder(BUY)
    const { seq, epoch } = await client.journal()
    const stream = await connectStream(client.url, { accountId: 'DEMO' })
    const expired = (sinceSeq: number) => ({
      ok: false,
      error: {
        code: 'events_expired',
        message: expect.any(String),
        details: { sinceSeq, seq, epoch, firstRetainedSeq: 1 },
      },
    })
    expect(await stream.trySubscribe({ channels: ['orders'], sinceSeq: seq + 1 })).toEqual(
      expired(seq + 1),
    )
    for (const other of [epoch - 1, epoch + 1]) {
      expect(
        await stream.trySubscribe({ channels: ['orders'], sinceSeq: 0, epoch: other }),
      ).toEqual(expired(0))
    }
    // Refused: nothing subscribed, nothing replayed.
    expect(await stream.barrier()).toEqual([])
    expect(stream.events()).toEqual([])

    // At the journal's head and in its epoch: nothing to replay, and that is fine.
    const ack = await stream.subscribe(['orders'], { sinceSeq: seq, epoch })
    expect(ack).toEqual({ ok: true, seq, epoch, channels: ['orders'], replayed: 0 })
  })

  it('answers events_expired for events beyond the retention window', async () => {
    const small = await startMockBroker({ port: 0, config: FLAT_WORLD, journalRetention: 20 })
    try {
      for (let i = 0; i < 6; i++) {
        const res = small.runtime.sim.submitOrder('DEMO', {
          symbol: 'AAPL',
          side: 'buy',
          qty: '1',
          type: 'market',
          timeInForce: 'day',
          orderClass: 'simple',
        })
        expect(res.ok).toBe(true)
      }
      const first = small.runtime.sim.firstRetainedSeq()
      const { seq, epoch } = small.runtime.sim.journalPosition()
      expect(first).toBeGreaterThan(2)
      const stream = await connectStream(small.url, { accountId: 'DEMO' })
      for (const sinceSeq of [0, first - 2]) {
        expect(await stream.trySubscribe({ channels: ['orders'], sinceSeq })).toEqual({
          ok: false,
          error: {
            code: 'events_expired',
            message: expect.any(String),
            details: { sinceSeq, seq, epoch, firstRetainedSeq: first },
          },
        })
      }
      expect(await stream.barrier()).toEqual([])

      // From the oldest retained event on, the replay is whole.
      const retained = small.runtime.sim
        .events(first - 1, Number.POSITIVE_INFINITY)
        .filter((e) => e.type.startsWith('order.'))
      const ack = await stream.subscribe(['orders'], { sinceSeq: first - 1 })
      expect(ack.replayed).toBe(retained.length)
      await stream.waitFor((s) => s.events('order').length >= retained.length, 'the replay')
      await stream.barrier()
      expect(seqs(stream.events('order'))).toEqual(retained.map((e) => e.seq))
    } finally {
      closeAllStreams()
      await small.close()
    }
  })
})

describe('the connection channel', () => {
  it('sends connected on subscribe, before any replay', async () => {
    await client.submitOrder(BUY)
    const orders = await journalOf(client, 'DEMO', ['orders'])
    const stream = await connectStream(client.url, { accountId: 'DEMO' })
    const ack = await stream.subscribe(['connection', 'orders'], { sinceSeq: 0 })
    await stream.waitFor((s) => s.events('order').length >= orders.length, 'the replay')
    await stream.barrier()
    const notice = {
      seq: ack.seq,
      type: 'connected',
      time: START,
      accountId: 'DEMO',
      data: { status: 'connected', epoch: ack.epoch, seq: ack.seq },
    }
    expect(stream.events('connection')).toEqual([notice])
    const order = stream.seen.flatMap((s) =>
      s.kind === 'event' ? [s.name] : s.kind === 'ack' ? ['ack'] : [],
    )
    expect(order).toEqual(['ack', 'connection', ...orders.map(() => 'order'), 'ack'])
  })

  it('sends resync { epoch, seq } to every socket on configure and reset; subscriptions stay', async () => {
    const watcher = await subscribedStream(client.url, 'DEMO', ['connection'])
    const trader = await subscribedStream(client.url, 'DEMO', ['orders'])
    const idle = await connectStream(client.url, { accountId: 'DEMO' })
    const before = await client.journal()

    const resyncs = (s: StreamClient) => s.events('connection').filter((e) => e.type === 'resync')
    const expectResync = async (count: number, epoch: number, seq: number) => {
      for (const s of [watcher, trader, idle]) {
        await s.waitFor((c) => resyncs(c).length >= count, `resync #${count}`)
        expect(resyncs(s).at(-1)).toEqual({
          seq,
          type: 'resync',
          time: expect.stringMatching(ISO_MS),
          accountId: null,
          data: { status: 'resync', epoch, seq },
        })
      }
    }

    await client.submitOrder(BUY)
    await client.configure(FLAT_WORLD)
    const configured = await client.journal()
    expect(configured.epoch).toBe(before.epoch + 1)
    await expectResync(1, configured.epoch, configured.seq)

    await client.submitOrder(BUY)
    const res = await client.post('/mock/reset')
    expect(res.status).toBe(200)
    const reset = await client.journal()
    expect(reset.epoch).toBe(before.epoch + 2)
    await expectResync(2, reset.epoch, reset.seq)

    // Still subscribed: live orders of the new timeline arrive without a new subscribe.
    const countBefore = trader.events('order').length
    await client.submitOrder(BUY)
    const orders = await journalOf(client, 'DEMO', ['orders'])
    await trader.waitFor((s) => s.events('order').length >= countBefore + orders.length, 'orders')
    await trader.barrier()
    expect(trader.events('order').slice(countBefore)).toEqual(orders)
    await idle.barrier()
    expect(idle.events().filter((e) => e.type !== 'resync')).toEqual([])

    // A replay in the new timeline works with its epoch; the old epoch is refused.
    expect(
      await watcher.trySubscribe({ channels: ['orders'], sinceSeq: 0, epoch: configured.epoch }),
    ).toMatchObject({ ok: false, error: { code: 'events_expired' } })
    const ack = await watcher.subscribe(['orders'], { sinceSeq: 0, epoch: reset.epoch })
    expect(ack.replayed).toBe(orders.length)
    await watcher.waitFor((s) => s.events('order').length >= orders.length, 'the replay')
    await watcher.barrier()
    expect(watcher.events('order')).toEqual(orders)
  })

  it('drops the sockets whose account or key a configure took away', async () => {
    const accounts = [
      { id: 'A', cash: '100000', apiKey: 'key-a' },
      { id: 'B', cash: '100000' },
      { id: 'C', cash: '100000' },
    ]
    await client.configure({ ...FLAT_WORLD, accounts })
    const a = await subscribedStream(client.url, 'A', ['connection'], { token: 'key-a' })
    const b = await subscribedStream(client.url, 'B', ['connection'])
    const c = await subscribedStream(client.url, 'C', ['connection', 'orders'])

    await client.configure({
      ...FLAT_WORLD,
      accounts: [
        { id: 'A', cash: '100000', apiKey: 'key-a2' },
        { id: 'C', cash: '100000' },
      ],
    })
    for (const [stream, reason] of [
      [a, 'unauthorized'],
      [b, 'not_found'],
    ] as const) {
      await stream.waitFor((s) => s.seen.some((x) => x.kind === 'disconnect'), 'the drop')
      const tail = stream.seen
        .filter((s) => s.kind !== 'ack')
        .slice(-3)
        .map((s) =>
          s.kind === 'event' ? `${s.envelope.type}:${s.envelope.data.reason ?? ''}` : s.kind,
        )
      expect(tail).toEqual(['resync:', `disconnecting:${reason}`, 'disconnect'])
      expect(stream.seen.at(-1)).toEqual({ kind: 'disconnect', reason: 'io server disconnect' })
    }

    // C is still there, and still subscribed.
    await client.submitOrder(BUY, 'C')
    const orders = await journalOf(client, 'C', ['orders'])
    await receiveAll(c, orders)
    expect(c.events('order')).toEqual(orders)
    expect(c.socket.connected).toBe(true)
  })
})

describe('unsubscribe', () => {
  it('stops delivery of that channel only', async () => {
    const stream = await subscribedStream(client.url, 'DEMO', ['orders', 'fills'])
    await client.submitOrder(BUY)
    await receiveAll(stream, await journalOf(client, 'DEMO', ['orders', 'fills']))
    expect(stream.events('fill')).toHaveLength(1)

    const { seq, epoch } = await client.journal()
    expect(await stream.unsubscribe({ channels: ['fills'] })).toEqual({
      ok: true,
      seq,
      epoch,
      channels: ['orders'],
      replayed: 0,
    })
    await client.submitOrder(BUY)
    const orders = await journalOf(client, 'DEMO', ['orders'])
    await stream.waitFor((s) => s.events('order').length >= orders.length, 'the orders')
    await stream.barrier()
    expect(stream.events('order')).toEqual(orders)
    expect(stream.events('fill')).toHaveLength(1)
    expect(await journalOf(client, 'DEMO', ['fills'])).toHaveLength(2)

    expect(await stream.unsubscribe({ channels: ['nope'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    })
  })
})

describe('shutdown', () => {
  it('tells connection subscribers the broker is going away before it closes their socket', async () => {
    const broker = await startMockBroker({ port: 0, config: FLAT_WORLD })
    const stream = await connectStream(broker.url, { accountId: 'DEMO' })
    await stream.subscribe(['connection', 'orders'])
    await broker.close()
    await stream.waitFor((s) => s.seen.some((x) => x.kind === 'disconnect'), 'the disconnect')
    const notice = stream.events('connection').find((e) => e.type === 'disconnecting')
    expect(notice?.data).toMatchObject({ status: 'disconnecting', reason: 'shutdown' })
    const order = stream.seen.map((x) => (x.kind === 'event' ? x.envelope.type : x.kind))
    expect(order.indexOf('disconnecting')).toBeLessThan(order.indexOf('disconnect'))
  })
})
