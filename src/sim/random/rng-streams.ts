/**
 * Independent named random streams derived from one root seed.
 *
 * `get('prices/AAPL')` seeds its stream with `"<rootSeed>/prices/AAPL"`, so adding a consumer
 * never shifts the numbers another consumer sees. Streams are created on first use.
 *
 * Snapshot invariant: `snapshot()` holds every stream that has a position, including restored
 * states whose stream has not been asked for since, so snapshot → restore → snapshot loses
 * nothing. Keys are inserted in sorted order so the snapshot's JSON is stable; as with any plain
 * object, integer-like names ('7') would still come first, so name streams with words.
 */
import { invariant } from '../invariant.js'
import { Rng, type RngState } from './rng.js'

export class RngStreams {
  readonly #rootSeed: string
  readonly #streams = new Map<string, Rng>()
  /** Restored positions of streams not yet asked for. */
  readonly #dormantStates = new Map<string, RngState>()

  constructor(rootSeed: number | string, states?: Record<string, RngState>) {
    invariant(
      typeof rootSeed === 'string' || Number.isFinite(rootSeed),
      `Failed to create random streams: the root seed must be a string or a finite number, was ${String(rootSeed)}`,
    )
    this.#rootSeed = String(rootSeed)
    for (const [name, state] of Object.entries(states ?? {})) {
      this.#dormantStates.set(name, { ...state })
    }
  }

  /** The stream named `name`, the same object on every call. */
  get(name: string): Rng {
    const existing = this.#streams.get(name)
    if (existing !== undefined) return existing
    const stream = new Rng(`${this.#rootSeed}/${name}`, this.#dormantStates.get(name))
    this.#dormantStates.delete(name)
    this.#streams.set(name, stream)
    return stream
  }

  /** Every stream's position, keyed by name in sorted order. */
  snapshot(): Record<string, RngState> {
    const states = new Map<string, RngState>()
    for (const [name, state] of this.#dormantStates) states.set(name, { ...state })
    for (const [name, stream] of this.#streams) states.set(name, stream.state())
    // fromEntries defines own properties, so even a stream named '__proto__' survives.
    return Object.fromEntries([...states].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  }
}
