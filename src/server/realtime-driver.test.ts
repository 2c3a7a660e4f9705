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
})
