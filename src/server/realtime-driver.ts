/**
 * Paces the simulation against the wall clock in `realtime` mode: virtual time follows
 * `anchorVirtual + (wallNow - anchorWall) * speed`. The only place, with the HTTP latency
 * measurements, that reads the wall clock. `speed: 0` pauses; any timeline change or manual
 * advance re-anchors, so virtual time never jumps back.
 */
import type { BrokerRuntime } from './broker-runtime.js'

export interface RealtimeDriverOptions {
  /** Wall-clock ms between steps. */
  tickMs?: number
  now?: () => number
  /** Called after each step that moved virtual time. */
  onStep?: () => void
}

export class RealtimeDriver {
  readonly #runtime: BrokerRuntime
  readonly #tickMs: number
  readonly #now: () => number
  readonly #onStep: (() => void) | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #anchorWallMs = 0
  #anchorVirtualMs = 0

  constructor(
    runtime: BrokerRuntime,
    { tickMs = 50, now = Date.now, onStep }: RealtimeDriverOptions = {},
  ) {
    this.#runtime = runtime
    this.#tickMs = tickMs
    this.#now = now
    this.#onStep = onStep
  }

  /** Starts or stops pacing to match the current config, and re-anchors. */
  sync(): void {
    const { mode } = this.#runtime.sim.config.clock
    this.#anchorWallMs = this.#now()
    this.#anchorVirtualMs = this.#runtime.sim.nowMs
    if (mode === 'realtime' && this.#timer === undefined) {
      this.#timer = setInterval(() => this.step(), this.#tickMs)
      this.#timer.unref()
    } else if (mode !== 'realtime') {
      this.stop()
    }
  }

  /** Advances the simulation to where the wall clock says it should be. */
  step(): void {
    const sim = this.#runtime.sim
    const { speed } = sim.config.clock
    const targetMs = this.#anchorVirtualMs + Math.floor((this.#now() - this.#anchorWallMs) * speed)
    if (targetMs <= sim.nowMs) return
    sim.advanceTo(targetMs)
    this.#onStep?.()
  }

  /** Whether the driver is pacing the simulation (realtime mode). */
  get running(): boolean {
    return this.#timer !== undefined
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
  }
}
