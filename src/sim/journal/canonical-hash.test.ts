import fc from 'fast-check'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { Decimal } from '../decimal.js'
import type { QuoteView } from '../market/quote-view.js'
import { hashCanonical, hashQuoteEvent, type QuoteFields } from './canonical-hash.js'
import { canonicalJson } from './canonical-json.js'
import { HASH_SEED, RunningHash, extendHash } from './running-hash.js'

function streamed(value: unknown, from = HASH_SEED): string {
  const hash = new RunningHash(from)
  hashCanonical(hash, value)
  return hash.hex
}

// Strings that reach every branch of the string path: escapes, non-ASCII, lone surrogates.
const awkwardString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"', '\\', '\n', '\u007f', 'é', '\ud800', '\udc00x', '😀', ''),
)

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    awkwardString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(-0),
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => Decimal.fromParts(n, 3)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(awkwardString, fc.option(tie('value'), { nil: undefined }), { maxKeys: 5 }),
  ),
}))

describe('hashCanonical', () => {
  it('feeds the hash exactly what hashing the canonical JSON text does (property)', () => {
    fc.assert(
      fc.property(jsonish.value, (value) => {
        expect(streamed(value)).toBe(extendHash(HASH_SEED, canonicalJson(value)))
      }),
      { seed: 20261121, numRuns: 2000 },
    )
  })

  it('sorts keys given out of order, and continues from any previous hash', () => {
    const event = { type: 'quote.updated', seq: 3, data: { b: '1', a: ['x', { d: 1, c: 2 }] } }
    expect(streamed(event, 'ffffffffffffffff')).toBe(
      extendHash('ffffffffffffffff', canonicalJson(event)),
    )
  })

  it('refuses what canonical JSON refuses, with its message', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic['self'] = cyclic
    for (const bad of [{ a: NaN }, { a: [undefined] }, { a: new Map() }, { a: 1n }, cyclic]) {
      expect(() => canonicalJson(bad)).toThrow()
      const message = (() => {
        try {
          canonicalJson(bad)
          return ''
        } catch (error) {
          return (error as Error).message
        }
      })()
      expect(() => streamed(bad)).toThrow(message)
    }
  })
})

describe('hashQuoteEvent', () => {
  it('covers every field of the quote view (a new field must be added to its layout)', () => {
    expectTypeOf<QuoteView>().toEqualTypeOf<QuoteFields>()
  })

  it('feeds what hashCanonical feeds for the same quote.updated event (property)', () => {
    const quote = fc.record({
      symbol: awkwardString,
      bid: awkwardString,
      ask: awkwardString,
      bidSize: awkwardString,
      askSize: awkwardString,
      last: awkwardString,
      time: awkwardString,
    })
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 0, max: 253402300799999 }),
        quote,
        (seq, timeMs, q) => {
          const event = { seq, type: 'quote.updated', timeMs, accountId: null, data: { quote: q } }
          const layout = new RunningHash()
          hashQuoteEvent(layout, seq, timeMs, q)
          expect(layout.hex).toBe(streamed(event))
        },
      ),
      { seed: 20261123, numRuns: 2000 },
    )
  })
})

describe('RunningHash', () => {
  it('rewinds to the mark after a half-fed value', () => {
    const hash = new RunningHash()
    hash.feed('abc')
    hash.mark()
    const before = hash.hex
    expect(() => hashCanonical(hash, { a: 'long enough to be fed', z: NaN })).toThrow()
    expect(hash.hex).not.toBe(before)
    hash.rewind()
    expect(hash.hex).toBe(before)
  })
})
