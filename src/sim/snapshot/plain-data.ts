/**
 * Orders and fills hold `Decimal`s; snapshots are JSON. Every Decimal becomes `{ "$decimal":
 * "1.25" }` and back, wherever it sits, so a new Decimal field is carried without a field list to
 * keep in step. Order `metadata` is the caller's own JSON and is copied as it is, so a caller's
 * `$decimal` key there stays a key.
 */
import { Decimal } from '../decimal.js'
import type { Json, JsonObject } from '../journal/events.js'

const TAG = '$decimal'
const VERBATIM = new Set(['metadata'])

export function toPlain(value: unknown): Json {
  if (value instanceof Decimal) return { [TAG]: value.toString() }
  if (value === null || typeof value !== 'object') return value as Json
  if (Array.isArray(value)) return value.map(toPlain)
  const out: JsonObject = {}
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue
    out[key] = VERBATIM.has(key) ? copyJson(field as Json) : toPlain(field)
  }
  return out
}

export function fromPlain<T>(value: Json): T {
  return decode(value) as T
}

function decode(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(decode)
  const keys = Object.keys(value)
  if (keys.length === 1 && keys[0] === TAG && typeof value[TAG] === 'string')
    return Decimal.parse(value[TAG])
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value))
    out[key] = VERBATIM.has(key) ? copyJson(field) : decode(field)
  return out
}

export function copyJson<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
