import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvariantError } from '../invariant.js'
import { Scheduler, type ScheduledEntry } from './scheduler.js'

type Operation =
  | { kind: 'schedule'; dueAtMs: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'popDue'; untilMs: number }
  | { kind: 'peek' }

// Narrow due times force many ties, which is where ordering bugs hide.
const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      dueAtMs: fc.integer({ min: 0, max: 20 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(200) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('popDue' as const),
      untilMs: fc.integer({ min: -1, max: 21 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('peek' as const) }) },
)

/** The obviously correct model: an array kept sorted by (dueAtMs, seq). */
class NaiveScheduler {
  entries: ScheduledEntry<string>[] = []
  nextSeq = 0

  schedule(dueAtMs: number, task: string): number {
    const seq = this.nextSeq++
    this.entries.push({ dueAtMs, seq, task })
    this.entries.sort((a, b) => a.dueAtMs - b.dueAtMs || a.seq - b.seq)
    return seq
  }

  cancel(seq: number): boolean {
    const index = this.entries.findIndex((entry) => entry.seq === seq)
    if (index < 0) return false
    this.entries.splice(index, 1)
    return true
  }

  popDue(untilMs: number): ScheduledEntry<string> | undefined {
    const first = this.entries[0]
    if (first === undefined || first.dueAtMs > untilMs) return undefined
    return this.entries.shift()
  }
}

/** Applies `operation` to both and returns what the real scheduler answered. */
function applyBoth(real: Scheduler<string>, model: NaiveScheduler, operation: Operation): unknown {
  switch (operation.kind) {
    case 'schedule': {
      const task = `task-${model.nextSeq}`
      const seq = real.schedule(operation.dueAtMs, task)
      expect(seq).toBe(model.schedule(operation.dueAtMs, task))
      return seq
    }
    case 'cancel': {
      // Half the picks name a seq that exists or existed; the rest may never have existed.
      const seq = operation.pick % Math.max(1, model.nextSeq + 2)
      const cancelled = real.cancel(seq)
      expect(cancelled).toBe(model.cancel(seq))
      return cancelled
    }
    case 'popDue': {
      const entry = real.popDue(operation.untilMs)
      expect(entry).toEqual(model.popDue(operation.untilMs))
      return entry
    }
    case 'peek': {
      const entry = real.peek()
      expect(entry).toEqual(model.entries[0])
      return entry
    }
  }
}

function checkAgreement(real: Scheduler<string>, model: NaiveScheduler): void {
  expect(real.size).toBe(model.entries.length)
  expect(real.snapshot()).toEqual({ nextSeq: model.nextSeq, entries: model.entries })
  expect(real.storedCount).toBeLessThanOrEqual(2 * real.size)
}

describe('Scheduler', () => {
  it('pops entries in due order', () => {
    const scheduler = new Scheduler<string>()
    scheduler.schedule(30, 'c')
    scheduler.schedule(10, 'a')
    scheduler.schedule(20, 'b')
    expect(scheduler.popDue(100)?.task).toBe('a')
    expect(scheduler.popDue(100)?.task).toBe('b')
    expect(scheduler.popDue(100)?.task).toBe('c')
    expect(scheduler.popDue(100)).toBeUndefined()
  })

  it('fires entries due at the same time in the order they were scheduled', () => {
    const scheduler = new Scheduler<number>()
    const tasks = Array.from({ length: 50 }, (_, index) => index)
    for (const task of tasks) scheduler.schedule(1_000, task)
    const fired: number[] = []
    for (let entry = scheduler.popDue(1_000); entry; entry = scheduler.popDue(1_000)) {
      fired.push(entry.task)
    }
    expect(fired).toEqual(tasks)
  })

  it('returns nothing until the earliest entry is due', () => {
    const scheduler = new Scheduler<string>()
    scheduler.schedule(100, 'later')
    expect(scheduler.popDue(99)).toBeUndefined()
    expect(scheduler.popDue(100)).toEqual({ dueAtMs: 100, seq: 0, task: 'later' })
  })

  it('returns increasing seqs usable as cancel handles', () => {
    const scheduler = new Scheduler<string>()
    const first = scheduler.schedule(10, 'a')
    const second = scheduler.schedule(5, 'b')
    expect([first, second]).toEqual([0, 1])
    expect(scheduler.cancel(second)).toBe(true)
    expect(scheduler.cancel(second)).toBe(false)
    expect(scheduler.cancel(99)).toBe(false)
    expect(scheduler.peek()?.task).toBe('a')
    expect(scheduler.size).toBe(1)
  })

  it('does not cancel an entry that already fired', () => {
    const scheduler = new Scheduler<string>()
    const seq = scheduler.schedule(10, 'a')
    scheduler.popDue(10)
    expect(scheduler.cancel(seq)).toBe(false)
    expect(scheduler.size).toBe(0)
  })

  it('leaves cancelled entries out of size and snapshot', () => {
    const scheduler = new Scheduler<string>()
    scheduler.schedule(10, 'a')
    const b = scheduler.schedule(20, 'b')
    scheduler.schedule(30, 'c')
    scheduler.cancel(b)
    expect(scheduler.size).toBe(2)
    expect(scheduler.snapshot()).toEqual({
      nextSeq: 3,
      entries: [
        { dueAtMs: 10, seq: 0, task: 'a' },
        { dueAtMs: 30, seq: 2, task: 'c' },
      ],
    })
  })

  it('keeps memory within twice the pending entries however many are cancelled', () => {
    const scheduler = new Scheduler<number>()
    scheduler.schedule(1, -1)
    for (let index = 0; index < 10_000; index++) {
      scheduler.cancel(scheduler.schedule(1_000 + index, index))
    }
    expect(scheduler.size).toBe(1)
    expect(scheduler.storedCount).toBeLessThanOrEqual(2)
  })

  it('refuses due times that are not non-negative integers', () => {
    const scheduler = new Scheduler<string>()
    for (const dueAtMs of [-1, 1.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => scheduler.schedule(dueAtMs, 'x'), String(dueAtMs)).toThrow(InvariantError)
    }
    expect(scheduler.size).toBe(0)
    expect(() => scheduler.popDue(Number.NaN)).toThrow(InvariantError)
  })

  it('refuses a restored state with duplicate or future seqs', () => {
    const entry = { dueAtMs: 1, seq: 0, task: 'a' }
    expect(() => new Scheduler({ nextSeq: 1, entries: [entry, entry] })).toThrow(InvariantError)
    expect(() => new Scheduler({ nextSeq: 0, entries: [entry] })).toThrow(InvariantError)
    expect(() => new Scheduler({ nextSeq: 1, entries: [{ ...entry, dueAtMs: -5 }] })).toThrow(
      InvariantError,
    )
  })

  it('agrees with a naive sorted array over random operation sequences', () => {
    fc.assert(
      fc.property(fc.array(operationArbitrary, { maxLength: 300 }), (operations) => {
        const real = new Scheduler<string>()
        const model = new NaiveScheduler()
        for (const operation of operations) {
          applyBoth(real, model, operation)
          checkAgreement(real, model)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('continues identically after a snapshot is restored through JSON', () => {
    fc.assert(
      fc.property(
        fc.array(operationArbitrary, { maxLength: 100 }),
        fc.array(operationArbitrary, { maxLength: 100 }),
        (before, after) => {
          const original = new Scheduler<string>()
          const model = new NaiveScheduler()
          for (const operation of before) applyBoth(original, model, operation)
          const restored = new Scheduler<string>(JSON.parse(JSON.stringify(original.snapshot())))
          const twin = new NaiveScheduler()
          twin.entries = model.entries.map((entry) => ({ ...entry }))
          twin.nextSeq = model.nextSeq
          const originalAnswers = after.map((operation) => applyBoth(original, model, operation))
          const restoredAnswers = after.map((operation) => applyBoth(restored, twin, operation))
          expect(restoredAnswers).toEqual(originalAnswers)
          expect(restored.snapshot()).toEqual(original.snapshot())
        },
      ),
      { numRuns: 200 },
    )
  })
})
