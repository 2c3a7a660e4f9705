/**
 * The append-only journal: gap-free `seq` from 1, a running hash over the canonical encoding of
 * every event, and the last `retention` events in memory.
 *
 * Ordering invariant: `seq` strictly increases by one per event within a timeline; `epoch` counts
 * timelines (configure, reset and restore each start one).
 * Known limit: events older than the retention window are gone from memory; `since` reports the
 * first seq it still holds so callers can tell "expired" from "nothing new".
 */
import { invariant } from '../invariant.js'
import { hashCanonical, hashQuoteEvent, type QuoteFields } from './canonical-hash.js'
import type { EventType, JournalEvent, JsonObject } from './events.js'
import { HASH_SEED, RunningHash } from './running-hash.js'

export interface JournalPosition {
  seq: number
  hash: string
  epoch: number
}

export type JournalListener = (event: JournalEvent) => void

export interface EventFilter {
  types?: readonly string[] | undefined
  typePrefix?: string | undefined
  accountId?: string | undefined
}

export class Journal {
  #seq: number
  readonly #hash: RunningHash
  readonly epoch: number
  readonly #retention: number
  #events: JournalEvent[] = []
  readonly #listeners = new Set<JournalListener>()

  constructor(retention: number, position: JournalPosition) {
    invariant(retention >= 1, `journal retention must be at least 1, was ${retention}`)
    this.#retention = retention
    this.#seq = position.seq
    this.#hash = new RunningHash(position.hash)
    this.epoch = position.epoch
  }

  static start(retention: number, epoch: number): Journal {
    return new Journal(retention, { seq: 0, hash: HASH_SEED, epoch })
  }

  /** A journal rewound to a snapshot: its position, and the events it still held then. */
  static restore(
    retention: number,
    position: JournalPosition,
    events: readonly JournalEvent[],
  ): Journal {
    const journal = new Journal(retention, position)
    const kept = events.slice(-retention)
    invariant(
      kept.every((event, i) => event.seq === position.seq - kept.length + 1 + i),
      'a restored journal must hold the consecutive events up to its seq',
    )
    journal.#events = [...kept]
    return journal
  }

  /** The events still held, oldest first (shared, never mutated: events are immutable). */
  retained(): readonly JournalEvent[] {
    return this.#events
  }

  get seq(): number {
    return this.#seq
  }

  get hash(): string {
    return this.#hash.hex
  }

  position(): JournalPosition {
    return { seq: this.#seq, hash: this.#hash.hex, epoch: this.epoch }
  }

  /** The oldest seq still in memory (seq + 1 when empty). */
  get firstRetainedSeq(): number {
    return this.#events[0]?.seq ?? this.#seq + 1
  }

  append(
    type: EventType,
    timeMs: number,
    accountId: string | null,
    data: JsonObject,
  ): JournalEvent {
    const event: JournalEvent = { seq: this.#seq + 1, type, timeMs, accountId, data }
    this.#hash.mark()
    try {
      hashCanonical(this.#hash, event)
    } catch (error) {
      // An event that cannot be encoded is a bug; the journal stays as it was before it.
      this.#hash.rewind()
      throw error
    }
    return this.#record(event)
  }

  /** `append('quote.updated', timeMs, null, { quote })`, hashed from the quote's fixed layout. */
  appendQuote(timeMs: number, quote: QuoteFields): JournalEvent {
    const seq = this.#seq + 1
    this.#hash.mark()
    try {
      hashQuoteEvent(this.#hash, seq, timeMs, quote)
    } catch (error) {
      this.#hash.rewind()
      throw error
    }
    const data: JsonObject = { quote: quote as unknown as JsonObject }
    return this.#record({ seq, type: 'quote.updated', timeMs, accountId: null, data })
  }

  #record(event: JournalEvent): JournalEvent {
    this.#seq = event.seq
    this.#events.push(event)
    // Trim in batches so appends stay O(1) amortized.
    if (this.#events.length > this.#retention * 1.25) {
      this.#events = this.#events.slice(this.#events.length - this.#retention)
    }
    for (const listener of this.#listeners) listener(event)
    return event
  }

  /** Retained events with `seq > afterSeq` that pass the filter, oldest first, at most `limit`. */
  since(afterSeq: number, limit: number, filter: EventFilter = {}): JournalEvent[] {
    const out: JournalEvent[] = []
    const first = this.firstRetainedSeq
    const start = Math.max(0, afterSeq + 1 - first)
    for (let i = start; i < this.#events.length && out.length < limit; i++) {
      const event = this.#events[i] as JournalEvent
      if (matches(event, filter)) out.push(event)
    }
    return out
  }

  subscribe(listener: JournalListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

function matches(event: JournalEvent, filter: EventFilter): boolean {
  if (filter.accountId !== undefined && event.accountId !== filter.accountId) return false
  if (filter.types !== undefined && !filter.types.includes(event.type)) return false
  if (filter.typePrefix !== undefined && !event.type.startsWith(filter.typePrefix)) return false
  return true
}
