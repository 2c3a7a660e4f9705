import { afterEach, describe, expect, it } from 'vitest'
import { BrokerRuntime } from './broker-runtime.js'
import { RealtimeDriver } from './realtime-driver.js'

const START = Date.parse('2026-01-05T14:30:00.000Z')

/** A driver on a hand-moved wall clock: no waiting on real time. */
function setup(clock: { mode: 'manual' | 'realtime'; speed: number }) {
  let wallMs = 1_000_000
  const runtime = BrokerRuntime.boot({ clock })
  const driver = new RealtimeDriver(runtime, { tickMs: 10_000, now: () => wallMs })
  driver.sync()
  return { runtime, driver, wait: (ms: number) => (wallMs += ms) }
}

let stop: (() => void) | undefined
afterEach(() => stop?.())

describe('RealtimeDriver', () => {
  it('moves virtual time with the wall clock times speed', () => {
    const { runtime, driver, wait } = setup({ mode: 'realtime', speed: 60 })
    stop = () => driver.stop()
    wait(1_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 60_000)
  })

  it('stands still at speed 0', () => {
    const { runtime, driver, wait } = setup({ mode: 'realtime', speed: 0 })
    stop = () => driver.stop()
    wait(5_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START)
  })

  it('re-anchors after a manual advance so time never jumps back', () => {
    const { runtime, driver, wait } = setup({ mode: 'realtime', speed: 1 })
    stop = () => driver.stop()
    runtime.sim.advanceBy(3_600_000)
    driver.sync()
    wait(500)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 3_600_500)
  })

  it('follows a configure that switches the clock mode', () => {
    const { runtime, driver, wait } = setup({ mode: 'realtime', speed: 1 })
    stop = () => driver.stop()
    runtime.onTimeline(() => driver.sync())
    expect(driver.running).toBe(true)
    runtime.configure({ clock: { mode: 'manual' } })
    expect(driver.running).toBe(false)
    runtime.configure({ clock: { mode: 'realtime', speed: 2 } })
    expect(driver.running).toBe(true)
    wait(1_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 2_000)
  })

  it('lets virtual time slip rather than catch up more than four steps at once', () => {
    const { runtime, driver, wait } = setup({ mode: 'realtime', speed: 10 })
    stop = () => driver.stop()
    // Blocked for 100 steps (tickMs 10 s): one step catches up four, the rest is given up.
    wait(1_000_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 4 * 10_000 * 10)
    expect(driver.slippedMs).toBe(96 * 10_000 * 10)
    // Paced again from there, at speed.
    wait(1_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 400_000 + 10_000)
  })

  it('advances no further per step than the last step cost says fits in half a step', () => {
    const { runtime, driver, wait } = setup({ mode: 'realtime', speed: 1_000 })
    stop = () => driver.stop()
    // Every journal event costs 100 ms of wall time (while `costly`).
    let events = 0
    let costly = true
    runtime.sim.onEvent(() => {
      events++
      if (costly) wait(100)
    })
    wait(1_000)
    driver.step() // 1,000 s of virtual time
    expect(runtime.sim.nowMs).toBe(START + 1_000_000)
    // Measured: events × 100 wall ms over 1,000,000 virtual ms; a 10 s step spends half of that.
    const affordable = Math.floor((10_000 * 0.5) / ((events * 100) / 1_000_000))
    expect(affordable).toBeLessThan(1_000_000)
    wait(10_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 1_000_000 + affordable)
    // A step that took no measurable wall time keeps the estimate instead of lifting the bound.
    costly = false
    wait(10_000)
    driver.step()
    costly = true
    wait(10_000)
    driver.step()
    expect(runtime.sim.nowMs).toBe(START + 1_000_000 + 3 * affordable)
  })
})
