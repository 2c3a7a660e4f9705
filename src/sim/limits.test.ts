/** The core's bounds hold at the edges: no time outside 1970–9999, no price outside (0, priceMax]. */
import { describe, expect, it } from 'vitest'
import { flatWorld, jump, SYMBOL } from '../../test/support/sim-world.js'
import { configureConfig } from './configure.js'
import { LIMITS } from './limits.js'

describe('LIMITS', () => {
  it('refuses a clock start before 1970 or after 9999', () => {
    for (const start of ['1969-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z']) {
      const config = configureConfig({ clock: { start } })
      expect(config.ok ? null : config.error.code, start).toBe('invalid_request')
    }
    expect(configureConfig({ clock: { start: '1970-01-01T00:00:00.000Z' } }).ok).toBe(true)
  })

  it('refuses to advance past the last ISO-8601 four-digit year, and changes nothing', () => {
    const sim = flatWorld()
    const before = sim.journalPosition()
    const result = sim.advanceTo(LIMITS.timeMsMax + 1)
    expect(result.ok ? null : result.error.message).toMatch(/9999-12-31/)
    expect(sim.advanceTo(Number.MAX_VALUE).ok).toBe(false)
    expect(sim.journalPosition()).toEqual(before)
  })

  it('clamps a runaway chain of price jumps below priceMax instead of overflowing', () => {
    const sim = flatWorld()
    for (let i = 0; i < 120; i++)
      expect(sim.injectMarketEvent({ kind: 'price_jump', symbol: SYMBOL, pct: 99_900 }).ok).toBe(
        true,
      )
    const quote = sim.quote(SYMBOL)
    expect(quote.ok && Number(quote.value.ask)).toBeLessThanOrEqual(LIMITS.priceMax + 1)
    expect(quote.ok && Number(quote.value.bid)).toBeGreaterThan(0)
    jump(sim, '0.0000001')
    const low = sim.quote(SYMBOL)
    expect(low.ok && low.value.bid).toBe('0.01')
  })
})
