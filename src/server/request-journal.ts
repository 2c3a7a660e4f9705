/**
 * The request journal behind `GET /mock/requests`: the last `capacity` `/v1` requests in a ring,
 * so a long run costs a fixed amount of memory. Wall-clock data about the wire, not part of the
 * simulation: it is not in the event journal, its hash or snapshots.
 */
import { REQUEST_JOURNAL_SIZE, type RequestRecord } from '../api/index.js'
import { globMatches } from '../sim/index.js'

export class RequestJournal {
  readonly capacity: number
  #ring: RequestRecord[] = []
  /** Where the next record goes once the ring is full (the oldest one). */
  #next = 0

  constructor(capacity: number = REQUEST_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`request journal capacity must be a positive integer, not ${capacity}`)
    this.capacity = capacity
  }

  get size(): number {
    return this.#ring.length
  }

  record(entry: RequestRecord): void {
    if (this.#ring.length < this.capacity) {
      this.#ring.push(entry)
      return
    }
    this.#ring[this.#next] = entry
    this.#next = (this.#next + 1) % this.capacity
  }

  /** Up to `limit` records, newest first, of paths matching the glob `path` if given. */
  newest(limit: number, path?: string): RequestRecord[] {
    const matches = (text: string) => path === undefined || globMatches(path, text)
    const out: RequestRecord[] = []
    const n = this.#ring.length
    for (let i = 1; i <= n && out.length < limit; i++) {
      const entry = this.#ring[(this.#next - i + n) % n] as RequestRecord
      if (matches(entry.path)) out.push(entry)
    }
    return out
  }

  /** Drops every record; answers how many there were. */
  clear(): number {
    const dropped = this.#ring.length
    this.#ring = []
    this.#next = 0
    return dropped
  }
}
