/**
 * The contract every price model keeps, run by each model's test file (vitest.config.ts keeps
 * this file from running on its own): the same seed gives the same path, prices stay finite and
 * positive, and a snapshot taken mid-path (as JSON, as a world snapshot would store it) resumes
 * exactly the path the model would have taken.
 */
import { expect, it } from 'vitest'
import { pricePath } from '../../../test/support/price-paths.js'
import { Rng } from '../random/rng.js'
import type { PriceModel } from './price-model.js'

export interface PriceModelContract {
  /** Names the variant in each test's title. */
  label: string
  /** A fresh model; every call gives an identical one. */
  create: () => PriceModel
  /** Starting mid; default 100. */
  start?: number
  /** Step, ms; default 1000. */
  dtMs?: number
}

const STEPS = 20_000

export function runPriceModelContract({
  label,
  create,
  start = 100,
  dtMs = 1000,
}: PriceModelContract): void {
  it(`${label}: gives the same path for the same seed and another for another seed`, () => {
    const seed = `contract/${label}`
    const first = pricePath(create(), seed, { start, steps: STEPS, dtMs })
    const again = pricePath(create(), seed, { start, steps: STEPS, dtMs })
    const other = pricePath(create(), `${seed}/other`, { start, steps: STEPS, dtMs })
    expect(again, `seed=${seed}`).toEqual(first)
    expect(other, `seed=${seed}/other`).not.toEqual(first)
  })

  it(`${label}: keeps every price finite and positive`, () => {
    const seed = `contract/${label}/positive`
    const path = pricePath(create(), seed, { start, steps: STEPS, dtMs })
    const bad = path.findIndex((mid) => !(Number.isFinite(mid) && mid > 0))
    expect(bad, `seed=${seed}: step ${bad} gave ${path[bad]}`).toBe(-1)
  })

  it(`${label}: resumes identically from a snapshot taken mid-path`, () => {
    const seed = `contract/${label}/snapshot`
    const half = STEPS / 2
    const model = create()
    const rng = new Rng(seed)
    const before = pricePath(model, seed, { start, steps: half, dtMs, rng })
    const mid = before[half] as number
    const saved = JSON.parse(JSON.stringify({ model: model.snapshot(), rng: rng.state() }))
    const after = pricePath(model, seed, { start: mid, steps: half, dtMs, rng })

    const resumed = create()
    resumed.restore(saved.model)
    expect(resumed.snapshot(), `seed=${seed}`).toEqual(saved.model)
    expect(resumed.volatilityRatio(), `seed=${seed}`).toBe(Math.sqrt(saved.model.varianceRatio))
    const rngResumed = new Rng(seed, saved.rng)
    const replay = pricePath(resumed, seed, { start: mid, steps: half, dtMs, rng: rngResumed })
    expect(replay, `seed=${seed}`).toEqual(after)
  })

  it(`${label}: refuses to restore another model's state`, () => {
    const model = create()
    const state = model.snapshot()
    const foreign =
      state.model === 'momentum'
        ? { model: 'random_walk' as const, varianceRatio: 1 }
        : { model: 'momentum' as const, varianceRatio: 1, lastReturn: 0 }
    expect(() => model.restore(foreign)).toThrow(/Failed to restore/)
  })
}
