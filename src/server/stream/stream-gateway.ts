/**
 * The socket.io surface (CONTRACT.md section 2): namespace `/v1` on the HTTP server's port.
 *
 * - Handshake `auth: { accountId, token? }`: the account must exist, and where it has an apiKey
 *   the token must be it; refusals carry `data: { code, message, details }`.
 * - `subscribe { channels, sinceSeq?, epoch? }` joins the channels' rooms, acks `{ ok, seq, epoch,
 *   channels, replayed }`, then replays the journal's events of the newly subscribed channels after
 *   `sinceSeq`. Node runs the handler to its end before any other journal append, so the replay
 *   and the live events that follow neither overlap nor leave a gap.
 * - Live events fan out through `StreamDelivery` (stream faults apply there).
 * - configure, reset and restore: every socket gets `resync { epoch, seq }`, keeps its
 *   subscriptions, and is dropped if its account or key no longer lets it in.
 * - An optional `StreamObserver` hears of every event sent to sockets (metrics).
 * - Limits: a handshake beyond `maxStreamConnections` and a subscribe beyond `maxSubscriptions`
 *   channels are refused (`too_many_connections`, `too_many_subscriptions`); a message over
 *   `STREAM_MESSAGE_BYTES_MAX` closes the connection.
 */
import type { Server as HttpServer } from 'node:http'
import type { z } from '@hono/zod-openapi'
import { Server, type Namespace, type Socket } from 'socket.io'
import {
  ApiError,
  CONNECTION_CHANNEL,
  STREAM_NAMESPACE,
  STREAM_PATH,
  StreamAuth,
  SubscribeRequest,
  UnsubscribeRequest,
  schemaIssues,
  streamEventName,
  type ApiErrorCode,
  type ConnectionNotice,
  type StreamEventName,
  type SubscribeAck,
} from '../../api/index.js'
import {
  QUOTES_CHANNEL_PREFIX,
  isoTime,
  streamChannelOf,
  type JournalEvent,
  type JsonObject,
  type Simulation,
} from '../../sim/index.js'
import { bearerToken, checkAccountAccess } from '../account-auth.js'
import type { BrokerRuntime } from '../broker-runtime.js'
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../server-limits.js'
import { toWireEvent, type WireEvent } from '../wire-event.js'
import { StreamDelivery, type StreamOutlet } from './stream-delivery.js'
import { accountRoom, roomOf } from './stream-rooms.js'

/** How long `close()` waits for sockets to take their notice and go. */
const CLOSE_DRAIN_MS = 1_000

/**
 * The largest message a client may send (socket.io's `maxHttpBufferSize`, 1 MB by default). The
 * largest valid one is a subscribe of 256 channels of at most 39 characters, about 11 KB; a
 * bigger message closes the connection before it is parsed.
 */
export const STREAM_MESSAGE_BYTES_MAX = 64 * 1024

interface SocketState {
  accountId: string
  token: string | undefined
  channels: Set<string>
}

type ServerEvents = { [name in StreamEventName]: (envelope: WireEvent) => void }
type ClientEvents = {
  subscribe: (payload: unknown, ack?: unknown) => void
  unsubscribe: (payload: unknown, ack?: unknown) => void
}
type StreamSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketState>
type StreamNamespace = Namespace<ClientEvents, ServerEvents, Record<string, never>, SocketState>

/** An error as the handshake and the acks carry it. */
interface Refusal {
  code: ApiErrorCode
  message: string
  details: Record<string, unknown>
}

/** The channel families of the stream, the bounded names of `quotes:SYMBOL` and the rest. */
export type StreamChannelFamily =
  'orders' | 'fills' | 'positions' | 'account' | 'quotes' | 'connection'

const FAMILY_OF_EVENT: Record<StreamEventName, StreamChannelFamily> = {
  order: 'orders',
  fill: 'fills',
  position: 'positions',
  account: 'account',
  quote: 'quotes',
  connection: 'connection',
}

/** Hears what the gateway sends, for metrics. It must not throw (a throw is logged, not raised). */
export interface StreamObserver {
  /**
   * `count` sockets were each sent one event of `channel`: a live journal event (a `duplicate`
   * fault's second copy and a held event when released included; a `drop`ped one is not sent),
   * a replayed one, or a connection notice.
   */
  onDelivered?(channel: StreamChannelFamily, count: number): void
}

type Delivered = (name: StreamEventName, count: number) => void

export interface StreamGateway {
  readonly io: Server
  /** Connected sockets. */
  readonly clients: number
  /** Call after virtual time moved without journal events (releases delayed events). */
  clockMoved(): void
  /**
   * Tells subscribers of `connection` the broker is going away and closes every socket, waiting
   * (at most a second) for them to go.
   */
  disconnectAll(): Promise<void>
  /** Closes socket.io and the HTTP server under it (resolves once its connections are gone). */
  close(): Promise<void>
}

export function attachStreamGateway(
  httpServer: HttpServer,
  runtime: BrokerRuntime,
  observer: StreamObserver = {},
  limits: Pick<ServerLimits, 'maxStreamConnections' | 'maxSubscriptions'> = DEFAULT_SERVER_LIMITS,
): StreamGateway {
  const delivered: Delivered = (name, count) => {
    if (count <= 0 || observer.onDelivered === undefined) return
    try {
      observer.onDelivered(FAMILY_OF_EVENT[name], count)
    } catch (error) {
      console.error('mock-broker: stream observer failed:', error)
    }
  }
  const io = new Server(httpServer, {
    path: STREAM_PATH,
    serveClient: false,
    // A test tool: browser dashboards on any origin may connect.
    cors: { origin: '*' },
    maxHttpBufferSize: STREAM_MESSAGE_BYTES_MAX,
  })
  const nsp: StreamNamespace = io.of(STREAM_NAMESPACE)
  const delivery = new StreamDelivery(
    socketOutlet(nsp, runtime, delivered),
    () => runtime.sim.nowMs,
  )
  // The journal calls this inside core commands: a failure to deliver must not break one.
  const deliver = (event: JournalEvent) => {
    try {
      delivery.onEvent(event)
    } catch (error) {
      console.error('mock-broker: stream delivery failed:', error)
    }
  }
  let stopListening = runtime.sim.onEvent(deliver)

  const stopFollowing = runtime.onTimeline((sim) => {
    stopListening()
    delivery.clear()
    stopListening = sim.onEvent(deliver)
    nsp.emit('connection', notice(sim, null, 'resync'))
    delivered('connection', nsp.sockets.size)
    for (const socket of nsp.sockets.values() as Iterable<StreamSocket>) {
      const refusal = accessRefusal(runtime, socket.data.accountId, socket.data.token)
      if (refusal !== null) dropSocket(socket, sim, delivered, refusal.code, false)
    }
  })

  nsp.use((socket, next) => {
    // Exact under concurrent handshakes: this runs to its end, and socket.io adds an admitted
    // socket to `sockets` on the next tick, which Node runs before reading another handshake.
    const connections = nsp.sockets.size
    if (connections >= limits.maxStreamConnections) {
      return next(
        refusalError({
          code: 'too_many_connections',
          message: `the broker already has ${connections} stream connections, its limit (--max-stream-connections): retry once one has closed`,
          details: { limit: limits.maxStreamConnections, connections },
        }),
      )
    }
    const auth = StreamAuth.safeParse(socket.handshake.auth ?? {})
    if (!auth.success) {
      return next(
        refusalError({
          code: 'invalid_request',
          message: 'the handshake auth must be { accountId, token? }',
          details: { issues: schemaIssues(auth.error).issues },
        }),
      )
    }
    const token = auth.data.token ?? bearerToken(socket.handshake.headers.authorization)
    const refusal = accessRefusal(runtime, auth.data.accountId, token)
    if (refusal !== null) return next(refusalError(refusal))
    const state: SocketState = { accountId: auth.data.accountId, token, channels: new Set() }
    socket.data = state
    next()
  })

  nsp.on('connection', (socket: StreamSocket) => {
    void socket.join(accountRoom(socket.data.accountId))
    socket.on('subscribe', (payload: unknown, ack?: unknown) => {
      const [body, reply] = typeof payload === 'function' ? [undefined, payload] : [payload, ack]
      subscribe(socket, body, replier(reply))
    })
    socket.on('unsubscribe', (payload: unknown, ack?: unknown) => {
      const [body, reply] = typeof payload === 'function' ? [undefined, payload] : [payload, ack]
      unsubscribe(socket, body, replier(reply))
    })
  })

  function subscribe(socket: StreamSocket, payload: unknown, reply: (ack: SubscribeAck) => void) {
    const request = SubscribeRequest.safeParse(payload)
    if (!request.success) return reply(failure(invalidRequest('subscribe', request.error)))
    const sim = runtime.sim
    const channels = [...new Set(request.data.channels)]
    const unknown = channels.find(
      (c) => c.startsWith(QUOTES_CHANNEL_PREFIX) && !sim.quote(symbolOf(c)).ok,
    )
    if (unknown !== undefined) {
      const symbol = symbolOf(unknown)
      return reply(
        failure({
          code: 'unknown_symbol',
          message: `unknown symbol ${symbol}: GET /v1/symbols lists them`,
          details: { symbol },
        }),
      )
    }
    const { sinceSeq } = request.data
    const position = sim.journalPosition()
    if (sinceSeq !== undefined) {
      const expired = replayRefusal(sim, sinceSeq, request.data.epoch)
      if (expired !== null) return reply(failure(expired))
    }
    const { accountId } = socket.data
    const added = channels.filter((c) => !socket.data.channels.has(c))
    const subscribed = socket.data.channels.size
    if (subscribed + added.length > limits.maxSubscriptions) {
      return reply(
        failure({
          code: 'too_many_subscriptions',
          message: `adding ${added.length} channel(s) to the ${subscribed} this connection has would exceed its limit of ${limits.maxSubscriptions} (--max-subscriptions): unsubscribe some first`,
          details: { limit: limits.maxSubscriptions, subscribed, adding: added.length },
        }),
      )
    }
    // A replay covers every channel named, subscribed before or not: it is how a client fills a
    // gap (a dropped event) without reconnecting. Held events of those rooms are in it too.
    const replayed = sinceSeq === undefined ? [] : channels
    for (const channel of sinceSeq === undefined ? added : channels) {
      const room = roomOf(channel, accountId)
      delivery.forget(socket.id, room)
      void socket.join(room)
      socket.data.channels.add(channel)
    }
    const backlog = sinceSeq === undefined ? [] : replayable(sim, sinceSeq, accountId, replayed)
    reply({
      ok: true,
      seq: position.seq,
      epoch: position.epoch,
      channels: [...socket.data.channels],
      replayed: backlog.length,
    })
    if (added.includes(CONNECTION_CHANNEL)) {
      socket.emit('connection', notice(sim, accountId, 'connected'))
      delivered('connection', 1)
    }
    for (const { event, channel } of backlog) {
      const name = streamEventName(channel)
      socket.emit(name, toWireEvent(event))
      delivered(name, 1)
    }
  }

  function unsubscribe(socket: StreamSocket, payload: unknown, reply: (ack: SubscribeAck) => void) {
    const request = UnsubscribeRequest.safeParse(payload)
    if (!request.success) return reply(failure(invalidRequest('unsubscribe', request.error)))
    for (const channel of request.data.channels) {
      if (!socket.data.channels.delete(channel)) continue
      const room = roomOf(channel, socket.data.accountId)
      void socket.leave(room)
      delivery.forget(socket.id, room)
    }
    const { seq, epoch } = runtime.sim.journalPosition()
    reply({ ok: true, seq, epoch, channels: [...socket.data.channels], replayed: 0 })
  }

  return {
    io,
    get clients() {
      return nsp.sockets.size
    },
    clockMoved: () => delivery.release(runtime.sim.nowMs),
    disconnectAll: async () => {
      // Each socket gets its notice, then its transport is closed once the notice is written
      // (engine.io drains before closing), as a restart would look: clients retry by themselves.
      for (const socket of nsp.sockets.values() as Iterable<StreamSocket>)
        dropSocket(socket, runtime.sim, delivered, 'shutdown', true)
      for (let waited = 0; io.engine.clientsCount > 0 && waited < CLOSE_DRAIN_MS; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10))
    },
    close: () => {
      stopFollowing()
      stopListening()
      return new Promise<void>((resolve, reject) =>
        // The listener may be closed already (a graceful shutdown stops accepting first).
        io.close((error) =>
          error && (error as { code?: string }).code !== 'ERR_SERVER_NOT_RUNNING'
            ? reject(error)
            : resolve(),
        ),
      )
    },
  }
}

/** The socket.io side of delivery: rooms of the namespace, and drops with a notice. */
function socketOutlet(
  nsp: StreamNamespace,
  runtime: BrokerRuntime,
  delivered: Delivered,
): StreamOutlet {
  return {
    members: (room) => nsp.adapter.rooms.get(room),
    toRoom: (room, name, envelope) => {
      nsp.to(room).emit(name, envelope)
      delivered(name, nsp.adapter.rooms.get(room)?.size ?? 0)
    },
    toSockets: (ids, name, envelope) => {
      nsp.to([...ids]).emit(name, envelope)
      delivered(name, ids.length)
    },
    drop: (ids, reason, details) => {
      for (const id of ids) {
        const socket = nsp.sockets.get(id) as StreamSocket | undefined
        if (socket !== undefined) dropSocket(socket, runtime.sim, delivered, reason, true, details)
      }
    },
  }
}

/**
 * Drops a socket after a `disconnecting` notice (to subscribers of `connection`). `transient`:
 * close the transport as a network failure would, so the client reconnects by itself; otherwise
 * disconnect it for good (its account or key is gone).
 */
function dropSocket(
  socket: StreamSocket,
  sim: Simulation,
  delivered: Delivered,
  reason: string,
  transient: boolean,
  details: JsonObject = {},
): void {
  if (socket.data.channels.has(CONNECTION_CHANNEL)) {
    socket.emit('connection', notice(sim, socket.data.accountId, 'disconnecting', reason, details))
    delivered('connection', 1)
  }
  if (transient) socket.conn.close()
  else socket.disconnect(true)
}

function notice(
  sim: Simulation,
  accountId: string | null,
  status: ConnectionNotice['status'],
  reason?: string,
  details: JsonObject = {},
): WireEvent {
  const { seq, epoch } = sim.journalPosition()
  const data: ConnectionNotice & JsonObject = { ...details, status, epoch, seq }
  if (reason !== undefined) data.reason = reason
  return { seq, type: status, time: isoTime(sim.nowMs), accountId, data }
}

function accessRefusal(
  runtime: BrokerRuntime,
  accountId: string,
  token: string | undefined,
): Refusal | null {
  if (!runtime.sim.accountIds().includes(accountId)) {
    return {
      code: 'not_found',
      message: `no account ${accountId}: GET /v1/accounts lists them`,
      details: { accountId },
    }
  }
  try {
    checkAccountAccess(runtime, accountId, token)
    return null
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    // Any key that does not open this account is a bad token on the stream (CONTRACT.md 2).
    return { code: 'unauthorized', message: error.message, details: { accountId } }
  }
}

/** Why events after `sinceSeq` cannot be replayed, or null when they can. */
function replayRefusal(
  sim: Simulation,
  sinceSeq: number,
  epoch: number | undefined,
): Refusal | null {
  const position = sim.journalPosition()
  const firstRetainedSeq = sim.firstRetainedSeq()
  const details = { sinceSeq, seq: position.seq, epoch: position.epoch, firstRetainedSeq }
  if (epoch !== undefined && epoch !== position.epoch) {
    return {
      code: 'events_expired',
      message: `sinceSeq belongs to timeline ${epoch}; this is timeline ${position.epoch} (configure, reset or restore rewound it)`,
      details,
    }
  }
  if (sinceSeq > position.seq) {
    return {
      code: 'events_expired',
      message: `sinceSeq ${sinceSeq} is ahead of the journal (seq ${position.seq}): the timeline was rewound`,
      details,
    }
  }
  if (sinceSeq + 1 < firstRetainedSeq) {
    return {
      code: 'events_expired',
      message: `events after ${sinceSeq} are beyond the journal's retention (oldest kept: ${firstRetainedSeq})`,
      details,
    }
  }
  return null
}

/** The retained events after `sinceSeq` of the given channels that this account may see. */
function replayable(
  sim: Simulation,
  sinceSeq: number,
  accountId: string,
  channels: readonly string[],
): Array<{ event: JournalEvent; channel: string }> {
  if (channels.length === 0) return []
  const wanted = new Set(channels)
  const out: Array<{ event: JournalEvent; channel: string }> = []
  for (const event of sim.events(sinceSeq, Number.POSITIVE_INFINITY)) {
    const channel = streamChannelOf(event)
    if (channel === null || !wanted.has(channel)) continue
    if (event.accountId !== null && event.accountId !== accountId) continue
    out.push({ event, channel })
  }
  return out
}

function symbolOf(channel: string): string {
  return channel.slice(QUOTES_CHANNEL_PREFIX.length)
}

function failure(refusal: Refusal): SubscribeAck {
  return { ok: false, error: refusal }
}

function invalidRequest(what: string, error: z.ZodError): Refusal {
  const { issues, summary } = schemaIssues(error)
  return {
    code: 'invalid_request',
    message: `${what} expects { channels: [...], sinceSeq?, epoch? }: ${summary}`,
    details: { issues },
  }
}

function replier(ack: unknown): (body: SubscribeAck) => void {
  return typeof ack === 'function'
    ? (body) => (ack as (body: SubscribeAck) => void)(body)
    : () => {}
}

function refusalError(refusal: Refusal): Error {
  return Object.assign(new Error(refusal.message), { data: refusal })
}
