/**
 * Holds the current world and replaces it on configure, reset and restore. Each of
 * those starts a new timeline with the next `epoch`; listeners (the realtime driver, the stream
 * gateway) hear about it so they can re-anchor or tell clients to resync.
 */
import {
  configureConfig,
  Simulation,
  type ConfigInput,
  type JournalPosition,
  type ReplayFixture,
  type Result,
  type WorldConfig,
  type WorldSnapshot,
} from '../sim/index.js'

export type TimelineReason = 'configure' | 'reset' | 'restore'
export type TimelineListener = (sim: Simulation, reason: TimelineReason) => void

export interface RuntimeOptions {
  /** Journal events kept for stream replay and `/mock/events`, in every world this runtime makes. */
  journalRetention?: number | undefined
  /** Closed orders (with their fills) each world keeps; older ones are forgotten. */
  orderRetention?: number | undefined
}

export class BrokerRuntime {
  #sim: Simulation
  readonly #journalRetention: number | undefined
  readonly #orderRetention: number | undefined
  #listeners = new Set<TimelineListener>()

  constructor(
    config: WorldConfig,
    fixture: ReplayFixture | null = null,
    options: RuntimeOptions = {},
  ) {
    this.#journalRetention = options.journalRetention
    this.#orderRetention = options.orderRetention
    this.#sim = this.#create(config, 1, fixture)
  }

  /** Builds the boot world, or explains why the boot configuration is unusable. */
  static boot(input: ConfigInput, options: RuntimeOptions = {}): BrokerRuntime {
    const config = configureConfig(input)
    if (!config.ok) throw new Error(`invalid configuration: ${config.error.message}`)
    return new BrokerRuntime(config.value, input.fixture ?? null, options)
  }

  get sim(): Simulation {
    return this.#sim
  }

  configure(input: ConfigInput): Result<JournalPosition> {
    const config = configureConfig(input)
    if (!config.ok) return config
    return {
      ok: true,
      value: this.#replace(
        this.#create(config.value, this.#nextEpoch(), input.fixture ?? null),
        'configure',
      ),
    }
  }

  /**
   * Back to the initial state of the last configure: same seed, same future. A historical replay
   * reuses the fixture read at configure (the file is not read again).
   */
  reset(): JournalPosition {
    const { config, fixture } = this.#sim
    return this.#replace(this.#create(config, this.#nextEpoch(), fixture), 'reset')
  }

  /**
   * The world a snapshot was taken of, in a new timeline (CONTRACT.md section 4: a restore
   * rewinds and increments `epoch`). `fixture`: the replay fixture of the snapshot's world.
   */
  restore(snapshot: WorldSnapshot, fixture: ReplayFixture | null): Result<JournalPosition> {
    const sim = Simulation.restore(snapshot, {
      epoch: this.#nextEpoch(),
      fixture,
      journalRetention: this.#journalRetention,
      orderRetention: this.#orderRetention,
    })
    return sim.ok ? { ok: true, value: this.#replace(sim.value, 'restore') } : sim
  }

  onTimeline(listener: TimelineListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #create(config: WorldConfig, epoch: number, fixture: ReplayFixture | null): Simulation {
    return Simulation.create(config, {
      epoch,
      fixture,
      journalRetention: this.#journalRetention,
      orderRetention: this.#orderRetention,
    })
  }

  #nextEpoch(): number {
    return this.#sim.journalPosition().epoch + 1
  }

  #replace(sim: Simulation, reason: TimelineReason): JournalPosition {
    this.#sim = sim
    for (const listener of this.#listeners) listener(sim, reason)
    return sim.journalPosition()
  }
}
