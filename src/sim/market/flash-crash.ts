/**
 * A flash crash as a chain of plain-data timer steps, so it is deterministic and a snapshot taken
 * in the middle of one holds exactly where it is.
 *
 * The path: over `durationMs` the mid falls linearly (in price) by `dropPct`; then over `recoverMs`
 * it climbs back `recoverPct` of the drop. Each phase is cut into one step per `updateFrequency`
 * (at least one, at most `CRASH_STEPS_MAX`). A step multiplies the mid by the ratio of the path's
 * level at this step to its level at the previous one, so a jump injected during the crash is
 * kept, and an undisturbed crash from mid M bottoms at M × (1 − dropPct/100) and ends at
 * bottom + recoverPct% × (M − bottom).
 *
 * While a crash runs, the market tick does not step the symbol's price model (the crash alone
 * drives the mid); the model takes over again from where the crash left the price.
 */
import { matchSymbol } from '../execution/matching.js'
import { isoTime } from '../time/iso-time.js'
import type { World } from '../world.js'
import type { FlashCrashEvent } from './market-event.js'
import { writableOverrides } from './market-overrides.js'
import { publishMid } from './publish-quote.js'

/** Most steps of one phase, so a crash over days with a 1 ms tick stays cheap. */
export const CRASH_STEPS_MAX = 1_000

/** Everything a step needs, fixed when the crash starts. */
export interface CrashPlan {
  eventId: string
  symbol: string
  startMs: number
  dropFraction: number
  /** The share of the drop regained by the end. */
  recoverFraction: number
  durationMs: number
  recoverMs: number
  dropSteps: number
  recoverSteps: number
}

export type CrashStepTimer = { kind: 'market.crash_step'; plan: CrashPlan; step: number }

/** Starts a crash: journals `market.flash_crash` and schedules its first step. */
export function startFlashCrash(world: World, eventId: string, event: FlashCrashEvent): void {
  const period = world.config.marketConfig.updateFrequency
  const stepsOver = (ms: number) => Math.min(CRASH_STEPS_MAX, Math.max(1, Math.ceil(ms / period)))
  const plan: CrashPlan = {
    eventId,
    symbol: event.symbol,
    startMs: world.nowMs,
    dropFraction: event.dropPct / 100,
    recoverFraction: event.recoverPct / 100,
    durationMs: event.durationMs,
    recoverMs: event.recoverMs,
    dropSteps: stepsOver(event.durationMs),
    recoverSteps: event.recoverPct === 0 ? 0 : stepsOver(event.recoverMs),
  }
  writableOverrides(world, event.symbol).crashes.push(eventId)
  world.emit('market.flash_crash', null, {
    id: eventId,
    ...event,
    bottomAt: isoTime(plan.startMs + plan.durationMs),
    until: isoTime(plan.startMs + plan.durationMs + (plan.recoverSteps > 0 ? plan.recoverMs : 0)),
  })
  world.schedule(stepTimeMs(plan, 1), { kind: 'market.crash_step', plan, step: 1 })
}

/** Runs one step and a matching pass; the last step ends the crash (`market.flash_crash_ended`). */
export function runCrashStep(world: World, timer: CrashStepTimer): void {
  const { plan, step } = timer
  const market = world.market(plan.symbol)
  publishMid(world, plan.symbol, (market.mid * levelAt(plan, step)) / levelAt(plan, step - 1))
  matchSymbol(world, plan.symbol)
  if (step < plan.dropSteps + plan.recoverSteps) {
    world.schedule(stepTimeMs(plan, step + 1), { kind: 'market.crash_step', plan, step: step + 1 })
    return
  }
  const overrides = writableOverrides(world, plan.symbol)
  overrides.crashes = overrides.crashes.filter((id) => id !== plan.eventId)
  world.emit('market.flash_crash_ended', null, {
    id: plan.eventId,
    symbol: plan.symbol,
    last: market.last.toString(),
  })
}

/** The path's level after `step` steps, as a fraction of the starting mid. */
export function levelAt(plan: CrashPlan, step: number): number {
  const bottom = 1 - plan.dropFraction
  if (step <= plan.dropSteps) return 1 - (plan.dropFraction * step) / plan.dropSteps
  const recovered = (step - plan.dropSteps) / plan.recoverSteps
  return bottom + plan.dropFraction * plan.recoverFraction * recovered
}

function stepTimeMs(plan: CrashPlan, step: number): number {
  if (step <= plan.dropSteps)
    return plan.startMs + Math.round((plan.durationMs * step) / plan.dropSteps)
  const intoRecovery = step - plan.dropSteps
  return (
    plan.startMs + plan.durationMs + Math.round((plan.recoverMs * intoRecovery) / plan.recoverSteps)
  )
}
