/**
 * Stream fault rules as a socket.io client sees them (CONTRACT.md section 3, "disconnect" and
 * "drop | duplicate | delay | reorder"): the core decides once per streamable journal event and
 * journals `fault.applied { operation: 'stream', seq, channel, effect, ruleId }` right after it;
 * the gateway shapes live delivery only, so a replay with `sinceSeq` always recovers. And the
 * journal hash never depends on who is connected.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ConfigureRequestInput } from '../../src/api/index.js'
import { FLAT_WORLD, startClient, type Client } from '../support/broker.js'
import {
  ACCOUNT_CHANNELS,
  closeAllStreams,
  connectStream,
  expectIncreasing,
  journalEvents,
  journalOf,
  streamFaultsApplied,
  subscribedStream,
  waitForConnects,
  type Envelope,
  type StreamClient,
} from '../support/stream.js'

const CHANNELS = [...ACCOUNT_CHANNELS]
const BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
/** Walks two levels of FLAT_WORLD's seeded book: two fills in one command. */
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

async function addRule(rule: Record<string, unknown>): Promise<string> {
  const res = await client.post('/mock/inject', { type: 'fault', rule })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id as string
}

/** Waits for `count` account-channel events, then a round trip so nothing else is in flight. */
async function settle(stream: StreamClient, count: number): Promise<void> {
  await stream.waitFor(
    (s) => s.accountEvents().length >= count,
    `${count} account events (have ${stream.accountEvents().length})`,
  )
  await stream.barrier()
}

const fillsOf = (events: readonly Envelope[]) => events.filter((e) => e.type === 'fill.created')

describe('duplicate', () => {
  it('sends each fill twice with the same envelope, and only the fills', async () => {
    const ruleId = await addRule({
      match: { operation: 'stream', accountId: 'DEMO' },
      effect: { kind: 'duplicate', channel: 'fills' },
    })
    const stream = await subscribedStream(client.url, 'DEMO', CHANNELS)
    await client.submitOrder(BIG_BUY)
    const journal = await journalOf(client, 'DEMO')
    const fills = fillsOf(journal)
    expect(fills).toHaveLength(2)
    await settle(stream, journal.length + fills.length)

    const [f1, f2] = fills as [Envelope, Envelope]
    expect(stream.events('fill')).toEqual([f1, f1, f2, f2])
    expect(stream.events('fill').map((f) => f.data.fill.id)).toEqual([
      f1.data.fill.id,
      f1.data.fill.id,
      f2.data.fill.id,
      f2.data.fill.id,
    ])
    const others = journal.filter((e) => e.type !== 'fill.created')
    expect(stream.accountEvents().filter((e) => e.type !== 'fill.created')).toEqual(others)
    expect(stream.accountEvents()).toHaveLength(journal.length + 2)

    const applied = await streamFaultsApplied(client)
    expect(applied.map((a) => a.data)).toEqual(
      fills.map((f) =>
        expect.objectContaining({
          operation: 'stream',
          seq: f.seq,
          channel: 'fills',
          effect: { kind: 'duplicate', channel: 'fills' },
          ruleId,
        }),
      ),
    )
    // Journaled right after the event it applies to.
    expect(applied.map((a) => a.seq)).toEqual(fills.map((f) => f.seq + 1))
  })
})

describe('drop', () => {
  const dropping = {
    ...FLAT_WORLD,
    faults: ['orders', 'fills'].map((channel) => ({
      match: { operation: 'stream' as const, accountId: 'DEMO' },
      probability: 0.5,
      effect: { kind: 'drop' as const, channel },
    })),
  } satisfies ConfigureRequestInput

  async function run(stream: StreamClient) {
    const from = (await client.journal()).seq
    for (let i = 0; i < 8; i++) await client.submitOrder(i % 3 === 2 ? SELL : BUY)
    const journal = await journalOf(client, 'DEMO', ['orders', 'fills'], from)
    const applied = await streamFaultsApplied(client)
    const dropped = new Set(
      applied.filter((a) => a.data.effect.kind === 'drop').map((a) => a.data.seq as number),
    )
    expect(applied).toHaveLength(dropped.size)
    const expected = journal.filter((e) => !dropped.has(e.seq))
    await settle(stream, expected.length)
    return { journal, dropped, expected }
  }

  it('leaves out exactly the events the journal names, the same ones on every run; a replay recovers them', async () => {
    await client.configure(dropping)
    const stream = await subscribedStream(client.url, 'DEMO', ['orders', 'fills'])
    const { journal, dropped, expected } = await run(stream)
    // A fair coin over ~40 events: some of both kinds dropped, most delivered.
    expect(dropped.size).toBeGreaterThan(0)
    expect(dropped.size).toBeLessThan(journal.length)
    const droppedTypes = new Set(journal.filter((e) => dropped.has(e.seq)).map((e) => e.type))
    expect(droppedTypes.has('fill.created')).toBe(true)
    expect([...droppedTypes].some((t) => t.startsWith('order.'))).toBe(true)
    expect([...dropped].every((seq) => journal.some((e) => e.seq === seq))).toBe(true)
    expect(stream.accountEvents()).toEqual(expected)

    // A new socket replaying from 0 gets everything, faults or not.
    const late = await connectStream(client.url, { accountId: 'DEMO' })
    const ack = await late.subscribe(['orders', 'fills'], { sinceSeq: 0 })
    expect(ack.replayed).toBe(journal.length)
    await settle(late, journal.length)
    expect(late.accountEvents()).toEqual(journal)

    // Seeded: the same world and the same calls drop the same events.
    expect((await client.post('/mock/reset')).status).toBe(200)
    const again = await run(stream)
    expect([...again.dropped]).toEqual([...dropped])
    expect(again.journal).toEqual(journal)
  })
})

describe('disconnect', () => {
  it('sends disconnecting, drops the transport; the client reconnects and recovers with sinceSeq', async () => {
    const ruleId = await addRule({
      match: { operation: 'stream', accountId: 'DEMO' },
      after: 3,
      times: 1,
      effect: { kind: 'disconnect' },
    })
    const all = [...CHANNELS, 'connection']
    const stream = await subscribedStream(client.url, 'DEMO', all)
    await client.submitOrder(BUY)
    await stream.waitFor((s) => s.seen.some((x) => x.kind === 'disconnect'), 'the drop')

    const [applied] = await streamFaultsApplied(client)
    expect(applied?.data).toMatchObject({
      operation: 'stream',
      effect: { kind: 'disconnect' },
      ruleId,
    })
    const target = applied?.data.seq as number
    const before = await journalOf(client, 'DEMO')
    expect(before.findIndex((e) => e.seq === target)).toBe(3)

    // The notice, then the transport goes away; nothing of the target or after it came live.
    const drop = stream.seen.findIndex((s) => s.kind === 'disconnect')
    expect(stream.seen[drop]).toEqual({ kind: 'disconnect', reason: 'transport close' })
    const notice = stream.seen[drop - 1]
    expect(notice).toMatchObject({
      kind: 'event',
      name: 'connection',
      envelope: { type: 'disconnecting', accountId: 'DEMO', data: { status: 'disconnecting' } },
    })
    expect(notice?.kind === 'event' && notice.envelope.data.reason).toBe('fault')
    const live = stream.accountEvents()
    expect(live).toEqual(before.slice(0, 3))
    const lastSeen = live.at(-1)?.seq as number

    // socket.io-client reconnects by itself; the new socket subscribes again from what it saw.
    await waitForConnects(stream, 2)
    const ack = await stream.subscribe(all, { sinceSeq: lastSeen })
    expect(ack.replayed).toBe(before.length - 3)
    await client.submitOrder(SELL)
    const journal = await journalOf(client, 'DEMO')
    await settle(stream, journal.length)
    expect(stream.accountEvents()).toEqual(journal)
    expectIncreasing(stream.accountEvents())
    expect(stream.events('connection').map((e) => e.type)).toEqual([
      'connected',
      'disconnecting',
      'connected',
    ])
    expect(stream.socket.connected).toBe(true)
  })
})

describe('delay', () => {
  it('holds a fill until virtual time passes its time + ms', async () => {
    await addRule({
      match: { operation: 'stream', accountId: 'DEMO' },
      times: 1,
      effect: { kind: 'delay', ms: 5_000, channel: 'fills' },
    })
    const stream = await subscribedStream(client.url, 'DEMO', ['orders', 'fills'])
    await client.submitOrder(BUY)
    const orders = await journalOf(client, 'DEMO', ['orders'])
    const [fill] = await journalOf(client, 'DEMO', ['fills'])
    await settle(stream, orders.length)
    expect(stream.events('order')).toEqual(orders)
    expect(stream.events('fill')).toEqual([])

    await client.advance(4_999)
    await stream.barrier()
    expect(stream.events('fill')).toEqual([])

    await client.advance(1)
    await stream.waitForEvents('fill', 1)
    expect(stream.events('fill')).toEqual([fill])

    // The rule fired once: the next fill is live.
    await client.submitOrder(BUY)
    const journal = await journalOf(client, 'DEMO', ['orders', 'fills'])
    await settle(stream, journal.length)
    expect(stream.events('fill')).toEqual(fillsOf(journal))
  })
})

describe('reorder', () => {
  it('sends the first of two fills of one command after the second', async () => {
    await addRule({
      match: { operation: 'stream', accountId: 'DEMO' },
      times: 1,
      effect: { kind: 'reorder', channel: 'fills' },
    })
    const stream = await subscribedStream(client.url, 'DEMO', CHANNELS)
    await client.submitOrder(BIG_BUY)
    const journal = await journalOf(client, 'DEMO')
    const fills = fillsOf(journal)
    expect(fills).toHaveLength(2)
    await settle(stream, journal.length)
    expect(stream.events('fill')).toEqual([fills[1], fills[0]])
    expect(stream.accountEvents().filter((e) => e.type !== 'fill.created')).toEqual(
      journal.filter((e) => e.type !== 'fill.created'),
    )
  })

  it('still sends a lone reordered fill at the end of its command', async () => {
    await addRule({
      match: { operation: 'stream', accountId: 'DEMO' },
      times: 1,
      effect: { kind: 'reorder', channel: 'fills' },
    })
    const stream = await subscribedStream(client.url, 'DEMO', CHANNELS)
    await client.submitOrder(BUY)
    const journal = await journalOf(client, 'DEMO')
    await settle(stream, journal.length)
    expect(stream.events('fill')).toEqual(fillsOf(journal))
    expect(stream.accountEvents()).toHaveLength(journal.length)
    expect((await streamFaultsApplied(client)).map((a) => a.data.seq)).toEqual(
      fillsOf(journal).map((f) => f.seq),
    )
  })
})

describe('the journal does not depend on who listens', () => {
  const chaos = {
    ...FLAT_WORLD,
    faults: [
      {
        match: { operation: 'stream' as const, accountId: 'DEMO' },
        after: 7,
        times: 1,
        effect: { kind: 'disconnect' as const },
      },
      {
        match: { operation: 'stream' as const },
        probability: 0.5,
        effect: { kind: 'drop' as const, channel: 'fills' },
      },
      {
        match: { operation: 'stream' as const },
        probability: 0.3,
        effect: { kind: 'duplicate' as const, channel: 'orders' },
      },
      {
        match: { operation: 'stream' as const },
        effect: { kind: 'delay' as const, ms: 1_500, channel: 'positions' },
      },
      {
        match: { operation: 'stream' as const },
        probability: 0.5,
        effect: { kind: 'reorder' as const, channel: 'quotes:AAPL' },
      },
    ],
  } satisfies ConfigureRequestInput

  async function script(): Promise<{ hash: string; faults: Envelope[] }> {
    await client.submitOrder(BIG_BUY)
    await client.advance(2_000)
    for (let i = 0; i < 4; i++) await client.submitOrder(BUY)
    await client.advance(3_000)
    await client.submitOrder({ ...SELL, qty: '840' })
    await client.advance(1_000)
    return { hash: (await client.journal()).hash, faults: await streamFaultsApplied(client) }
  }

  it('gives the same hash with 0 and with 2 connected clients', async () => {
    await client.configure(chaos)
    const alone = await script()
    const kinds = new Set(alone.faults.map((f) => f.data.effect.kind))
    expect([...kinds].sort()).toEqual(['delay', 'disconnect', 'drop', 'duplicate', 'reorder'])

    await client.configure(chaos)
    const everything = [...CHANNELS, 'connection', 'quotes:AAPL']
    const listeners = [
      await subscribedStream(client.url, 'DEMO', everything),
      await subscribedStream(client.url, 'DEMO', ['fills', 'quotes:AAPL']),
    ]
    const watched = await script()
    expect(watched.hash).toBe(alone.hash)
    expect(watched.faults).toEqual(alone.faults)
    // They were really there: the disconnect fault dropped them.
    for (const l of listeners)
      await l.waitFor((s) => s.seen.some((x) => x.kind === 'disconnect'), 'the fault drop')

    // Same again after a reset, with the clients (reconnected) still around.
    await Promise.all(listeners.map((l) => waitForConnects(l, 2)))
    expect((await client.post('/mock/reset')).status).toBe(200)
    expect((await script()).hash).toBe(alone.hash)
    expect(await journalEvents(client, { type: 'fault.applied' })).toEqual(alone.faults)
  })
})
