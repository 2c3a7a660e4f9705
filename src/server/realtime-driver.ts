/**
 * Paces the simulation against the wall clock in `realtime` mode: virtual time follows
 * `anchorVirtual + (wallNow - anchorWall) * speed`. The only place, with the HTTP latency
 * measurements, that reads the wall clock. `speed: 0` pauses; any timeline change or manual
 * advance re-anchors, so virtual time never jumps back.
 */
import type { BrokerRuntime } from './broker-runtime.js'

/** How many steps of virtual time one step may catch up before the clock slips instead. */
const MAX_STEPS_BEHIND = 4
/** The share of a step's wall time the simulation may use, leaving the rest for I/O. */
const STEP_BUDGET = 0.5
/** No step advances more than a day of virtual time (well inside the core's one-year bound). */
const MAX_STEP_MS = 24 * 60 * 60 * 1000

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
  #slippedMs = 0
  /** What the last step cost: wall ms per virtual ms advanced. */
  #wallMsPerVirtualMs = 0

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
    // A new world (or a jump) costs what it costs: measure again.
    this.#wallMsPerVirtualMs = 0
    if (mode === 'realtime' && this.#timer === undefined) {
      this.#timer = setInterval(() => this.step(), this.#tickMs)
      this.#timer.unref()
    } else if (mode !== 'realtime') {
      this.stop()
    }
  }

  /**
   * Advances the simulation to where the wall clock says it should be, within two bounds: at most
   * `MAX_STEPS_BEHIND` steps' worth of virtual time, and at most what the last steps' cost says
   * fits in half a step of wall time. When the simulation cannot keep up (a high `speed` with many
   * symbols, or the process was blocked), virtual time slips behind instead of piling up a backlog
   * that would starve the event loop: HTTP and socket.io keep being served between steps.
   * `slippedMs` counts the virtual time given up.
   */
  step(): void {
    const sim = this.#runtime.sim
    const { speed } = sim.config.clock
    const wallNow = this.#now()
    const fromMs = sim.nowMs
    let targetMs = this.#anchorVirtualMs + Math.floor((wallNow - this.#anchorWallMs) * speed)
    const catchUpMs = Math.floor(MAX_STEPS_BEHIND * this.#tickMs * speed)
    let limitMs = fromMs + Math.max(1, Math.min(catchUpMs, MAX_STEP_MS))
    if (this.#wallMsPerVirtualMs > 0) {
      const affordable = Math.floor((this.#tickMs * STEP_BUDGET) / this.#wallMsPerVirtualMs)
      limitMs = Math.min(limitMs, fromMs + Math.max(1, affordable))
    }
    if (targetMs > limitMs) {
      this.#slippedMs += targetMs - limitMs
      targetMs = limitMs
      this.#anchorWallMs = wallNow
      this.#anchorVirtualMs = limitMs
    }
    if (targetMs <= fromMs) return
    sim.advanceTo(targetMs)
    // A step too quick for the wall clock's resolution says nothing: keep the last estimate.
    const spentMs = this.#now() - wallNow
    if (spentMs > 0) this.#wallMsPerVirtualMs = spentMs / (targetMs - fromMs)
    this.#onStep?.()
  }

  /** Virtual ms the clock fell behind `wall × speed` because the simulation could not keep up. */
  get slippedMs(): number {
    return this.#slippedMs
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
