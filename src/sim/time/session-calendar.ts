/**
 * When the market is open: either always ('24x7') or one session a day, Monday to Friday, between
 * two local wall-clock times in an IANA time zone.
 *
 * Invariants: a session is the half-open interval [open, close) of one local weekday, with
 * open < close; all answers are epoch milliseconds, and local times are converted with the
 * zone's offset on that day, so sessions follow daylight saving time (New York opens at 14:30Z in
 * winter and 13:30Z in summer).
 *
 * Zone offsets come from `Intl.DateTimeFormat`, the only time zone database in ECMAScript, so
 * results follow the tz data of the pinned Node version.
 *
 * Known limits: no holidays, half days or overnight sessions (close must be after open on the
 * same day). A local time that does not exist (skipped by a DST change) is moved forward by the
 * size of the gap, and an ambiguous one (repeated) resolves to its earlier instant, as
 * Temporal's 'compatible' disambiguation does; no real exchange opens or closes at such a time.
 */
import { InvariantError, invariant } from '../invariant.js'

/** 'HH:MM' local times, Monday–Friday, no holidays. */
export type SessionConfig = '24x7' | { open: string; close: string; timezone: string }

const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000
const HH_MM_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/
/** Local days remembered per calendar; a week of lookups in both directions fits easily. */
const DAY_CACHE_SIZE_MAX = 64

// One formatter per zone for the whole process: building one costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone)
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    } catch {
      // Intl throws a RangeError; report it in the core's terms, with the fix.
      throw new InvariantError(
        `Failed to create a session calendar: unknown time zone "${timezone}". ` +
          'Use an IANA name such as "America/New_York" or "UTC".',
      )
    }
    formatters.set(timezone, formatter)
  }
  return formatter
}

function parseMinuteOfDay(text: string, field: 'open' | 'close'): number {
  const match = typeof text === 'string' ? HH_MM_PATTERN.exec(text) : null
  invariant(
    match !== null,
    `Failed to create a session calendar: ${field} must be a local time "HH:MM" from 00:00 to 23:59, was "${String(text)}"`,
  )
  return Number(match[1]) * 60 + Number(match[2])
}

/** Monday to Friday, for a day number counted from 1970-01-01 (a Thursday). */
function isWeekday(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7 // 0 = Sunday
  return weekday >= 1 && weekday <= 5
}

/** One local calendar day, as instants. */
interface LocalDay {
  /** The first instant of the day, and the first instant of the next one. */
  readonly startMs: number
  readonly endMs: number
  /** The session's bounds, also computed on weekends (where they are unused). */
  readonly openMs: number
  readonly closeMs: number
}

export class SessionCalendar {
  readonly #alwaysOpen: boolean
  readonly #formatter: Intl.DateTimeFormat | undefined
  readonly #openMinute: number
  readonly #closeMinute: number
  /** Local days by day number; bounded, cleared when full. */
  readonly #days = new Map<number, LocalDay>()
  /** The zone offset last read from Intl, used to guess the local day of the next query. */
  #lastOffsetMs = 0

  constructor(config: SessionConfig) {
    if (config === '24x7') {
      this.#alwaysOpen = true
      this.#formatter = undefined
      this.#openMinute = 0
      this.#closeMinute = 0
      return
    }
    invariant(
      typeof config === 'object' && config !== null,
      `Failed to create a session calendar: expected '24x7' or { open, close, timezone }, was ${String(config)}`,
    )
    this.#alwaysOpen = false
    this.#openMinute = parseMinuteOfDay(config.open, 'open')
    this.#closeMinute = parseMinuteOfDay(config.close, 'close')
    invariant(
      this.#openMinute < this.#closeMinute,
      `Failed to create a session calendar: close "${config.close}" must be after open "${config.open}" (overnight sessions are not supported)`,
    )
    this.#formatter = formatterFor(config.timezone)
  }

  /** Whether `atMs` falls in a session: open <= local time < close on a weekday. */
  isOpen(atMs: number): boolean {
    checkAtMs(atMs)
    if (this.#alwaysOpen) return true
    const dayNumber = this.#localDayNumber(atMs)
    if (!isWeekday(dayNumber)) return false
    const day = this.#day(dayNumber)
    return day.openMs <= atMs && atMs < day.closeMs
  }

  /** The start of the first session strictly after `atMs`; null for '24x7'. */
  nextOpenMs(atMs: number): number | null {
    checkAtMs(atMs)
    if (this.#alwaysOpen) return null
    return this.#firstSessionAfter(atMs, (day) => day.openMs)
  }

  /** The close of the current session if open, else of the next one; null for '24x7'. */
  nextCloseMs(atMs: number): number | null {
    checkAtMs(atMs)
    if (this.#alwaysOpen) return null
    return this.#firstSessionAfter(atMs, (day) => day.closeMs)
  }

  /**
   * The close of the session an order placed at `atMs` belongs to: the current one if open,
   * else the next. For '24x7', the next 00:00:00.000 UTC strictly after `atMs`.
   */
  sessionCloseMs(atMs: number): number {
    checkAtMs(atMs)
    if (this.#alwaysOpen) return (Math.floor(atMs / MS_PER_DAY) + 1) * MS_PER_DAY
    return this.#firstSessionAfter(atMs, (day) => day.closeMs)
  }

  /** The first weekday session whose chosen boundary is strictly after `atMs`. */
  #firstSessionAfter(atMs: number, boundary: (day: LocalDay) => number): number {
    const firstDayNumber = this.#localDayNumber(atMs)
    // A weekend is at most two days long, so a weekday with a later boundary is within 4 days.
    for (let dayNumber = firstDayNumber; dayNumber <= firstDayNumber + 7; dayNumber++) {
      if (!isWeekday(dayNumber)) continue
      const boundaryMs = boundary(this.#day(dayNumber))
      if (boundaryMs > atMs) return boundaryMs
    }
    throw new InvariantError(`Failed to find a session after ${atMs}: no weekday within a week`)
  }

  /**
   * The local calendar day containing `atMs`, as a day number from 1970-01-01.
   *
   * Asking Intl costs microseconds, so first guess the day with the last offset seen and accept
   * the guess if that day's cached bounds contain `atMs`; a clock moving forward through a day
   * then never asks Intl again until the next day.
   */
  #localDayNumber(atMs: number): number {
    const guess = Math.floor((atMs + this.#lastOffsetMs) / MS_PER_DAY)
    const cached = this.#days.get(guess)
    if (cached !== undefined && cached.startMs <= atMs && atMs < cached.endMs) return guess
    this.#lastOffsetMs = this.#offsetMs(atMs)
    const dayNumber = Math.floor((atMs + this.#lastOffsetMs) / MS_PER_DAY)
    this.#day(dayNumber)
    return dayNumber
  }

  #day(dayNumber: number): LocalDay {
    let day = this.#days.get(dayNumber)
    if (day === undefined) {
      const midnightWallMs = dayNumber * MS_PER_DAY
      day = {
        startMs: this.#wallToEpochMs(midnightWallMs),
        endMs: this.#wallToEpochMs(midnightWallMs + MS_PER_DAY),
        openMs: this.#wallToEpochMs(midnightWallMs + this.#openMinute * MS_PER_MINUTE),
        closeMs: this.#wallToEpochMs(midnightWallMs + this.#closeMinute * MS_PER_MINUTE),
      }
      if (this.#days.size >= DAY_CACHE_SIZE_MAX) this.#days.clear()
      this.#days.set(dayNumber, day)
    }
    return day
  }

  /** Local wall time minus UTC at the instant `atMs`, in ms (New York winter: -5 h). */
  #offsetMs(atMs: number): number {
    const parts = this.#formatter!.formatToParts(new Date(atMs))
    const field = (type: Intl.DateTimeFormatPartTypes) =>
      Number(parts.find((part) => part.type === type)?.value)
    const wallMs = Date.UTC(
      field('year'),
      field('month') - 1,
      field('day'),
      field('hour'),
      field('minute'),
      field('second'),
    )
    const wholeSecondMs = atMs - (((atMs % 1000) + 1000) % 1000)
    const offsetMs = wallMs - wholeSecondMs
    if (!Number.isFinite(offsetMs)) {
      throw new InvariantError(`Failed to read the zone offset at ${atMs}`)
    }
    return offsetMs
  }

  /**
   * The instant at which local clocks show `wallMs` (local wall time written as if it were UTC).
   * A zone changes offset at most once around any given day, so the offsets a day before and a
   * day after are the only candidates.
   */
  #wallToEpochMs(wallMs: number): number {
    const offsetBeforeMs = this.#offsetMs(wallMs - MS_PER_DAY)
    const offsetAfterMs = this.#offsetMs(wallMs + MS_PER_DAY)
    const earlierCandidateMs = wallMs - Math.max(offsetBeforeMs, offsetAfterMs)
    const laterCandidateMs = wallMs - Math.min(offsetBeforeMs, offsetAfterMs)
    for (const candidateMs of [earlierCandidateMs, laterCandidateMs]) {
      if (candidateMs + this.#offsetMs(candidateMs) === wallMs) return candidateMs
    }
    // The wall time was skipped: using the offset from before the change lands as far past the
    // change as the wall time was, i.e. shifted forward by the gap.
    return wallMs - offsetBeforeMs
  }
}

function checkAtMs(atMs: number): void {
  // `if` rather than invariant(), whose message would be built on every call.
  if (Number.isSafeInteger(atMs)) return
  throw new InvariantError(
    `Failed to query the session calendar: atMs must be an integer of epoch ms, was ${atMs}`,
  )
}
