/**
 * Canonical JSON: the byte-stable encoding that the journal hashes.
 *
 * Invariant: equal data gives equal text. Object keys are sorted by UTF-16 code units (plain
 * `<` on strings), whatever order they were inserted in; there is no whitespace; arrays keep
 * their order; numbers and strings are written as `JSON.stringify` writes them (numbers in their
 * shortest round-trip form, `-0` as `0`). Values with a `toJSON` method (`Decimal`) are encoded
 * through it, as `JSON.stringify` does.
 *
 * It throws `InvariantError` instead of silently dropping or mangling data where
 * `JSON.stringify` would: `undefined` in an array or at the top, functions, symbols, bigint,
 * NaN and ±Infinity, `Map` and `Set` (which would become `{}`), and cycles. Object properties
 * whose value is `undefined` are omitted, as in `JSON.stringify`. Error messages give the path.
 *
 * Known limits: symbol-keyed and non-enumerable properties are ignored, and class instances
 * without `toJSON` are encoded by their own enumerable properties.
 */
import { InvariantError } from '../invariant.js'

/** Encodes `value` as canonical JSON; see the module comment for the rules. */
export function canonicalJson(value: unknown): string {
  return encodeData(applyToJson(value, ''), [], new Set())
}

function fail(path: readonly (string | number)[], problem: string): never {
  const where = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')
  throw new InvariantError(`Failed to encode canonical JSON at $${where}: ${problem}`)
}

function applyToJson(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return value
  const toJson = (value as { toJSON?: unknown }).toJSON
  return typeof toJson === 'function'
    ? (toJson as (key: string) => unknown).call(value, key)
    : value
}

/** Encodes a value that has already been through `toJSON`. */
function encodeData(value: unknown, path: (string | number)[], ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) fail(path, `${value} is not representable in JSON`)
      return String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'undefined':
      return fail(path, 'undefined is not representable here (only as an omitted object property)')
    case 'bigint':
      return fail(path, `bigint ${value}n is not representable in JSON; convert it to a string`)
    case 'function':
    case 'symbol':
      return fail(path, `a ${typeof value} is not data`)
  }
  if (value === null) return 'null'
  const object = value as object
  if (object instanceof Map || object instanceof Set) {
    fail(path, `a ${object instanceof Map ? 'Map' : 'Set'} would encode as {}; convert it first`)
  }
  if (object instanceof Number || object instanceof String || object instanceof Boolean) {
    return encodeData(object.valueOf(), path, ancestors)
  }
  if (ancestors.has(object)) fail(path, 'the value contains a cycle')
  ancestors.add(object)
  const text = Array.isArray(object)
    ? encodeArray(object, path, ancestors)
    : encodeObject(object as Record<string, unknown>, path, ancestors)
  ancestors.delete(object)
  return text
}

function encodeArray(
  array: readonly unknown[],
  path: (string | number)[],
  ancestors: Set<object>,
): string {
  let text = '['
  for (let index = 0; index < array.length; index++) {
    path.push(index)
    text +=
      (index === 0 ? '' : ',') +
      encodeData(applyToJson(array[index], String(index)), path, ancestors)
    path.pop()
  }
  return `${text}]`
}

function encodeObject(
  object: Record<string, unknown>,
  path: (string | number)[],
  ancestors: Set<object>,
): string {
  // Default sort compares UTF-16 code units, which is the canonical order.
  const keys = Object.keys(object).sort()
  let text = '{'
  let first = true
  for (const key of keys) {
    const property = applyToJson(object[key], key)
    if (property === undefined) continue
    path.push(key)
    text += `${first ? '' : ','}${JSON.stringify(key)}:${encodeData(property, path, ancestors)}`
    path.pop()
    first = false
  }
  return `${text}}`
}
