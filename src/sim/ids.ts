/**
 * Deterministic ids from counters (`ord-000042`), one counter per kind, so the same seed and the
 * same calls give the same ids. The counters are part of a world's state and of its snapshots.
 */
export type IdKind = 'ord' | 'fill' | 'mev' | 'flt'

export class IdGenerator {
  #next: Record<IdKind, number>

  constructor(state?: Record<IdKind, number>) {
    this.#next = state ? { ...state } : { ord: 1, fill: 1, mev: 1, flt: 1 }
  }

  next(kind: IdKind): string {
    const n = this.#next[kind]++
    return `${kind}-${String(n).padStart(6, '0')}`
  }

  snapshot(): Record<IdKind, number> {
    return { ...this.#next }
  }
}
