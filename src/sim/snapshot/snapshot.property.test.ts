/**
 * Restore is exact (issue 7): snapshot a world in the middle of a random script, finish the
 * script (hash H1); restore the snapshot, through JSON as it goes to disk, and finish the same
 * script again: the same journal position and hash, and the same views at the snapshot.
 * Seeded like the invariants test; SIM_PROPERTY_SEED picks another seed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ACCOUNTS,
  CONFIG,
  SYMBOLS,
  commandArbitrary,
  run,
  type ScriptOrderIds,
} from '../../../test/support/sim-script.js'
import { unwrap } from '../../../test/support/sim-world.js'
import { configureSimulation, Simulation, type WorldSnapshot } from '../index.js'

const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20260105)
const NUM_RUNS = 40

/** Everything a client can see of a world, and its journal. */
function viewOf(sim: Simulation) {
  return {
    clock: sim.clock(),
    quotes: unwrap(sim.quotes()),
    accounts: ACCOUNTS.map((a) => unwrap(sim.account(a.id))),
    positions: ACCOUNTS.map((a) => unwrap(sim.positions(a.id))),
    orders: sim.allOrders(),
    faults: sim.faultRules(),
    journal: sim.journalPosition(),
    events: sim.events(0, Number.POSITIVE_INFINITY),
    symbols: SYMBOLS.length,
  }
}

describe('snapshot and restore', () => {
  it(`resume a random script exactly where it was (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(commandArbitrary, { minLength: 5, maxLength: 60, size: 'max' }),
        fc.array(commandArbitrary, { minLength: 5, maxLength: 40, size: 'max' }),
        (before, after) => {
          const sim = unwrap(configureSimulation(CONFIG, 1))
          const orderIds: ScriptOrderIds = []
          run(sim, before, undefined, orderIds)
          const atSnapshot = viewOf(sim)
          const snapshot = JSON.parse(JSON.stringify(sim.snapshot())) as WorldSnapshot
          const idsAtSnapshot = [...orderIds]
          run(sim, after, undefined, orderIds)

          const restored = unwrap(Simulation.restore(snapshot, { epoch: 1 }))
          expect(viewOf(restored)).toEqual(atSnapshot)
          run(restored, after, undefined, idsAtSnapshot)
          expect(restored.journalPosition()).toEqual(sim.journalPosition())
          expect(viewOf(restored)).toEqual(viewOf(sim))
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    )
  })

  it('restores into the timeline it is given, and refuses another state version', () => {
    const sim = unwrap(configureSimulation(CONFIG, 1))
    unwrap(sim.advanceBy(5_000))
    const snapshot = sim.snapshot()
    const restored = unwrap(Simulation.restore(snapshot, { epoch: 7 }))
    expect(restored.journalPosition()).toEqual({ ...sim.journalPosition(), epoch: 7 })
    const other = { ...snapshot, world: { ...snapshot.world, version: 99 } } as unknown
    const refused = Simulation.restore(other as WorldSnapshot)
    expect(refused.ok).toBe(false)
  })

  it('keeps the journal window it had: a smaller retention keeps the newest events', () => {
    const sim = unwrap(configureSimulation(CONFIG, 1))
    unwrap(sim.advanceBy(60_000))
    const { seq } = sim.journalPosition()
    const restored = unwrap(Simulation.restore(sim.snapshot(), { journalRetention: 10 }))
    expect(restored.events(0, 1_000).map((e) => e.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => seq - 9 + i),
    )
    expect(restored.firstRetainedSeq()).toBe(seq - 9)
  })
})
