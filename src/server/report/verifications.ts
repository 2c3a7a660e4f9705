/**
 * The verifications a test helper recorded (`POST /mock/verifications`), for the JUnit report.
 * Held in the shell's memory, newest `capacity` kept (the oldest go first and are counted), and
 * not part of the journal, its hash or snapshots. Ids count up within one log (`ver-000001`) and
 * carry on across clears, so an id is never reused by one server.
 */
import {
  VERIFICATIONS_MAX,
  type Verification,
  type VerificationInput,
} from '../../api/schemas/verification.js'

/** Where a verification was recorded: virtual time and the journal position. */
export interface VerificationStamp {
  time: string
  seq: number
}

export class VerificationLog {
  readonly capacity: number
  #entries: Verification[] = []
  #dropped = 0
  #nextId = 1

  constructor(capacity: number = VERIFICATIONS_MAX) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`verification log capacity must be a positive integer, not ${capacity}`)
    this.capacity = capacity
  }

  record(input: VerificationInput, stamp: VerificationStamp): Verification {
    const verification: Verification = {
      id: `ver-${String(this.#nextId++).padStart(6, '0')}`,
      name: input.name,
      suite: input.suite ?? null,
      ok: input.ok,
      message: input.message ?? null,
      details: input.details ?? null,
      time: stamp.time,
      seq: stamp.seq,
    }
    this.#entries.push(verification)
    // Trim in batches so recording stays O(1) amortized; `list` hides the excess until then.
    const excess = this.#entries.length - this.capacity
    if (excess >= Math.ceil(this.capacity / 4)) {
      this.#entries = this.#entries.slice(excess)
      this.#dropped += excess
    }
    return verification
  }

  /** Every verification kept, oldest first, and how many were dropped. */
  list(): { verifications: Verification[]; dropped: number } {
    const excess = Math.max(0, this.#entries.length - this.capacity)
    return { verifications: this.#entries.slice(excess), dropped: this.#dropped + excess }
  }

  /** Forgets every verification (a new timeline); answers how many there were. */
  clear(): number {
    const cleared = Math.min(this.#entries.length, this.capacity)
    this.#entries = []
    this.#dropped = 0
    return cleared
  }
}
