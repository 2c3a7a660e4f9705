import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../decimal.js'
import { Grid, type GridRounding } from './grid.js'

const STEPS = ['0.01', '0.05', '0.0001', '1', '100', '0.25', '0.00000001', '0.000000001']
const MODES: readonly GridRounding[] = ['floor', 'ceil', 'half_even']

function exactSteps(x: number, step: Decimal, mode: GridRounding): number {
  const snapped = Decimal.fromNumber(x, 8).roundToStep(step, mode)
  return Number(snapped.div(step, 0).toString())
}

// Values on and a hair off the grid and its half-steps, where the fast path must hand over.
const nearBoundary = (step: Decimal) =>
  fc
    .tuple(
      fc.integer({ min: -2_000_000, max: 2_000_000 }),
      fc.constantFrom(0, 0.5),
      fc.integer({ min: -3, max: 3 }),
    )
    .map(([n, half, ulps]) => {
      let x = (n + half) * step.toNumber()
      for (let i = 0; i < Math.abs(ulps); i++) x = ulps > 0 ? nextUp(x) : -nextUp(-x)
      return x
    })

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  const buffer = new DataView(new ArrayBuffer(8))
  buffer.setFloat64(0, x)
  const bits = buffer.getBigInt64(0)
  buffer.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n)
  return buffer.getFloat64(0)
}

describe('Grid', () => {
  it('snaps as Decimal.fromNumber(x, 8).roundToStep(step, mode) does (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STEPS).map(Decimal.parse),
        fc.constantFrom(...MODES),
        fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constant(0)),
        (step, mode, x) => {
          const steps = new Grid(step).steps(x, mode)
          if (steps !== null) expect(steps).toBe(exactSteps(x, step, mode))
        },
      ),
      { seed: 20261121, numRuns: 5000 },
    )
  })

  it('agrees on and next to the grid and its half-steps (property)', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...STEPS)
          .map(Decimal.parse)
          .chain((step) =>
            fc.tuple(fc.constant(step), fc.constantFrom(...MODES), nearBoundary(step)),
          ),
        ([step, mode, x]) => {
          const steps = new Grid(step).steps(x, mode)
          if (steps !== null) expect(steps).toBe(exactSteps(x, step, mode))
        },
      ),
      { seed: 20261122, numRuns: 5000 },
    )
  })

  it('counts exactly where 8-place rounding crosses a step', () => {
    // 99.989999999 rounds to 99.99000000 first, so floor gives 99.99, not 99.98.
    expect(new Grid(Decimal.parse('0.01')).steps(99.989999999, 'floor')).toBe(9999)
    expect(new Grid(Decimal.parse('0.01')).steps(100.005, 'half_even')).toBe(
      exactSteps(100.005, Decimal.parse('0.01'), 'half_even'),
    )
  })

  it('answers null where a double cannot count the steps', () => {
    expect(new Grid(Decimal.parse('0.0001')).steps(1e12, 'floor')).toBeNull()
  })

  it('gives each step count as the same decimal, cached or not', () => {
    const grid = new Grid(Decimal.parse('0.05'))
    for (const n of [1, 2000, 1, 999_999, -3, 2000, 123_456_789]) {
      expect(grid.at(n).toString()).toBe(Decimal.parse('0.05').mul(Decimal.fromInt(n)).toString())
    }
  })
})
