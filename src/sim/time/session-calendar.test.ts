import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvariantError } from '../invariant.js'
import { SessionCalendar, type SessionConfig } from './session-calendar.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const newYork = new SessionCalendar({ open: '09:30', close: '16:00', timezone: 'America/New_York' })

describe('SessionCalendar', () => {
  it('is open during a winter New York session and closed outside it', () => {
    expect(newYork.isOpen(at('2026-01-05T14:29:59.999Z'))).toBe(false)
    expect(newYork.isOpen(at('2026-01-05T14:30:00.000Z'))).toBe(true)
    expect(newYork.isOpen(at('2026-01-05T20:59:59.999Z'))).toBe(true)
    expect(newYork.isOpen(at('2026-01-05T21:00:00.000Z'))).toBe(false)
  })

  it('is closed at weekends', () => {
    expect(newYork.isOpen(at('2026-01-03T15:00:00Z'))).toBe(false)
    expect(newYork.isOpen(at('2026-01-04T15:00:00Z'))).toBe(false)
  })

  it('opens next on Monday after Friday’s close', () => {
    const fridayEvening = at('2026-01-09T21:00:00Z')
    expect(iso(newYork.nextOpenMs(fridayEvening))).toBe('2026-01-12T14:30:00.000Z')
    expect(iso(newYork.nextCloseMs(fridayEvening))).toBe('2026-01-12T21:00:00.000Z')
    expect(iso(newYork.sessionCloseMs(fridayEvening))).toBe('2026-01-12T21:00:00.000Z')
  })

  it('gives today’s times before the open and tomorrow’s open during the session', () => {
    const beforeOpen = at('2026-01-05T10:00:00Z')
    expect(iso(newYork.nextOpenMs(beforeOpen))).toBe('2026-01-05T14:30:00.000Z')
    expect(iso(newYork.nextCloseMs(beforeOpen))).toBe('2026-01-05T21:00:00.000Z')
    const duringSession = at('2026-01-05T15:00:00Z')
    expect(iso(newYork.nextOpenMs(duringSession))).toBe('2026-01-06T14:30:00.000Z')
    expect(iso(newYork.nextCloseMs(duringSession))).toBe('2026-01-05T21:00:00.000Z')
    expect(iso(newYork.sessionCloseMs(duringSession))).toBe('2026-01-05T21:00:00.000Z')
  })

  it('treats the opening instant as strictly in the past for nextOpenMs', () => {
    expect(iso(newYork.nextOpenMs(at('2026-01-05T14:30:00Z')))).toBe('2026-01-06T14:30:00.000Z')
  })

  it('follows daylight saving time', () => {
    // US clocks went forward on Sunday 2026-03-08 and go back on Sunday 2026-11-01.
    expect(newYork.isOpen(at('2026-03-09T13:30:00Z'))).toBe(true)
    expect(newYork.isOpen(at('2026-03-09T13:29:59.999Z'))).toBe(false)
    expect(iso(newYork.nextOpenMs(at('2026-03-06T21:00:00Z')))).toBe('2026-03-09T13:30:00.000Z')
    expect(iso(newYork.nextCloseMs(at('2026-03-09T12:00:00Z')))).toBe('2026-03-09T20:00:00.000Z')
    expect(iso(newYork.nextOpenMs(at('2026-10-30T20:00:00Z')))).toBe('2026-11-02T14:30:00.000Z')
  })

  it('finds the local day in zones ahead of UTC', () => {
    const tokyo = new SessionCalendar({ open: '09:00', close: '15:00', timezone: 'Asia/Tokyo' })
    // Monday 09:00 in Tokyo is Monday 00:00 UTC; Sunday 23:59 UTC is already Monday there.
    expect(tokyo.isOpen(at('2026-01-04T23:59:00Z'))).toBe(false)
    expect(iso(tokyo.nextOpenMs(at('2026-01-04T23:59:00Z')))).toBe('2026-01-05T00:00:00.000Z')
    expect(tokyo.isOpen(at('2026-01-05T00:30:00Z'))).toBe(true)
    // Friday 15:00 in Tokyo; the next session opens on Sunday in UTC terms.
    expect(iso(tokyo.nextOpenMs(at('2026-01-09T06:00:00Z')))).toBe('2026-01-12T00:00:00.000Z')
  })

  it('moves a skipped local time forward by the gap and takes the earlier of a repeated one', () => {
    // Egypt's clocks jump 00:00 → 01:00 on Friday 2026-04-24 and fall back 24:00 → 23:00 on
    // Thursday 2026-10-29.
    const cairo = new SessionCalendar({ open: '00:30', close: '23:30', timezone: 'Africa/Cairo' })
    expect(iso(cairo.nextOpenMs(at('2026-04-23T21:00:00Z')))).toBe('2026-04-23T22:30:00.000Z')
    expect(iso(cairo.nextCloseMs(at('2026-10-29T12:00:00Z')))).toBe('2026-10-29T20:30:00.000Z')
  })

  it('is always open in 24x7 mode, with daily session closes at 00:00 UTC', () => {
    const always = new SessionCalendar('24x7')
    expect(always.isOpen(at('2026-01-03T03:00:00Z'))).toBe(true)
    expect(always.nextOpenMs(at('2026-01-03T03:00:00Z'))).toBeNull()
    expect(always.nextCloseMs(at('2026-01-03T03:00:00Z'))).toBeNull()
    expect(iso(always.sessionCloseMs(at('2026-01-03T03:00:00Z')))).toBe('2026-01-04T00:00:00.000Z')
    expect(iso(always.sessionCloseMs(at('2026-01-04T00:00:00Z')))).toBe('2026-01-05T00:00:00.000Z')
    expect(iso(always.sessionCloseMs(at('2026-01-03T23:59:59.999Z')))).toBe(
      '2026-01-04T00:00:00.000Z',
    )
  })

  it('refuses malformed times, empty sessions and unknown zones', () => {
    const bad: SessionConfig[] = [
      { open: '9:30', close: '16:00', timezone: 'UTC' },
      { open: '09:30', close: '24:00', timezone: 'UTC' },
      { open: '09:60', close: '16:00', timezone: 'UTC' },
      { open: '16:00', close: '09:30', timezone: 'UTC' },
      { open: '09:30', close: '09:30', timezone: 'UTC' },
      { open: '09:30', close: '16:00', timezone: 'Mars/Olympus_Mons' },
    ]
    for (const config of bad) {
      expect(() => new SessionCalendar(config), JSON.stringify(config)).toThrow(InvariantError)
    }
  })

  it('refuses a non-integer instant', () => {
    expect(() => newYork.isOpen(1.5)).toThrow(InvariantError)
    expect(() => newYork.nextOpenMs(Number.NaN)).toThrow(InvariantError)
  })

  it('keeps open, next open and next close consistent at any instant', () => {
    const calendars = [
      newYork,
      new SessionCalendar({ open: '09:00', close: '15:00', timezone: 'Asia/Tokyo' }),
      new SessionCalendar({ open: '08:00', close: '16:30', timezone: 'Europe/London' }),
      new SessionCalendar({ open: '00:30', close: '23:30', timezone: 'Africa/Cairo' }),
    ]
    const instant = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-01-01T00:00:00Z') })
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, (calendar, atMs) => {
        const openMs = calendar.nextOpenMs(atMs)!
        const closeMs = calendar.nextCloseMs(atMs)!
        expect(openMs).toBeGreaterThan(atMs)
        expect(closeMs).toBeGreaterThan(atMs)
        expect(calendar.isOpen(atMs)).toBe(closeMs < openMs)
        expect(calendar.isOpen(openMs)).toBe(true)
        expect(calendar.isOpen(openMs - 1)).toBe(false)
        expect(calendar.isOpen(closeMs - 1)).toBe(true)
        expect(calendar.isOpen(closeMs)).toBe(false)
        expect(calendar.sessionCloseMs(atMs)).toBe(closeMs)
      }),
      { numRuns: 500 },
    )
  })
})
