import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvariantError } from '../invariant.js'
import { HASH_SEED, extendHash } from './running-hash.js'

/** Textbook FNV-1a 64 on BigInt over Node's own UTF-8 encoder: slow, but obviously right. */
function referenceHash(previousHex: string, text: string): string {
  let hash = BigInt(`0x${previousHex}`)
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return hash.toString(16).padStart(16, '0')
}

const hashArbitrary = fc
  .bigInt({ min: 0n, max: 2n ** 64n - 1n })
  .map((n) => n.toString(16).padStart(16, '0'))
// Any UTF-16 code unit, so lone and paired surrogates both occur.
const codeUnitText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
})
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), codeUnitText)

describe('extendHash', () => {
  it('starts from the FNV-1a 64 offset basis', () => {
    expect(HASH_SEED).toBe('cbf29ce484222325')
  })

  it('matches published FNV-1a 64 vectors', () => {
    expect(extendHash(HASH_SEED, '')).toBe('cbf29ce484222325')
    expect(extendHash(HASH_SEED, 'a')).toBe('af63dc4c8601ec8c')
    expect(extendHash(HASH_SEED, 'foobar')).toBe('85944171f73967e8')
  })

  it('continues a hash as if the texts were concatenated', () => {
    expect(extendHash(extendHash(HASH_SEED, 'foo'), 'bar')).toBe(extendHash(HASH_SEED, 'foobar'))
  })

  it('hashes the UTF-8 bytes of two-, three- and four-byte characters', () => {
    for (const text of ['é', '€', '😀', 'a€b😀c', '{"symbol":"ÄÖÜ"}']) {
      expect(extendHash(HASH_SEED, text), text).toBe(referenceHash(HASH_SEED, text))
    }
  })

  it('hashes lone surrogates as U+FFFD', () => {
    for (const text of ['\ud800', 'a\udc00b', '\ud83d', '\ude00\ud83d']) {
      expect(extendHash(HASH_SEED, text), JSON.stringify(text)).toBe(
        extendHash(HASH_SEED, text.replace(/[\ud800-\udfff]/g, '\ufffd')),
      )
    }
  })

  it('agrees with a BigInt reference on any text and starting hash', () => {
    fc.assert(
      fc.property(hashArbitrary, anyText, (previous, text) => {
        expect(extendHash(previous, text)).toBe(referenceHash(previous, text))
      }),
      { numRuns: 500 },
    )
  })

  it('is a fold: hashing in pieces equals hashing the whole', () => {
    fc.assert(
      fc.property(hashArbitrary, anyText, anyText, (previous, first, second) => {
        // Split between code units can break a surrogate pair; that changes the text's bytes,
        // so only split where both pieces stand alone.
        fc.pre(!/[\ud800-\udbff]$/.test(first) && !/^[\udc00-\udfff]/.test(second))
        expect(extendHash(extendHash(previous, first), second)).toBe(
          extendHash(previous, first + second),
        )
      }),
    )
  })

  it('returns 16 lowercase hex digits', () => {
    expect(extendHash(HASH_SEED, 'x'.repeat(1000))).toMatch(/^[0-9a-f]{16}$/)
    expect(extendHash('0000000000000000', '')).toBe('0000000000000000')
  })

  it('refuses a previous hash that is not 16 lowercase hex digits', () => {
    for (const bad of [
      '',
      'CBF29CE484222325',
      'cbf29ce48422232',
      'cbf29ce4842223255',
      'zbf29ce484222325',
    ]) {
      expect(() => extendHash(bad, 'a'), bad).toThrow(InvariantError)
    }
  })
})
