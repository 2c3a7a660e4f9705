/**
 * Hashes a value's canonical JSON (canonical-json.ts) without building the text: the encoder
 * feeds each piece to the running hash as it goes. The journal hashes every event, the market's
 * quotes included, so this is the core's hottest path; building each event's text first cost a
 * string per event and a rope to flatten before the hash could read it.
 *
 * Invariant: `hashCanonical(h, v)` leaves `h` where `h.feed(canonicalJson(v))` would, byte for
 * byte (canonical-hash.test.ts checks both on generated values). Keys already in canonical order,
 * as the core writes them, are not sorted again.
 *
 * A value canonical JSON refuses (see canonical-json.ts) is handed to `canonicalJson`, which
 * throws with the path; the hash is then left part-fed, so callers roll it back.
 */
import { InvariantError } from '../invariant.js'
import { canonicalJson } from './canonical-json.js'
import type { RunningHash } from './running-hash.js'

const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d

/** Feeds the canonical JSON of `value` to `hash`; throws `InvariantError` where it would. */
export function hashCanonical(hash: RunningHash, value: unknown): void {
  if (feedValue(hash, applyToJson(value, ''), [])) return
  canonicalJson(value)
  throw new InvariantError('Failed to hash canonical JSON: a value was refused but encodes')
}

function applyToJson(value: unknown, key: string | number): unknown {
  if (value === null || typeof value !== 'object') return value
  const toJson = (value as { toJSON?: unknown }).toJSON
  return typeof toJson === 'function'
    ? (toJson as (key: string) => unknown).call(value, String(key))
    : value
}

/** False where canonical JSON refuses the value (the caller re-encodes it for the message). */
function feedValue(hash: RunningHash, value: unknown, ancestors: object[]): boolean {
  switch (typeof value) {
    case 'string':
      hash.feedJsonString(value)
      return true
    case 'number':
      if (!Number.isFinite(value)) return false
      hash.feed(String(value))
      return true
    case 'boolean':
      hash.feed(value ? 'true' : 'false')
      return true
    case 'object':
      break
    default:
      return false
  }
  if (value === null) {
    hash.feed('null')
    return true
  }
  if (value instanceof Map || value instanceof Set) return false
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return feedValue(hash, value.valueOf(), ancestors)
  }
  if (ancestors.includes(value)) return false
  ancestors.push(value)
  const fed = Array.isArray(value)
    ? feedArray(hash, value, ancestors)
    : feedObject(hash, value as Record<string, unknown>, ancestors)
  ancestors.pop()
  return fed
}

function feedArray(hash: RunningHash, array: readonly unknown[], ancestors: object[]): boolean {
  hash.feedAsciiCode(OPEN_BRACKET)
  for (let index = 0; index < array.length; index++) {
    if (index > 0) hash.feedAsciiCode(COMMA)
    if (!feedValue(hash, applyToJson(array[index], index), ancestors)) return false
  }
  hash.feedAsciiCode(CLOSE_BRACKET)
  return true
}

function feedObject(
  hash: RunningHash,
  object: Record<string, unknown>,
  ancestors: object[],
): boolean {
  const keys = Object.keys(object)
  if (!isSorted(keys)) keys.sort()
  hash.feedAsciiCode(OPEN_BRACE)
  let first = true
  for (const key of keys) {
    const property = applyToJson(object[key], key)
    if (property === undefined) continue
    if (!first) hash.feedAsciiCode(COMMA)
    first = false
    hash.feedJsonString(key)
    hash.feedAsciiCode(COLON)
    if (!feedValue(hash, property, ancestors)) return false
  }
  hash.feedAsciiCode(CLOSE_BRACE)
  return true
}

// Default sort compares UTF-16 code units, which is the canonical order; so does `<`.
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return false
  }
  return true
}

/** A quote as the market publishes it (market/quote-view.ts): seven strings. */
export interface QuoteFields {
  symbol: string
  bid: string
  ask: string
  bidSize: string
  askSize: string
  last: string
  time: string
}

/**
 * Feeds the canonical JSON of a `quote.updated` event, `{ seq, type, timeMs, accountId: null,
 * data: { quote } }`, from its fixed layout: every symbol publishes one on every market tick,
 * and walking the objects' keys cost more than hashing their text. Same bytes as
 * `hashCanonical` (canonical-hash.test.ts checks).
 */
export function hashQuoteEvent(
  hash: RunningHash,
  seq: number,
  timeMs: number,
  quote: QuoteFields,
): void {
  if (!Number.isFinite(timeMs)) hashCanonical(hash, timeMs) // throws as the generic path would
  hash.feed('{"accountId":null,"data":{"quote":{"ask":')
  hash.feedJsonString(quote.ask)
  hash.feed(',"askSize":')
  hash.feedJsonString(quote.askSize)
  hash.feed(',"bid":')
  hash.feedJsonString(quote.bid)
  hash.feed(',"bidSize":')
  hash.feedJsonString(quote.bidSize)
  hash.feed(',"last":')
  hash.feedJsonString(quote.last)
  hash.feed(',"symbol":')
  hash.feedJsonString(quote.symbol)
  hash.feed(',"time":')
  hash.feedJsonString(quote.time)
  hash.feed('}},"seq":')
  hash.feed(String(seq))
  hash.feed(',"timeMs":')
  hash.feed(String(timeMs))
  hash.feed(',"type":"quote.updated"}')
}
