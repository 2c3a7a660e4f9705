/**
 * Fans journal events out to the sockets subscribed to their channel, applying the stream faults
 * the core decided (CONTRACT.md section 3): `drop`, `duplicate`, `delay { ms }`, `reorder` and
 * `disconnect`.
 *
 * The core journals a stream fault as `fault.applied` right after the event it applies to, so an
 * event is held back until the next journal event (or the end of the synchronous command, a
 * microtask later) shows whether a fault follows. Faults shape live delivery only: a replay with
 * `sinceSeq` reads the journal and is always complete, which is how a client recovers.
 *
 * - `delay` holds the event until virtual time reaches its time + `ms` (checked as later events
 *   pass and at the end of each command), so a manual clock releases it on `advance`.
 * - `reorder` holds the event until the next event in the same room has been sent, or the end of
 *   the command, whichever comes first.
 * - `disconnect` drops every socket of the event's account (for a quote, the quote's
 *   subscribers) instead of delivering it.
 * Held events go to the sockets that were subscribed when the event happened and still are.
 */
import { streamEventName, type StreamEventName } from '../../api/index.js'
import { streamChannelOf, type JournalEvent, type JsonObject } from '../../sim/index.js'
import { toWireEvent, type WireEvent } from '../wire-event.js'
import { accountRoom, roomOf } from './stream-rooms.js'

export interface StreamOutlet {
  /** The ids of the sockets in a room now. */
  members(room: string): ReadonlySet<string> | undefined
  toRoom(room: string, name: StreamEventName, envelope: WireEvent): void
  toSockets(ids: readonly string[], name: StreamEventName, envelope: WireEvent): void
  /** Drops sockets (a network failure: they may reconnect), after a `disconnecting` notice. */
  drop(ids: readonly string[], reason: string, details: JsonObject): void
}

type StreamEffect =
  { kind: 'drop' | 'duplicate' | 'reorder' | 'disconnect' } | { kind: 'delay'; ms: number }

interface Pending {
  event: JournalEvent
  room: string
  name: StreamEventName
}

interface Held {
  seq: number
  room: string
  name: StreamEventName
  envelope: WireEvent
  sockets: Set<string>
  dueMs: number
}

export class StreamDelivery {
  readonly #outlet: StreamOutlet
  readonly #nowMs: () => number
  #pending: Pending | null = null
  #flushQueued = false
  /** Delayed events, by due time then seq. */
  #delayed: Held[] = []
  #reordered = new Map<string, Held[]>()

  constructor(outlet: StreamOutlet, nowMs: () => number) {
    this.#outlet = outlet
    this.#nowMs = nowMs
  }

  /** Every journal event, in seq order. */
  onEvent(event: JournalEvent): void {
    const pending = this.#pending
    if (pending !== null) {
      this.#pending = null
      const effect = streamFaultFor(event, pending.event.seq)
      this.#deliver(pending, effect)
      if (effect !== null) return
    }
    const first = this.#delayed[0]
    if (first !== undefined && first.dueMs <= event.timeMs) this.release(event.timeMs)
    const channel = streamChannelOf(event)
    if (channel === null) return
    this.#pending = {
      event,
      room: roomOf(channel, event.accountId),
      name: streamEventName(channel),
    }
    if (!this.#flushQueued) {
      this.#flushQueued = true
      queueMicrotask(() => {
        try {
          this.flush()
        } catch (error) {
          console.error('mock-broker: stream delivery failed:', error)
        }
      })
    }
  }

  /** The end of a synchronous command: nothing more can follow the last event. */
  flush(): void {
    this.#flushQueued = false
    const pending = this.#pending
    this.#pending = null
    if (pending !== null) this.#deliver(pending, null)
    for (const room of [...this.#reordered.keys()]) this.#releaseReordered(room)
    this.release(this.#nowMs())
  }

  /** Sends the delayed events due at `nowMs` (virtual). */
  release(nowMs: number): void {
    while (this.#delayed.length > 0 && (this.#delayed[0] as Held).dueMs <= nowMs) {
      this.#send(this.#delayed.shift() as Held)
    }
  }

  /** A socket (un)subscribed a room: held events of that room are no longer its to receive. */
  forget(socketId: string, room: string): void {
    for (const held of this.#delayed) if (held.room === room) held.sockets.delete(socketId)
    for (const held of this.#reordered.get(room) ?? []) held.sockets.delete(socketId)
  }

  /** A new timeline: whatever was held belongs to the old one. */
  clear(): void {
    this.#pending = null
    this.#delayed = []
    this.#reordered.clear()
  }

  /** Events held by `delay` or `reorder` and not sent yet. */
  get heldCount(): number {
    let count = this.#delayed.length
    for (const list of this.#reordered.values()) count += list.length
    return count
  }

  #deliver(pending: Pending, effect: StreamEffect | null): void {
    const { event, room, name } = pending
    if (effect?.kind === 'disconnect') {
      const targets = this.#outlet.members(
        event.accountId === null ? room : accountRoom(event.accountId),
      )
      if (targets !== undefined && targets.size > 0)
        this.#outlet.drop([...targets], 'fault', { withheldSeq: event.seq })
      return
    }
    const members = this.#outlet.members(room)
    if (effect === null || effect.kind === 'duplicate') {
      if (members !== undefined && members.size > 0) {
        const envelope = toWireEvent(event)
        this.#outlet.toRoom(room, name, envelope)
        if (effect !== null) this.#outlet.toRoom(room, name, envelope)
      }
    } else if (effect.kind === 'delay' || effect.kind === 'reorder') {
      if (members !== undefined && members.size > 0) {
        const held: Held = {
          seq: event.seq,
          room,
          name,
          envelope: toWireEvent(event),
          sockets: new Set(members),
          dueMs: effect.kind === 'delay' ? event.timeMs + effect.ms : event.timeMs,
        }
        if (effect.kind === 'delay') this.#hold(held)
        else this.#reordered.set(room, [...(this.#reordered.get(room) ?? []), held])
      }
      return
    }
    // `drop` sends nothing; either way this event counts as the one a reordered one waits for.
    this.#releaseReordered(room)
  }

  #hold(held: Held): void {
    let i = this.#delayed.length
    while (i > 0) {
      const before = this.#delayed[i - 1] as Held
      if (before.dueMs < held.dueMs || (before.dueMs === held.dueMs && before.seq < held.seq)) break
      i--
    }
    this.#delayed.splice(i, 0, held)
  }

  #releaseReordered(room: string): void {
    const held = this.#reordered.get(room)
    if (held === undefined) return
    this.#reordered.delete(room)
    for (const item of held) this.#send(item)
  }

  #send(held: Held): void {
    const members = this.#outlet.members(held.room)
    const ids = [...held.sockets].filter((id) => members?.has(id) === true)
    if (ids.length > 0) this.#outlet.toSockets(ids, held.name, held.envelope)
  }
}

/** The stream fault `event` applies to the event with seq `seq`, if it is one. */
function streamFaultFor(event: JournalEvent, seq: number): StreamEffect | null {
  if (event.type !== 'fault.applied') return null
  const { data } = event
  if (data.operation !== 'stream' || data.seq !== seq) return null
  const effect = data.effect as { kind?: unknown; ms?: unknown } | null
  switch (effect?.kind) {
    case 'drop':
    case 'duplicate':
    case 'reorder':
    case 'disconnect':
      return { kind: effect.kind }
    case 'delay':
      return { kind: 'delay', ms: typeof effect.ms === 'number' ? effect.ms : 0 }
    default:
      return null
  }
}
