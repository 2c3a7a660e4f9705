/**
 * The soak's stream clients and what each must have seen by the end (docs/BEHAVIOUR.md,
 * "Streaming (socket.io)").
 *
 * - `RawStreamClient` speaks the socket.io protocol itself and records every envelope exactly as
 *   it arrived, per connection ("session"): the replay of its subscribe, then live events. It
 *   resumes from the lowest seq it may have missed, as the docs ask of a client that must survive
 *   `delay` and `reorder`: every ~0.5 s a no-op round trip (`unsubscribe` of a channel it does not
 *   have) answers the journal head H, a checkpoint (every event up to H has arrived, unless a
 *   fault still holds it); a reconnect resumes from the newest checkpoint taken at least
 *   `resumeWindowMs` before the drop. Held events wait virtual milliseconds (wall microseconds at
 *   the soak's speed), so a window of seconds covers them with a wide margin; replaying a few
 *   seconds twice is the price, and the check below tells those copies apart.
 * - `SdkStreamClient` is `openBrokerStream` (src/client) with its dedupe on, as an application
 *   would use it: it resumes from the highest seq it handled.
 *
 * "Unexpected duplicate", exactly:
 * - raw client, within one session: a replayed seq twice, a replayed seq outside (sinceSeq,
 *   ack.seq], a live seq at or below ack.seq (the replay had it), a live seq twice without a
 *   `duplicate` fault on it (or three times with one). Copies across sessions are expected: a
 *   resume replays what the client chose to ask again.
 * - SDK client: any seq delivered to the application twice.
 * "Lost": a journal event of the account's channels after the client's first subscribe that
 * never arrived. The raw client must get all of them except those a `drop` fault kept from live
 * delivery and no replay of its covered; the SDK client may also lose `delay`ed and `reorder`ed
 * events (held when its socket went, and below the highest seq it resumes from: documented).
 */
import { io, type Socket } from 'socket.io-client'
import type { StreamEnvelope, SubscribeAck } from '../src/api/index.js'
import {
  openBrokerStream,
  type BrokerStream,
  type BrokerStreamChannel,
  type TypedEnvelope,
} from '../src/client/index.js'
import { seqsBetween, type AccountJournal } from './soak-journal.js'

export const ACCOUNT_CHANNELS = ['orders', 'fills', 'positions', 'account'] as const
const CHANNELS: BrokerStreamChannel[] = [...ACCOUNT_CHANNELS, 'connection']
const DATA_EVENTS = ['order', 'fill', 'position', 'account'] as const
const ACK_TIMEOUT_MS = 10_000
const CHECKPOINT_EVERY_MS = 500
/** A channel no socket has: unsubscribing it changes nothing and answers the head seq. */
const NOOP_CHANNEL = 'quotes:__soak__'

const SOCKET_OPTIONS = {
  transports: ['websocket'],
  forceNew: true,
  reconnectionDelay: 100,
  reconnectionDelayMax: 1_000,
  randomizationFactor: 0.5,
}

interface Session {
  /** null: the first, live subscribe. */
  sinceSeq: number | null
  ackSeq: number | null
  /** `replayed` of the ack. */
  replayExpected: number
  replay: number[]
  live: number[]
  /** Data events before the ack (a socket has no rooms before it subscribes: none expected). */
  early: number[]
  ended: boolean
}

export interface ClientReport {
  name: string
  kind: 'raw' | 'sdk'
  accountId: string
  /** Journal events the client was owed. */
  checked: number
  received: number
  sessions: number
  /** Copies beyond the first: by a `duplicate` fault, by a resume's replay overlapping. */
  duplicatesByFault: number
  duplicatesByReplay: number
  unexpectedDuplicates: number
  missing: number
  /** Missing and documented (see the file comment), by fault kind. */
  documentedLosses: Record<string, number>
  replayed: number
  disconnects: Record<string, number>
  violations: string[]
}

export class RawStreamClient {
  readonly name: string
  readonly accountId: string
  readonly sessions: Session[] = []
  readonly violations: string[] = []
  readonly disconnects = new Map<string, number>()
  firstAckSeq: number | null = null
  readonly #socket: Socket
  readonly #resumeWindowMs: number
  #epoch: number | undefined
  #current: Session | null = null
  #checkpoints: Array<{ wallMs: number; seq: number }> = []
  #timer: ReturnType<typeof setInterval>
  /** When the last session ended (the client noticed its drop). */
  #droppedAtMs = 0
  #closed = false
  #foreign = 0

  constructor(baseUrl: string, accountId: string, name: string, resumeWindowMs: number) {
    this.name = name
    this.accountId = accountId
    this.#resumeWindowMs = resumeWindowMs
    this.#socket = io(`${baseUrl}/v1`, { ...SOCKET_OPTIONS, auth: { accountId } })
    this.#socket.on('connect', () => this.#subscribe())
    this.#socket.on('disconnect', (reason) => {
      this.disconnects.set(reason, (this.disconnects.get(reason) ?? 0) + 1)
      if (this.#current !== null) this.#current.ended = true
      this.#current = null
      this.#droppedAtMs = Date.now()
    })
    this.#socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      // A refusal with data is the broker saying no (not the network): it is not retried.
      if (error.data?.code !== undefined)
        this.violations.push(`${name}: handshake refused: ${error.data.code}`)
    })
    for (const name of DATA_EVENTS)
      this.#socket.on(name, (envelope: StreamEnvelope) => this.#onData(envelope))
    this.#socket.on('connection', (envelope: StreamEnvelope) => {
      const status = (envelope.data as { status?: string }).status
      if (status === 'resync')
        this.violations.push(`${this.name}: resync at seq ${envelope.seq} (nothing rewinds here)`)
    })
    this.#timer = setInterval(() => this.#checkpoint(), CHECKPOINT_EVERY_MS)
  }

  /** Connected, subscribed and done with its replay. */
  get caughtUp(): boolean {
    const session = this.#current
    return (
      this.#socket.connected &&
      session !== null &&
      session.ackSeq !== null &&
      session.replay.length >= session.replayExpected
    )
  }

  get connected(): boolean {
    return this.#socket.connected
  }

  /** Closes the transport as a network failure would: socket.io-client reconnects by itself. */
  dropTransport(): boolean {
    if (!this.#socket.connected) return false
    this.#socket.io.engine.close()
    return true
  }

  /** `disconnect()`, then `connect()` again after `pauseMs`. */
  disconnectFor(pauseMs: number): boolean {
    if (!this.#socket.connected) return false
    this.#socket.disconnect()
    setTimeout(() => {
      if (!this.#closed) this.#socket.connect()
    }, pauseMs)
    return true
  }

  /** A round trip: once it is answered, everything sent before has arrived. */
  async sync(): Promise<void> {
    await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('unsubscribe', {
      channels: [NOOP_CHANNEL],
    })
  }

  close(): void {
    this.#closed = true
    clearInterval(this.#timer)
    this.#socket.removeAllListeners()
    this.#socket.disconnect()
  }

  /** Where a new session resumes: the newest checkpoint at least the window before the drop. */
  #resumePoint(): number {
    const before = this.#droppedAtMs - this.#resumeWindowMs
    let seq = this.firstAckSeq as number
    for (const checkpoint of this.#checkpoints)
      if (checkpoint.wallMs <= before) seq = checkpoint.seq
    return seq
  }

  #subscribe(): void {
    const first = this.firstAckSeq === null
    const session: Session = {
      sinceSeq: first ? null : this.#resumePoint(),
      ackSeq: null,
      replayExpected: 0,
      replay: [],
      live: [],
      early: [],
      ended: false,
    }
    this.sessions.push(session)
    this.#current = session
    const request: { channels: string[]; sinceSeq?: number; epoch?: number } = {
      channels: CHANNELS,
    }
    if (session.sinceSeq !== null) {
      request.sinceSeq = session.sinceSeq
      if (this.#epoch !== undefined) request.epoch = this.#epoch
    }
    this.#socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('subscribe', request, (error: Error | null, ack: SubscribeAck) => {
        if (session.ended) return
        if (error) {
          this.violations.push(`${this.name}: subscribe got no ack within ${ACK_TIMEOUT_MS} ms`)
          return
        }
        if (!ack.ok) {
          this.violations.push(
            `${this.name}: subscribe ${JSON.stringify(request)} refused: ${ack.error.code} ${ack.error.message}`,
          )
          return
        }
        session.ackSeq = ack.seq
        session.replayExpected = ack.replayed
        this.#epoch = ack.epoch
        if (first) this.firstAckSeq = ack.seq
        if (ack.replayed === 0) this.#checkpoints.push({ wallMs: Date.now(), seq: ack.seq })
      })
  }

  #onData(envelope: StreamEnvelope): void {
    if (envelope.accountId !== this.accountId) {
      // Isolation (CONTRACT.md section 2): report the first few only.
      if (this.#foreign++ < 5)
        this.violations.push(
          `${this.name}: got seq ${envelope.seq} of account ${envelope.accountId}`,
        )
      return
    }
    const session = this.#current
    if (session === null) {
      this.violations.push(`${this.name}: seq ${envelope.seq} arrived with no session`)
      return
    }
    if (session.ackSeq === null) session.early.push(envelope.seq)
    else if (session.replay.length < session.replayExpected) {
      session.replay.push(envelope.seq)
      if (session.replay.length === session.replayExpected)
        this.#checkpoints.push({ wallMs: Date.now(), seq: session.ackSeq })
    } else session.live.push(envelope.seq)
  }

  #checkpoint(): void {
    const session = this.#current
    if (!this.caughtUp || session === null) return
    this.#socket
      .timeout(ACK_TIMEOUT_MS)
      .emit(
        'unsubscribe',
        { channels: [NOOP_CHANNEL] },
        (error: Error | null, ack: SubscribeAck) => {
          // A checkpoint counts only for the session it was asked on, answered in full.
          if (error || !ack.ok || session.ended || session !== this.#current) return
          this.#checkpoints.push({ wallMs: Date.now(), seq: ack.seq })
          if (this.#checkpoints.length > 400) this.#checkpoints.splice(0, 200)
        },
      )
  }

  /** What this client saw against the journal of its account up to `head`. */
  report(journal: AccountJournal, head: number): ClientReport {
    const violations = [...this.violations]
    const faults = journal.streamFaults
    const received = new Map<number, number>()
    const replayRanges: Array<[number, number]> = []
    let duplicatesByFault = 0
    let unexpectedDuplicates = 0
    let replayed = 0
    const add = (seq: number) => received.set(seq, (received.get(seq) ?? 0) + 1)
    const note = (message: string) => {
      if (violations.length < 50) violations.push(`${this.name}: ${message}`)
    }

    this.sessions.forEach((session, index) => {
      const label = `session ${index + 1}`
      if (session.early.length > 0)
        note(`${label}: ${session.early.length} events before the subscribe ack`)
      if (session.ackSeq === null) {
        if (!session.ended) note(`${label}: never subscribed`)
        return
      }
      const ackSeq = session.ackSeq
      // The replay: exactly the journal's events in (sinceSeq, ack.seq], in order, once each.
      if (session.sinceSeq !== null) {
        replayRanges.push([session.sinceSeq, ackSeq])
        const expected = seqsBetween(journal, session.sinceSeq, ackSeq)
        if (session.replayExpected !== expected.length)
          note(
            `${label}: ack.replayed ${session.replayExpected}, the journal has ${expected.length} events in (${session.sinceSeq}, ${ackSeq}]`,
          )
        const got = session.replay
        const wrong = got.findIndex((seq, i) => seq !== expected[i])
        if (wrong >= 0)
          note(`${label}: replay #${wrong + 1} is seq ${got[wrong]}, expected ${expected[wrong]}`)
        if (!session.ended && got.length < expected.length)
          note(`${label}: replay stopped after ${got.length} of ${expected.length}`)
        const seen = new Set<number>()
        for (const seq of got) {
          if (seen.has(seq) || seq <= session.sinceSeq || seq > ackSeq) unexpectedDuplicates++
          seen.add(seq)
          add(seq)
        }
        replayed += got.length
      }
      // Live: once each (twice under `duplicate`), after ack.seq, in seq order except what
      // `delay` and `reorder` held back, and never what `drop` or `disconnect` withheld.
      const counts = new Map<number, number>()
      let previous = ackSeq
      for (const seq of session.live) {
        const count = (counts.get(seq) ?? 0) + 1
        counts.set(seq, count)
        add(seq)
        const fault = faults.get(seq)
        if (!journal.has.has(seq)) note(`${label}: live seq ${seq} is not an event of its channels`)
        if (seq <= ackSeq) {
          unexpectedDuplicates++
          note(`${label}: live seq ${seq} at or below ack.seq ${ackSeq} (the replay's)`)
        }
        if (fault === 'drop' || fault === 'disconnect')
          note(`${label}: live seq ${seq} arrived despite a ${fault} fault`)
        if (count === 2 && fault === 'duplicate') duplicatesByFault++
        else if (count > 1) {
          unexpectedDuplicates++
          note(`${label}: live seq ${seq} arrived ${count} times (fault: ${fault ?? 'none'})`)
        }
        if (fault === 'delay' || fault === 'reorder' || count > 1) continue
        if (seq <= previous && seq > ackSeq)
          note(`${label}: live seq ${seq} after ${previous}, out of order with no fault`)
        previous = Math.max(previous, seq)
      }
    })

    const from = this.firstAckSeq ?? head
    const owed = seqsBetween(journal, from, head)
    const documentedLosses: Record<string, number> = {}
    let missing = 0
    for (const seq of owed) {
      if (received.has(seq)) continue
      const fault = faults.get(seq)
      const replayedRange = replayRanges.some(([lo, hi]) => seq > lo && seq <= hi)
      if (fault === 'drop' && !replayedRange) {
        documentedLosses.drop = (documentedLosses.drop ?? 0) + 1
        continue
      }
      missing++
      note(
        `lost seq ${seq} (fault: ${fault ?? 'none'}${replayedRange ? ', in a replay range' : ''})`,
      )
    }
    let copies = 0
    for (const count of received.values()) copies += count - 1
    return {
      name: this.name,
      kind: 'raw',
      accountId: this.accountId,
      checked: owed.length,
      received: received.size,
      sessions: this.sessions.length,
      duplicatesByFault,
      duplicatesByReplay: Math.max(0, copies - duplicatesByFault - unexpectedDuplicates),
      unexpectedDuplicates,
      missing,
      documentedLosses,
      replayed,
      disconnects: Object.fromEntries(this.disconnects),
      violations,
    }
  }
}

/** What the load generator reads off an SDK stream: open orders and positions. */
export interface AccountView {
  openOrders: Map<string, { symbol: string; type: string; side: string }>
  positions: Map<string, number>
}

const TERMINAL = new Set(['filled', 'canceled', 'replaced', 'rejected', 'expired'])

export class SdkStreamClient {
  readonly name: string
  readonly accountId: string
  readonly stream: BrokerStream
  readonly delivered = new Map<number, number>()
  readonly violations: string[] = []
  readonly disconnects = new Map<string, number>()
  firstAckSeq: number | null = null
  #foreign = 0

  constructor(baseUrl: string, accountId: string, name: string, view?: AccountView) {
    this.name = name
    this.accountId = accountId
    this.stream = openBrokerStream({
      baseUrl,
      accountId,
      channels: CHANNELS,
      socketOptions: SOCKET_OPTIONS,
    })
    void this.stream.ready.then(
      (ack) => (this.firstAckSeq = ack.seq),
      (error: Error) => this.violations.push(`${name}: not ready: ${error.message}`),
    )
    const record = (envelope: { seq: number; accountId: string | null }) => {
      if (envelope.accountId !== accountId) {
        if (this.#foreign++ < 5)
          this.violations.push(`${name}: got seq ${envelope.seq} of ${envelope.accountId}`)
        return
      }
      this.delivered.set(envelope.seq, (this.delivered.get(envelope.seq) ?? 0) + 1)
    }
    this.stream.on('order', (envelope: TypedEnvelope<'order'>) => {
      record(envelope)
      const { order } = envelope.data
      if (view === undefined) return
      if (TERMINAL.has(order.status)) view.openOrders.delete(order.id)
      else view.openOrders.set(order.id, order)
    })
    this.stream.on('fill', record)
    this.stream.on('position', (envelope: TypedEnvelope<'position'>) => {
      record(envelope)
      const { position } = envelope.data
      view?.positions.set(position.symbol, Number(position.qty))
    })
    this.stream.on('account', record)
    this.stream.on('connection', (notice) => {
      if (notice.data.status === 'resync')
        this.violations.push(`${name}: resync at seq ${notice.seq} (nothing rewinds here)`)
    })
    this.stream.on('expired', (error) =>
      this.violations.push(`${name}: resume point expired: ${error.message}`),
    )
    this.stream.on('error', (error) => this.violations.push(`${name}: ${error.message}`))
    this.stream.on('disconnect', (reason) =>
      this.disconnects.set(reason, (this.disconnects.get(reason) ?? 0) + 1),
    )
  }

  get connected(): boolean {
    return this.stream.connected
  }

  /**
   * Closes the SDK's transport as a network failure would. The SDK has no such call, so this
   * reaches its socket.io socket (a TypeScript-private field): a test of its own reconnect.
   */
  dropTransport(): boolean {
    const socket = Reflect.get(this.stream, 'socket') as Socket | undefined
    if (socket === undefined || !socket.connected) return false
    socket.io.engine.close()
    return true
  }

  sync(): Promise<void> {
    return this.stream.sync()
  }

  close(): void {
    this.stream.close()
  }

  report(journal: AccountJournal, head: number): ClientReport {
    const violations = [...this.violations]
    const note = (message: string) => {
      if (violations.length < 50) violations.push(`${this.name}: ${message}`)
    }
    const from = this.firstAckSeq ?? head
    let unexpectedDuplicates = 0
    for (const [seq, count] of this.delivered) {
      if (count > 1) {
        unexpectedDuplicates += count - 1
        note(`seq ${seq} delivered ${count} times (dedupe is on)`)
      }
      if (!journal.has.has(seq)) note(`seq ${seq} is not an event of its channels`)
      else if (seq <= from) note(`seq ${seq} at or below the first ack's seq ${from}`)
    }
    const owed = seqsBetween(journal, from, head)
    const documentedLosses: Record<string, number> = {}
    let missing = 0
    for (const seq of owed) {
      if (this.delivered.has(seq)) continue
      const fault = journal.streamFaults.get(seq)
      if (fault === 'drop' || fault === 'delay' || fault === 'reorder') {
        documentedLosses[fault] = (documentedLosses[fault] ?? 0) + 1
        continue
      }
      missing++
      note(`lost seq ${seq} (fault: ${fault ?? 'none'})`)
    }
    return {
      name: this.name,
      kind: 'sdk',
      accountId: this.accountId,
      checked: owed.length,
      received: this.delivered.size,
      sessions: 1 + [...this.disconnects.values()].reduce((a, b) => a + b, 0),
      duplicatesByFault: 0,
      duplicatesByReplay: 0,
      unexpectedDuplicates,
      missing,
      documentedLosses,
      replayed: 0,
      disconnects: Object.fromEntries(this.disconnects),
      violations,
    }
  }
}
