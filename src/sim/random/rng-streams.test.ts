import { describe, expect, it } from 'vitest'
import { InvariantError } from '../invariant.js'
import { Rng } from './rng.js'
import { RngStreams } from './rng-streams.js'

const draw = (rng: Rng, count: number) => Array.from({ length: count }, () => rng.nextFloat())

describe('RngStreams', () => {
  it('returns the same stream object for a name', () => {
    const streams = new RngStreams(42)
    expect(streams.get('fills')).toBe(streams.get('fills'))
  })

  it('seeds each stream with "<rootSeed>/<name>"', () => {
    expect(draw(new RngStreams(42).get('prices/AAPL'), 5)).toEqual(
      draw(new Rng('42/prices/AAPL'), 5),
    )
  })

  it('gives the same sequence for the same root seed and name', () => {
    expect(draw(new RngStreams('s').get('a'), 20)).toEqual(draw(new RngStreams('s').get('a'), 20))
  })

  it('keeps streams independent of each other', () => {
    const alone = new RngStreams('s')
    const busy = new RngStreams('s')
    draw(busy.get('b'), 1_000)
    expect(draw(busy.get('a'), 20)).toEqual(draw(alone.get('a'), 20))
    expect(draw(new RngStreams('s').get('b'), 20)).not.toEqual(
      draw(new RngStreams('s').get('a'), 20),
    )
  })

  it('resumes every stream identically after a JSON snapshot', () => {
    const original = new RngStreams('snap')
    draw(original.get('prices/MSFT'), 11)
    draw(original.get('faults'), 3)
    const restored = new RngStreams('snap', JSON.parse(JSON.stringify(original.snapshot())))
    for (const name of ['faults', 'prices/MSFT', 'never-used-before']) {
      expect(draw(restored.get(name), 10), name).toEqual(draw(original.get(name), 10))
    }
  })

  it('keeps restored positions of streams not asked for since', () => {
    const original = new RngStreams('dormant')
    draw(original.get('latency'), 5)
    const restored = new RngStreams('dormant', original.snapshot())
    draw(restored.get('fills'), 2)
    const again = new RngStreams('dormant', restored.snapshot())
    expect(draw(again.get('latency'), 10)).toEqual(draw(original.get('latency'), 10))
  })

  it('lists snapshot keys in name order', () => {
    const streams = new RngStreams(1)
    for (const name of ['zeta', 'alpha', 'prices/B', 'prices/A']) streams.get(name)
    expect(Object.keys(streams.snapshot())).toEqual(['alpha', 'prices/A', 'prices/B', 'zeta'])
  })

  it('is not disturbed by callers mutating a snapshot', () => {
    const streams = new RngStreams(1)
    const twin = new RngStreams(1)
    const snapshot = streams.snapshot()
    streams.get('a')
    Object.assign(streams.snapshot().a ?? {}, { s0: 0 })
    expect(snapshot).toEqual({})
    expect(draw(streams.get('a'), 3)).toEqual(draw(twin.get('a'), 3))
  })

  it('refuses a non-finite numeric root seed', () => {
    expect(() => new RngStreams(Number.NaN)).toThrow(InvariantError)
  })
})
