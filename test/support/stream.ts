/**
 * socket.io harness for the streaming e2e tests (CONTRACT.md section 2): a client per socket that
 * records everything it sees, in arrival order (events by name, acks, connects and disconnects),
 * so a test can assert on order as well as on content; bounded waits on that record; and the
 * subscribe / unsubscribe calls with their acks.
 *
 * Waiting is always on something the server sends, never on wall-clock sleeps: `waitFor` resolves
 * on a predicate over the record and rejects after a bounded timeout. `barrier()` is a round trip
 * that changes nothing (unsubscribing a channel the socket does not have): socket.io keeps one
 * connection's packets in order, so once its ack is in, everything the server emitted before it
 * handled the barrier is in the record too. That is how a test proves something did NOT arrive.
 */
import { io, type Socket } from 'socket.io-client'
import { expect } from 'vitest'
import type {
  StreamEnvelope,
  StreamError,
  StreamEventName,
  SubscribeAck,
  SubscribeRequest,
} from '../../src/api/index.js'
import { ACCOUNT_CHANNELS } from '../../src/sim/index.js'
import type { Client } from './broker.js'

/** The event names the server emits, one per channel. */
export const STREAM_EVENT_NAMES = [
  'order',
  'fill',
  'position',
  'account',
  'quote',
  'connection',
] as const satisfies readonly StreamEventName[]

/** The account channels, as the core names them. */
export { ACCOUNT_CHANNELS }

/** Every stream envelope: `{ seq, type, time, accountId, data }` (data loosely typed for tests). */
export interface Envelope extends Omit<StreamEnvelope, 'data'> {
  data: Record<string, any>
}

export type { StreamError, SubscribeAck, SubscribeRequest, StreamEventName }
export type SubscribeOk = Extract<SubscribeAck, { ok: true }>

/** One thing a client saw, in arrival order. */
export type Seen =
  | { kind: 'event'; name: StreamEventName; envelope: Envelope }
  | { kind: 'ack'; op: 'subscribe' | 'unsubscribe'; ack: SubscribeAck }
  | { kind: 'connect' }
  | { kind: 'disconnect'; reason: string }

export interface StreamAuth {
  accountId?: unknown
  token?: unknown
}

/** The bound on every wait of these tests. */
export const WAIT_MS = 5_000

export interface StreamClient {
  readonly socket: Socket
  /** Everything seen so far, in arrival order. */
  readonly seen: readonly Seen[]
  /** The envelopes received under one event name (all names if omitted), in arrival order. */
  events(name?: StreamEventName): Envelope[]
  /** The envelopes of every account channel (not quotes, not connection notices). */
  accountEvents(): Envelope[]
  /** Resolves once `predicate` holds over what was seen; rejects after `timeoutMs`. */
  waitFor(
    predicate: (client: StreamClient) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>
  /** Waits until at least `count` events named `name` arrived; answers them. */
  waitForEvents(name: StreamEventName, count: number, timeoutMs?: number): Promise<Envelope[]>
  /** `subscribe`, asserting the ack is ok. */
  subscribe(channels: string[], options?: Omit<SubscribeRequest, 'channels'>): Promise<SubscribeOk>
  /** `subscribe` with any payload; answers the ack as it came. */
  trySubscribe(payload: unknown): Promise<SubscribeAck>
  /** `unsubscribe` with any payload; answers the ack as it came. */
  unsubscribe(payload: unknown): Promise<SubscribeAck>
  /** A round trip that changes nothing; answers the channels the socket has now. */
  barrier(): Promise<string[]>
  close(): void
}

const open = new Set<StreamClient>()

/** Closes every client these helpers opened (call in afterEach / afterAll). */
export function closeAllStreams(): void {
  for (const client of open) client.close()
  open.clear()
}

function clientOptions(auth: StreamAuth) {
  return {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    forceNew: true,
    // Loopback tests: reconnect after a dropped transport quickly.
    reconnectionDelay: 20,
    reconnectionDelayMax: 50,
    randomizationFactor: 0,
  }
}

export interface StreamOptions {
  /** Keep each envelope's `data` (default true); big fan-outs keep only the rest. */
  keepData?: boolean
}

/** A socket of `/v1` that records what it sees; not yet known to be connected. */
export function openStream(
  url: string,
  auth: StreamAuth,
  options: StreamOptions = {},
): StreamClient {
  const keepData = options.keepData ?? true
  const socket = io(`${url}/v1`, clientOptions(auth))
  const seen: Seen[] = []
  const waiters = new Set<() => void>()
  const record = (item: Seen) => {
    seen.push(item)
    for (const waiter of [...waiters]) waiter()
  }
  for (const name of STREAM_EVENT_NAMES)
    socket.on(name, (envelope: Envelope) =>
      record({ kind: 'event', name, envelope: keepData ? envelope : { ...envelope, data: {} } }),
    )
  socket.on('connect', () => record({ kind: 'connect' }))
  socket.on('disconnect', (reason) => record({ kind: 'disconnect', reason }))

  const call = (op: 'subscribe' | 'unsubscribe', payload: unknown) =>
    new Promise<SubscribeAck>((resolve, reject) => {
      socket.timeout(WAIT_MS).emit(op, payload, (error: Error | null, ack: SubscribeAck) => {
        if (error) return reject(new Error(`${op} got no ack within ${WAIT_MS} ms`))
        // Recorded synchronously, so the record shows the ack before what follows it.
        record({ kind: 'ack', op, ack })
        resolve(ack)
      })
    })

  const events = (name?: StreamEventName) =>
    seen.flatMap((s) =>
      s.kind === 'event' && (name === undefined || s.name === name) ? [s.envelope] : [],
    )

  const client: StreamClient = {
    socket,
    seen,
    events,
    accountEvents: () =>
      seen.flatMap((s) =>
        s.kind === 'event' && s.name !== 'quote' && s.name !== 'connection' ? [s.envelope] : [],
      ),
    waitFor(predicate, what, timeoutMs = WAIT_MS) {
      return new Promise<void>((resolve, reject) => {
        if (predicate(client)) return resolve()
        const check = () => {
          if (!predicate(client)) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
        }, timeoutMs)
        waiters.add(check)
      })
    },
    async waitForEvents(name, count, timeoutMs = WAIT_MS) {
      await client.waitFor(
        () => events(name).length >= count,
        `${count} '${name}' events (have ${events(name).length})`,
        timeoutMs,
      )
      return events(name)
    },
    async subscribe(channels, options = {}) {
      const ack = await call('subscribe', { channels, ...options })
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true })
      return ack as SubscribeOk
    },
    trySubscribe: (payload) => call('subscribe', payload),
    unsubscribe: (payload) => call('unsubscribe', payload),
    async barrier() {
      const ack = await call('unsubscribe', { channels: ['quotes:BARRIER'] })
      expect(ack.ok, JSON.stringify(ack)).toBe(true)
      return (ack as SubscribeOk).channels
    },
    close() {
      socket.removeAllListeners()
      socket.disconnect()
      open.delete(client)
    },
  }
  open.add(client)
  return client
}

/** Connects a socket of `/v1`, resolving once the handshake is accepted. */
export async function connectStream(
  url: string,
  auth: StreamAuth,
  options: StreamOptions = {},
): Promise<StreamClient> {
  const client = openStream(url, auth, options)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connect within the bound')), WAIT_MS)
    client.socket.once('connect', () => {
      clearTimeout(timer)
      resolve()
    })
    client.socket.once('connect_error', (error: Error & { data?: unknown }) => {
      clearTimeout(timer)
      client.close()
      reject(new Error(`connect refused: ${error.message} ${JSON.stringify(error.data)}`))
    })
  })
  return client
}

/** Connects and subscribes in one go. */
export async function subscribedStream(
  url: string,
  accountId: string,
  channels: string[],
  options: Omit<SubscribeRequest, 'channels'> & StreamOptions & { token?: string } = {},
): Promise<StreamClient> {
  const { token, keepData, ...subscribe } = options
  const auth = token === undefined ? { accountId } : { accountId, token }
  const client = await connectStream(url, auth, keepData === undefined ? {} : { keepData })
  await client.subscribe(channels, subscribe)
  return client
}

/** Expects the handshake to be refused; answers the refusal's `data`. */
export function refusedConnect(url: string, auth: StreamAuth): Promise<StreamError> {
  const client = openStream(url, auth)
  return new Promise<StreamError>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.close()
      reject(new Error('the handshake was neither accepted nor refused within the bound'))
    }, WAIT_MS)
    client.socket.once('connect', () => {
      clearTimeout(timer)
      client.close()
      reject(new Error(`the handshake was accepted for ${JSON.stringify(auth)}`))
    })
    client.socket.once('connect_error', (error: Error & { data?: StreamError }) => {
      clearTimeout(timer)
      client.close()
      if (error.data === undefined) reject(new Error(`refused without data: ${error.message}`))
      else resolve(error.data)
    })
  })
}

/** Waits until the client's socket (re)connected `count` times in all. */
export function waitForConnects(client: StreamClient, count: number): Promise<void> {
  return client.waitFor(
    (c) => c.seen.filter((s) => s.kind === 'connect').length >= count,
    `${count} connects`,
  )
}

/** The seqs of a list of envelopes. */
export function seqs(envelopes: readonly Envelope[]): number[] {
  return envelopes.map((e) => e.seq)
}

/** Asserts strictly increasing seqs. */
export function expectIncreasing(envelopes: readonly Envelope[]): void {
  const list = seqs(envelopes)
  for (let i = 1; i < list.length; i++)
    expect(list[i], `seq ${list[i]} after ${list[i - 1]} in ${list.join(',')}`).toBeGreaterThan(
      list[i - 1] as number,
    )
}

/** The journal's events (`GET /mock/events`, every page), as the wire shows them. */
export async function journalEvents(
  client: Client,
  query: { accountId?: string; type?: string; after?: number } = {},
): Promise<Envelope[]> {
  const out: Envelope[] = []
  let after: number | null = query.after ?? 0
  while (after !== null) {
    const params = new URLSearchParams({ after: String(after), limit: '1000' })
    if (query.accountId !== undefined) params.set('accountId', query.accountId)
    if (query.type !== undefined) params.set('type', query.type)
    const res = await client.get(`/mock/events?${params}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    out.push(...(res.body.events as Envelope[]))
    after = res.body.next as number | null
  }
  return out
}

/** The account channel a journal event type streams on, or null. */
export function accountChannelOf(type: string): (typeof ACCOUNT_CHANNELS)[number] | null {
  if (type.startsWith('order.')) return 'orders'
  switch (type) {
    case 'fill.created':
      return 'fills'
    case 'position.changed':
      return 'positions'
    case 'account.changed':
      return 'account'
    default:
      return null
  }
}

/** The journal's events of an account on the given account channels (all four if omitted). */
export async function journalOf(
  client: Client,
  accountId: string,
  channels: readonly string[] = ACCOUNT_CHANNELS,
  after = 0,
): Promise<Envelope[]> {
  const events = await journalEvents(client, { accountId, after })
  return events.filter((e) => {
    const channel = accountChannelOf(e.type)
    return channel !== null && channels.includes(channel)
  })
}

/** The stream `fault.applied` events of the journal. */
export async function streamFaultsApplied(client: Client): Promise<Envelope[]> {
  const events = await journalEvents(client, { type: 'fault.applied' })
  return events.filter((e) => e.data.operation === 'stream')
}
