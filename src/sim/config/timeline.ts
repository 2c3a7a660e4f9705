/**
 * A scenario's timeline: market events at offsets from the configured start (`+5m`) or at
 * absolute times. Resolution turns every `at` into an absolute ISO time, so the resolved config
 * (and `/mock/state`) says exactly when each event fires, and a reset replays the same schedule.
 *
 * Offsets are `+<integer><unit>`, the unit one of `ms`, `s`, `m`, `h`. Entries fire in time order;
 * entries at the same time fire in the order listed. Every event is checked here, so none can fail
 * when it fires.
 */
import { LIMITS } from '../limits.js'
import { marketEventProblem } from '../market/check-market-event.js'
import { isoTime } from '../time/iso-time.js'
import { ConfigError } from './config-error.js'
import type { TimelineEntry } from './world-config.js'

export const TIMELINE_OFFSET_PATTERN = /^\+(\d{1,15})(ms|s|m|h)$/

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const

/** Epoch ms of an offset or an ISO time; `undefined` when it is neither. */
export function timelineAtMs(at: string, startMs: number): number | undefined {
  const offset = TIMELINE_OFFSET_PATTERN.exec(at)
  if (offset) return startMs + Number(offset[1]) * UNIT_MS[offset[2] as keyof typeof UNIT_MS]
  const ms = Date.parse(at)
  return /^\d{4}-\d{2}-\d{2}T/.test(at) && Number.isFinite(ms) ? ms : undefined
}

/** Resolves offsets against `start` and upper-cases symbols; checks times and event parameters. */
export function resolveTimeline(
  entries: readonly TimelineEntry[] | undefined,
  start: string,
): TimelineEntry[] {
  const startMs = Date.parse(start)
  // An unusable start is reported by the clock check; there is nothing to resolve against.
  if (!Number.isFinite(startMs)) return []
  return (entries ?? []).map((entry, i) => {
    const path = `timeline[${i}]`
    const atMs = timelineAtMs(entry.at, startMs)
    if (atMs === undefined)
      throw new ConfigError(
        `${path}.at must be an offset such as "+5m" (ms, s, m or h) or an ISO time, was ${entry.at}`,
        `${path}.at`,
      )
    if (atMs < startMs || atMs > LIMITS.timeMsMax)
      throw new ConfigError(
        `${path}.at (${entry.at}) must be between the start (${start}) and 9999-12-31`,
        `${path}.at`,
      )
    const event = { ...entry.event, symbol: entry.event.symbol.toUpperCase() }
    const problem = marketEventProblem(event)
    if (problem !== null) throw new ConfigError(`${path}.event: ${problem}`, `${path}.event`)
    return { at: isoTime(atMs), event }
  })
}

/** Every timeline event must name a configured symbol. */
export function checkTimelineSymbols(
  entries: readonly TimelineEntry[],
  symbols: ReadonlySet<string>,
): void {
  entries.forEach(({ event }, i) => {
    if (!symbols.has(event.symbol))
      throw new ConfigError(
        `timeline[${i}].event names ${event.symbol}, which is not a configured symbol`,
        `timeline[${i}].event.symbol`,
      )
  })
}
