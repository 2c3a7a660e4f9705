import { describe, expect, it } from 'vitest'
import { InvariantError } from '../invariant.js'
import { Rng } from './rng.js'

const draw = (rng: Rng, count: number) => Array.from({ length: count }, () => rng.nextFloat())

describe('Rng', () => {
  it('yields the same sequence for the same seed', () => {
    expect(draw(new Rng('seed-1'), 100)).toEqual(draw(new Rng('seed-1'), 100))
  })

  it('yields different sequences for different seeds', () => {
    expect(draw(new Rng('seed-1'), 10)).not.toEqual(draw(new Rng('seed-2'), 10))
  })

  it('draws floats in [0, 1)', () => {
    for (const value of draw(new Rng('range'), 10_000)) {
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThan(1)
    }
  })

  it('resumes identically from a state that went through JSON', () => {
    const original = new Rng('resume')
    draw(original, 37)
    original.nextNormal()
    const saved = JSON.parse(JSON.stringify(original.state()))
    const resumed = new Rng('resume', saved)
    const next = (rng: Rng) => [
      rng.nextFloat(),
      rng.nextInt(1, 6),
      rng.nextNormal(),
      rng.chance(0.5),
    ]
    for (let round = 0; round < 50; round++) expect(next(resumed)).toEqual(next(original))
  })

  it('ignores the seed once a state is given', () => {
    const original = new Rng('one')
    draw(original, 3)
    expect(draw(new Rng('another', original.state()), 5)).toEqual(draw(original, 5))
  })

  it('hands out a copy of its state', () => {
    const rng = new Rng('copy')
    const state = rng.state()
    rng.nextFloat()
    expect(rng.state()).not.toEqual(state)
  })

  it('keeps nextInt within its inclusive bounds and reaches both ends', () => {
    const rng = new Rng('dice')
    const seen = new Set<number>()
    for (let roll = 0; roll < 6_000; roll++) {
      const value = rng.nextInt(-2, 3)
      expect(Number.isInteger(value) && value >= -2 && value <= 3).toBe(true)
      seen.add(value)
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3])
    expect(rng.nextInt(7, 7)).toBe(7)
  })

  it('refuses empty or non-integer ranges', () => {
    const rng = new Rng('bad-range')
    expect(() => rng.nextInt(3, 2)).toThrow(InvariantError)
    expect(() => rng.nextInt(0.5, 2)).toThrow(InvariantError)
    expect(() => rng.nextInt(0, Number.MAX_SAFE_INTEGER)).toThrow(InvariantError)
  })

  it('draws standard normals with mean near 0 and deviation near 1', () => {
    const rng = new Rng('normal')
    const samples = Array.from({ length: 20_000 }, () => rng.nextNormal())
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length
    const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / samples.length
    expect(samples.every(Number.isFinite)).toBe(true)
    // Standard error of the mean is 1/sqrt(20000) ≈ 0.007; these bounds are ~4 of them.
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.03)
  })

  it('consumes the same number of draws whatever the probability', () => {
    const a = new Rng('chance')
    const b = new Rng('chance')
    expect(a.chance(0)).toBe(false)
    expect(b.chance(1)).toBe(true)
    expect(a.nextFloat()).toBe(b.nextFloat())
    expect(() => a.chance(1.5)).toThrow(InvariantError)
    expect(() => a.chance(Number.NaN)).toThrow(InvariantError)
  })

  it('refuses a malformed state', () => {
    expect(() => new Rng('x', { c: 1, s0: Number.NaN, s1: 0, s2: 0 })).toThrow(InvariantError)
  })
})
