/**
 * A typed socket.io subscription to one account's stream (docs/BEHAVIOUR.md, "Streaming
 * (socket.io)"; decisions/0010-streaming.md): `openBrokerStream({ baseUrl, accountId, channels })`
 * then `.on('fill', (envelope) => ...)`.
 *
 * It resumes by itself. Every (re)connect subscribes with `{ channels, sinceSeq: lastSeq, epoch }`
 * (the first one live, unless the caller gives `sinceSeq`), so after a `disconnect` fault or a
 * network blip the server replays what was missed, in order, before live events. A `resync`
 * (configure, reset, restore) resets `lastSeq` to 0 and subscribes again with `{ sinceSeq: 0,
 * epoch }` so the new timeline's events arrive. An `events_expired` answer is reported on
 * `'expired'` and followed by a live subscribe. With `dedupe` (the default), an envelope whose
 * seq was already delivered (a `duplicate` fault, a replay overlapping live) is dropped; the seqs
 * remembered are a bounded window of the most recent ones.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import {
  STREAM_NAMESPACE,
  STREAM_PATH,
  type Account,
  type ConnectionNotice,
  type Fill,
  type Order,
  type Position,
  type Quote,
  type StreamEnvelope,
  type StreamError,
  type StreamEventName,
  type SubscribeAck,
  type SubscribeRequest,
} from '../api/index.js'

/** A channel of `subscribe`: the account's own ones, `connection`, or `quotes:SYMBOL`. */
export type BrokerStreamChannel =
  'orders' | 'fills' | 'positions' | 'account' | 'connection' | `quotes:${string}`

/** The `data` of each event name's envelopes. */
export interface StreamEventData {
  order: { order: Order }
  /** `order` is the order as this fill leaves it; `positionQty` the signed position after it. */
  fill: { fill: Fill; order: Order; positionQty: string }
  position: { position: Position }
  account: { account: Account }
  quote: { quote: Quote }
  /** `disconnecting` notices may carry more (`withheldSeq` for a fault). */
  connection: ConnectionNotice & Record<string, unknown>
}

/** An envelope `{ seq, type, time, accountId, data }` with its event's `data` typed. */
export interface TypedEnvelope<N extends StreamEventName> extends Omit<StreamEnvelope, 'data'> {
  data: StreamEventData[N]
}

export type SubscribeOk = Extract<SubscribeAck, { ok: true }>

/** Everything a `BrokerStream` emits, with its handler. */
export type BrokerStreamEvents = {
  [N in StreamEventName]: (envelope: TypedEnvelope<N>) => void
} & {
  /** A resume point the server no longer has (`events_expired`): events were lost. */
  expired: (error: BrokerStreamError) => void
  /** Every successful subscribe ack: the first one, each resume, each resync. */
  subscribed: (ack: SubscribeOk) => void
  /** The transport went away (socket.io's reason); it reconnects unless the server closed it. */
  disconnect: (reason: string) => void
  /**
   * Something went wrong after `.ready`: a refused reconnect or subscribe, a subscribe with no
   * ack, the server closing the stream for good, or a handler that threw.
   */
  error: (error: Error) => void
}
export type BrokerStreamEventName = keyof BrokerStreamEvents

/** A refusal of the stream: the handshake's or a subscribe's `{ code, message, details }`. */
export class BrokerStreamError extends Error {
  readonly code: string
  readonly details: Record<string, unknown>
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'BrokerStreamError'
    this.code = code
    this.details = details
  }
}

export interface BrokerStreamOptions {
  /** The broker's HTTP base URL, such as `http://127.0.0.1:4010`. */
  baseUrl: string
  accountId: string
  /** The account's apiKey, where it has one. */
  token?: string | undefined
  channels: readonly BrokerStreamChannel[]
  /** Drop envelopes whose seq was already delivered (default true). */
  dedupe?: boolean
  /** How many recent seqs dedupe remembers (default 4096). */
  dedupeWindow?: number
  /** Resume from here on the first subscribe (the `lastSeq` of an earlier stream). */
  sinceSeq?: number | undefined
  /** The timeline `sinceSeq` belongs to (the `epoch` of an earlier stream). */
  epoch?: number | undefined
  /** How long a subscribe waits for its ack (default 10 s). */
  ackTimeoutMs?: number
  /** Passed to socket.io-client (reconnection delays, transports...); auth and path are ours. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>
}

export interface BrokerStream {
  /** Resolves with the first successful subscribe ack; rejects if the handshake or it is refused. */
  readonly ready: Promise<SubscribeOk>
  /**
   * The resume point: the highest seq of the data events handled (connection notices aside), or
   * the journal's seq at a live subscribe when that is higher (later events come live). 0 after a
   * resync.
   */
  readonly lastSeq: number
  /** The timeline `lastSeq` belongs to; undefined until the first ack. */
  readonly epoch: number | undefined
  readonly connected: boolean
  on<E extends BrokerStreamEventName>(event: E, handler: BrokerStreamEvents[E]): this
  off<E extends BrokerStreamEventName>(event: E, handler: BrokerStreamEvents[E]): this
  /**
   * Resolves once everything the server sent before now has been handled (a round trip on the
   * socket that changes nothing): how a test proves an event did not come.
   */
  sync(): Promise<void>
  /** Disconnects for good; no handler is called afterwards. */
  close(): void
}

const DATA_EVENTS = ['order', 'fill', 'position', 'account', 'quote'] as const
const DEFAULT_DEDUPE_WINDOW = 4096
const DEFAULT_ACK_TIMEOUT_MS = 10_000
/** A channel no socket has: unsubscribing it is a round trip that changes nothing. */
const SYNC_CHANNEL = 'quotes:__sync__'

type ServerEvents = { [N in StreamEventName]: (envelope: StreamEnvelope) => void }
type ClientEvents = {
  subscribe: (request: SubscribeRequest, ack: (ack: SubscribeAck) => void) => void
  unsubscribe: (request: { channels: string[] }, ack: (ack: SubscribeAck) => void) => void
}
type StreamSocket = Socket<ServerEvents, ClientEvents>
type AnyHandler = (arg: never) => void

export function openBrokerStream(options: BrokerStreamOptions): BrokerStream {
  return new SocketBrokerStream(options)
}

/** The seqs delivered lately, at most `size` of them (oldest forgotten first). */
class SeqWindow {
  private readonly seen = new Set<number>()
  private readonly order: number[] = []
  private head = 0
  constructor(private readonly size: number) {}

  /** Records `seq`; false when it was already there. */
  add(seq: number): boolean {
    if (this.seen.has(seq)) return false
    this.seen.add(seq)
    this.order.push(seq)
    if (this.seen.size > this.size) {
      this.seen.delete(this.order[this.head] as number)
      this.head++
      if (this.head > this.size) {
        this.order.splice(0, this.head)
        this.head = 0
      }
    }
    return true
  }

  clear(): void {
    this.seen.clear()
    this.order.length = 0
    this.head = 0
  }
}

class SocketBrokerStream implements BrokerStream {
  readonly ready: Promise<SubscribeOk>
  private readonly socket: StreamSocket
  private readonly channels: BrokerStreamChannel[]
  private readonly dedupe: boolean
  private readonly window: SeqWindow
  private readonly ackTimeoutMs: number
  private readonly handlers = new Map<BrokerStreamEventName, Set<AnyHandler>>()
  private seq: number
  private timeline: number | undefined
  /** Whether subscribes resume with `sinceSeq` (from the start if the caller gave one). */
  private resuming: boolean
  /**
   * A subscribe with `sinceSeq` is in flight on this socket: data events arriving before its ack
   * were sent before the server handled it, so its replay has them too, in order.
   */
  private resumesPending = 0
  /** Counts connections, so an ack of a socket session that ended is ignored. */
  private session = 0
  private settled = false
  private closed = false
  private resolveReady!: (ack: SubscribeOk) => void
  private rejectReady!: (error: Error) => void
  /** The reason of the last `disconnecting` notice (why the server dropped the socket). */
  private lastDropReason: string | undefined

  constructor(options: BrokerStreamOptions) {
    this.channels = [...new Set(options.channels)]
    if (this.channels.length === 0) throw new TypeError('openBrokerStream needs at least a channel')
    this.dedupe = options.dedupe ?? true
    this.window = new SeqWindow(Math.max(1, options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW))
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS
    this.seq = options.sinceSeq ?? 0
    this.timeline = options.epoch
    this.resuming = options.sinceSeq !== undefined
    this.ready = new Promise<SubscribeOk>((resolve, reject) => {
      this.resolveReady = resolve
      this.rejectReady = reject
    })
    // A caller that never awaits `ready` must not get an unhandled rejection.
    this.ready.catch(() => {})

    const auth: Record<string, string> = { accountId: options.accountId }
    if (options.token !== undefined) auth.token = options.token
    const base = options.baseUrl.replace(/\/+$/, '')
    this.socket = io(`${base}${STREAM_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      ...options.socketOptions,
      path: STREAM_PATH,
      auth,
    })
    this.socket.on('connect', () => {
      this.lastDropReason = undefined
      this.subscribe()
    })
    this.socket.on('connect_error', (error: Error & { data?: Partial<StreamError> }) =>
      this.onConnectError(error),
    )
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason))
    for (const name of DATA_EVENTS) this.socket.on(name, (envelope) => this.onData(name, envelope))
    this.socket.on('connection', (envelope) => this.onNotice(envelope))
  }

  get lastSeq(): number {
    return this.seq
  }

  get epoch(): number | undefined {
    return this.timeline
  }

  get connected(): boolean {
    return this.socket.connected
  }

  on<E extends BrokerStreamEventName>(event: E, handler: BrokerStreamEvents[E]): this {
    let set = this.handlers.get(event)
    if (set === undefined) this.handlers.set(event, (set = new Set()))
    set.add(handler as AnyHandler)
    return this
  }

  off<E extends BrokerStreamEventName>(event: E, handler: BrokerStreamEvents[E]): this {
    this.handlers.get(event)?.delete(handler as AnyHandler)
    return this
  }

  sync(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.socket
        .timeout(this.ackTimeoutMs)
        .emit('unsubscribe', { channels: [SYNC_CHANNEL] }, (error: Error | null) =>
          error
            ? reject(new Error(`sync got no answer within ${this.ackTimeoutMs} ms`))
            : resolve(),
        )
    })
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.failReady(new BrokerStreamError('closed', 'the stream was closed before it was ready'))
    this.socket.removeAllListeners()
    this.socket.disconnect()
    this.handlers.clear()
  }

  private subscribe(): void {
    const request: SubscribeRequest = { channels: this.channels }
    const resume = this.resuming
    if (resume) {
      request.sinceSeq = this.seq
      if (this.timeline !== undefined) request.epoch = this.timeline
    }
    const session = this.session
    if (resume) this.resumesPending++
    this.socket.timeout(this.ackTimeoutMs).emit('subscribe', request, (error, ack) => {
      if (this.closed || session !== this.session) return
      if (resume) this.resumesPending--
      if (error) {
        return this.fail(
          new BrokerStreamError('timeout', `subscribe got no ack within ${this.ackTimeoutMs} ms`),
        )
      }
      if (!ack.ok) return this.onRefused(ack.error, resume)
      if (!resume) {
        // Live from here: events up to ack.seq were never meant for this stream.
        if (ack.epoch !== this.timeline) {
          this.window.clear()
          this.seq = ack.seq
        } else this.seq = Math.max(this.seq, ack.seq)
      }
      this.timeline = ack.epoch
      this.resuming = true
      this.emit('subscribed', ack)
      if (!this.settled) {
        this.settled = true
        this.resolveReady(ack)
      }
    })
  }

  private onRefused(refusal: StreamError, resumed: boolean): void {
    const error = new BrokerStreamError(refusal.code, refusal.message, refusal.details)
    if (refusal.code === 'events_expired' && resumed) {
      this.emit('expired', error)
      this.resuming = false
      if (this.socket.connected) this.subscribe()
      return
    }
    this.fail(error)
  }

  private onConnectError(error: Error & { data?: Partial<StreamError> }): void {
    const data = error.data
    // Without data it is the network: socket.io-client retries by itself.
    if (data === undefined || typeof data.code !== 'string') return
    // A refused handshake is not retried by socket.io-client.
    this.fail(new BrokerStreamError(data.code, data.message ?? error.message, data.details ?? {}))
  }

  private onDisconnect(reason: string): void {
    this.session++
    this.resumesPending = 0
    this.emit('disconnect', reason)
    if (reason === 'io server disconnect') {
      const code = this.lastDropReason ?? 'disconnected'
      this.fail(new BrokerStreamError(code, `the broker closed the stream for good (${code})`))
    }
  }

  private onData(name: (typeof DATA_EVENTS)[number], envelope: StreamEnvelope): void {
    // The pending resume's replay carries this one too, in its place.
    if (this.resumesPending > 0) return
    if (this.dedupe && !this.window.add(envelope.seq)) return
    if (envelope.seq > this.seq) this.seq = envelope.seq
    this.emit(name, envelope as never)
  }

  private onNotice(envelope: StreamEnvelope): void {
    const notice = envelope as TypedEnvelope<'connection'>
    if (notice.data.status === 'disconnecting') this.lastDropReason = notice.data.reason
    if (notice.data.status === 'resync') {
      // A new timeline: seqs start again, and what it made so far is replayed from 0.
      this.timeline = notice.data.epoch
      this.seq = 0
      this.window.clear()
      this.emit('connection', notice)
      if (this.settled && this.socket.connected) {
        this.resuming = true
        this.subscribe()
      }
      return
    }
    this.emit('connection', notice)
  }

  /** Rejects `ready` if it is still pending, else reports on `'error'`. */
  private fail(error: Error): void {
    if (this.failReady(error)) return
    this.emit('error', error)
  }

  private failReady(error: Error): boolean {
    if (this.settled) return false
    this.settled = true
    this.rejectReady(error)
    return true
  }

  private emit<E extends BrokerStreamEventName>(
    event: E,
    arg: Parameters<BrokerStreamEvents[E]>[0],
  ): void {
    const set = this.handlers.get(event)
    if (set === undefined) return
    for (const handler of [...set]) {
      try {
        ;(handler as (arg: unknown) => void)(arg)
      } catch (error) {
        if (event === 'error')
          console.error('mock-broker client: a stream error handler threw:', error)
        else this.emit('error', error instanceof Error ? error : new Error(String(error)))
      }
    }
  }
}
