import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../decimal.js'
import { InvariantError } from '../invariant.js'
import { canonicalJson } from './canonical-json.js'

describe('canonicalJson', () => {
  it('sorts object keys at every depth and adds no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } }
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}')
  })

  it('gives the same text whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }))
  })

  it('orders keys by UTF-16 code units', () => {
    // '\u{1F600}' starts with 0xD83D, which sorts before '\uFF01'; code point order would not.
    const value = { '\uff01': 1, '\u{1f600}': 2, B: 3, a: 4, '': 5, '10': 6, '9': 7 }
    expect(canonicalJson(value)).toBe('{"":5,"10":6,"9":7,"B":3,"a":4,"\u{1f600}":2,"\uff01":1}')
  })

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]')
    expect(canonicalJson([])).toBe('[]')
    expect(canonicalJson({})).toBe('{}')
  })

  it('writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([0.1, -0, 1e21, 1e-7, -5, 2 ** 53])).toBe(
      JSON.stringify([0.1, 0, 1e21, 1e-7, -5, 2 ** 53]),
    )
    const tricky = 'quote " backslash \\ newline \n tab \t nul \u0000 lone \ud800 emoji 😀'
    expect(canonicalJson(tricky)).toBe(JSON.stringify(tricky))
  })

  it('omits object properties whose value is undefined', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}')
  })

  it('encodes values through their toJSON method', () => {
    const event = { price: Decimal.parse('150.250'), fills: [Decimal.parse('-0.50')] }
    expect(canonicalJson(event)).toBe('{"fills":["-0.5"],"price":"150.25"}')
  })

  it('unwraps boxed primitives', () => {
    expect(canonicalJson([new Number(1), new String('s'), new Boolean(false)])).toBe(
      '[1,"s",false]',
    )
  })

  it('refuses values that JSON cannot carry faithfully', () => {
    const cases: [string, unknown][] = [
      ['undefined at the top', undefined],
      ['undefined in an array', [1, undefined]],
      ['a hole in an array', [1, , 3]], // eslint-disable-line no-sparse-arrays
      ['a function', { f: () => 1 }],
      ['a symbol', [Symbol('s')]],
      ['a bigint', { n: 1n }],
      ['NaN', { x: Number.NaN }],
      ['Infinity', [Infinity]],
      ['-Infinity', -Infinity],
      ['a Map', { m: new Map([[1, 2]]) }],
      ['a Set', new Set([1])],
    ]
    for (const [label, value] of cases)
      expect(() => canonicalJson(value), label).toThrow(InvariantError)
  })

  it('names the path of the offending value', () => {
    expect(() => canonicalJson({ data: { fills: [{ qty: Number.NaN }] } })).toThrow(
      '$.data.fills[0].qty',
    )
  })

  it('refuses cycles but accepts shared references', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(() => canonicalJson(cyclic)).toThrow(InvariantError)
    const shared = { x: 1 }
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}')
  })

  it('round-trips JSON data through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
        expect(canonicalJson(JSON.parse(text))).toBe(text)
      }),
    )
  })
})
