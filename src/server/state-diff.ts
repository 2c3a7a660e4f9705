/**
 * The difference of two `GET /mock/state` views (issue 7, `GET /mock/snapshots/{id}/diff`): pure,
 * no I/O. `from` is the first state (the snapshot), `to` the second (the `against` side).
 *
 * Entities are matched by key (order, account and fault rule ids, symbols) and compared field by
 * field over every field either view carries, so a field added to a view later is compared too
 * (as a plain `{ from, to }` until it is given a decimal kind below). Decimal fields compare by
 * value (`100.0` equals `100`) and carry the exact `delta`; prices also `pct`. Lists are sorted by
 * key, ids with numbers in natural order (`ord-999999` before `ord-1000000`).
 *
 * Known limit: a position not listed (flat) reads as qty 0 with zero amounts; its realizedPnl and
 * lastPrice are unknown, so an opened or closed position leaves those two out.
 */
import {
  CONFIG_DIFF_PATHS_MAX,
  type Account,
  type AccountChange,
  type Clock,
  type ClockDiff,
  type FaultChange,
  type FaultRule,
  type Instrument,
  type InstrumentChange,
  type Order,
  type OrderChange,
  type Position,
  type PositionChange,
  type Quote,
  type QuoteChange,
  type State,
  type StateDiff,
  type StateDiffSide,
} from '../api/index.js'
import { Decimal } from '../sim/index.js'

/** How a field's change is written: `{ from, to }`, plus `delta` (decimal, count) and `pct`. */
type FieldKind = 'plain' | 'decimal' | 'price' | 'count'

/** Field kinds of one view; fields not named here are `plain`. */
type FieldKinds<T> = Partial<Record<keyof T & string, FieldKind>>

const ACCOUNT_FIELDS: FieldKinds<Account> = {
  cash: 'decimal',
  equity: 'decimal',
  buyingPower: 'decimal',
  marketValue: 'decimal',
  realizedPnl: 'decimal',
  unrealizedPnl: 'decimal',
  commissionsPaid: 'decimal',
}

const POSITION_FIELDS: FieldKinds<Position> = {
  qty: 'decimal',
  avgEntryPrice: 'decimal',
  marketValue: 'decimal',
  costBasis: 'decimal',
  unrealizedPnl: 'decimal',
  realizedPnl: 'decimal',
  lastPrice: 'decimal',
}

const QUOTE_FIELDS: FieldKinds<Quote> = {
  bid: 'price',
  ask: 'price',
  last: 'price',
  bidSize: 'decimal',
  askSize: 'decimal',
}

const FAULT_FIELDS: FieldKinds<FaultRule> = { matched: 'count', fired: 'count' }

/**
 * A position not listed is flat: these fields are known for it. Its realizedPnl and lastPrice are
 * not, so an opened or closed position is compared on these fields only.
 */
const FLAT_POSITION = {
  qty: '0',
  side: 'flat',
  avgEntryPrice: '0',
  marketValue: '0',
  costBasis: '0',
  unrealizedPnl: '0',
} as const satisfies Partial<Position>

// Every field of each view has a place in its change type, so no difference goes unreported; a
// new field in a view fails to compile here until the diff schema names it.
type Covers<View, Change> = [Exclude<keyof View, keyof Change>] extends [never] ? true : never
const _coverage: [
  Covers<Account & { positions: unknown }, AccountChange>,
  Covers<Position, PositionChange>,
  Covers<Quote, QuoteChange>,
  Covers<Instrument, InstrumentChange>,
  Covers<Clock, ClockDiff>,
  Covers<Omit<Order, 'id'>, OrderChange['changes']>,
  Covers<FaultRule, FaultChange>,
] = [true, true, true, true, true, true, true]

/** The difference from `from` to `to`; see the module comment. */
export function diffStates(from: State, to: State): StateDiff {
  const clock = diffClock(from.clock, to.clock)
  const symbols = diffKeyed(from.symbols, to.symbols, (i) => i.symbol, diffInstrument)
  const quotes = diffKeyed(from.quotes, to.quotes, (q) => q.symbol, diffQuote).changed
  const accounts = diffKeyed(from.accounts, to.accounts, (a) => a.id, diffAccount)
  const orders = diffKeyed(from.orders, to.orders, (o) => o.id, diffOrder)
  const faults = diffKeyed(from.faults, to.faults, (f) => f.id, diffFault)
  const config = diffConfig(from.config, to.config)
  const identical =
    clock === null &&
    isEmpty(symbols) &&
    quotes.length === 0 &&
    isEmpty(accounts) &&
    isEmpty(orders) &&
    isEmpty(faults) &&
    !config.changed
  return {
    from: sideOf(from),
    to: sideOf(to),
    identical,
    clock,
    symbols,
    quotes,
    accounts,
    orders,
    faults,
    config,
  }
}

function sideOf(state: State): StateDiffSide {
  const { seq, epoch, hash } = state.journal
  return { seq, epoch, hash, time: state.clock.time }
}

interface Keyed<T, C> {
  added: T[]
  removed: T[]
  changed: C[]
}

function isEmpty(section: Keyed<unknown, unknown>): boolean {
  return section.added.length === 0 && section.removed.length === 0 && section.changed.length === 0
}

/** Matches the items of two lists by key: those in one list only, and those that differ. */
function diffKeyed<T, C>(
  from: readonly T[],
  to: readonly T[],
  keyOf: (item: T) => string,
  diffOne: (from: T, to: T) => C | null,
): Keyed<T, C> {
  const before = new Map(from.map((item) => [keyOf(item), item]))
  const after = new Map(to.map((item) => [keyOf(item), item]))
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareKeys)
  const out: Keyed<T, C> = { added: [], removed: [], changed: [] }
  for (const key of keys) {
    const a = before.get(key)
    const b = after.get(key)
    if (a === undefined) {
      if (b !== undefined) out.added.push(b)
    } else if (b === undefined) {
      out.removed.push(a)
    } else {
      const changed = diffOne(a, b)
      if (changed !== null) out.changed.push(changed)
    }
  }
  return out
}

function diffClock(from: Clock, to: Clock): ClockDiff | null {
  const changes: Record<string, unknown> = fieldChanges(from, to, {}, ['time']) ?? {}
  if (from.time !== to.time) {
    changes.time = {
      from: from.time,
      to: to.time,
      deltaMs: Date.parse(to.time) - Date.parse(from.time),
    }
  }
  return Object.keys(changes).length === 0 ? null : (changes as ClockDiff)
}

function diffInstrument(from: Instrument, to: Instrument): InstrumentChange | null {
  const changes = fieldChanges(from, to, {}, ['symbol'])
  return changes === null ? null : ({ symbol: to.symbol, ...changes } as InstrumentChange)
}

function diffQuote(from: Quote, to: Quote): QuoteChange | null {
  const changes = fieldChanges(from, to, QUOTE_FIELDS, ['symbol'])
  return changes === null ? null : ({ symbol: to.symbol, ...changes } as QuoteChange)
}

function diffAccount(
  from: State['accounts'][number],
  to: State['accounts'][number],
): AccountChange | null {
  const changes = fieldChanges(from, to, ACCOUNT_FIELDS, ['id', 'positions'])
  const positions = diffPositions(from.positions, to.positions)
  if (changes === null && positions.length === 0) return null
  return { id: to.id, ...changes, positions } as AccountChange
}

function diffPositions(from: readonly Position[], to: readonly Position[]): PositionChange[] {
  const { added, removed, changed } = diffKeyed(
    from,
    to,
    (p) => p.symbol,
    (a, b): PositionChange | null => {
      const changes = fieldChanges(a, b, POSITION_FIELDS, ['symbol'])
      return changes === null
        ? null
        : ({ symbol: b.symbol, change: 'changed', ...changes } as PositionChange)
    },
  )
  const flatSide = (position: Position, change: 'opened' | 'closed'): PositionChange => {
    const known = pick(position, Object.keys(FLAT_POSITION))
    const changes =
      change === 'opened'
        ? fieldChanges(FLAT_POSITION, known, POSITION_FIELDS, [])
        : fieldChanges(known, FLAT_POSITION, POSITION_FIELDS, [])
    return { symbol: position.symbol, change, ...changes } as PositionChange
  }
  return [
    ...added.map((p) => flatSide(p, 'opened')),
    ...removed.map((p) => flatSide(p, 'closed')),
    ...changed,
  ].sort((a, b) => compareKeys(a.symbol, b.symbol))
}

function diffOrder(from: Order, to: Order): OrderChange | null {
  const changes = fieldChanges(from, to, {}, ['id'])
  if (changes === null) return null
  return {
    id: to.id,
    clientOrderId: to.clientOrderId,
    accountId: to.accountId,
    symbol: to.symbol,
    changes: changes as OrderChange['changes'],
  }
}

function diffFault(from: FaultRule, to: FaultRule): FaultChange | null {
  const changes = fieldChanges(from, to, FAULT_FIELDS, ['id'])
  return changes === null ? null : ({ id: to.id, ...changes } as FaultChange)
}

/**
 * `{ field: change }` for every field of either object (but `skip`) whose values differ, or null
 * when none does. Fields keep the order of `from`, then those only `to` has.
 */
function fieldChanges(
  from: object,
  to: object,
  kinds: Partial<Record<string, FieldKind>>,
  skip: readonly string[],
): Record<string, unknown> | null {
  const a = from as Record<string, unknown>
  const b = to as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (skip.includes(key)) continue
    const written = fieldChange(a[key], b[key], kinds[key] ?? 'plain')
    if (written !== undefined) out[key] = written
  }
  return Object.keys(out).length === 0 ? null : out
}

/** The change of one field from `a` to `b` in its kind, or undefined when they are equal. */
function fieldChange(a: unknown, b: unknown, kind: FieldKind): unknown {
  if (kind === 'count' && typeof a === 'number' && typeof b === 'number') {
    return a === b ? undefined : { from: a, to: b, delta: b - a }
  }
  if (kind === 'decimal' || kind === 'price') {
    const x = typeof a === 'string' ? Decimal.tryParse(a) : undefined
    const y = typeof b === 'string' ? Decimal.tryParse(b) : undefined
    if (x !== undefined && y !== undefined) {
      if (x.eq(y)) return undefined
      const delta = y.sub(x)
      if (kind === 'decimal') return { from: a, to: b, delta: delta.toString() }
      return { from: a, to: b, delta: delta.toString(), pct: percentOf(delta, x) }
    }
  }
  return sameValue(a, b) ? undefined : { from: a ?? null, to: b ?? null }
}

/** `delta / base` in percent, 4 decimals half even; null when `base` is 0. */
function percentOf(delta: Decimal, base: Decimal): string | null {
  if (base.isZero()) return null
  return delta.mul(Decimal.fromInt(100)).div(base, 4).toString()
}

function diffConfig(from: State['config'], to: State['config']): StateDiff['config'] {
  const paths: string[] = []
  let count = 0
  collectPaths(from, to, '', (path) => {
    if (count++ < CONFIG_DIFF_PATHS_MAX) paths.push(path)
  })
  return { changed: count > 0, paths, morePaths: count - paths.length }
}

/** Reports each path where `a` and `b` differ: object keys alphabetically, array items by index. */
function collectPaths(a: unknown, b: unknown, path: string, report: (path: string) => void): void {
  if (sameValue(a, b)) return
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const at = `${path}[${i}]`
      if (i >= a.length || i >= b.length) report(at)
      else collectPaths(a[i], b[i], at, report)
    }
    return
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...definedKeys(a), ...definedKeys(b)])].sort(compareText)
    for (const key of keys) {
      const at = path === '' ? key : `${path}.${key}`
      if (a[key] === undefined || b[key] === undefined) report(at)
      else collectPaths(a[key], b[key], at, report)
    }
    return
  }
  report(path === '' ? '.' : path)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Deep equality of JSON values: object key order does not matter, and a key whose value is
 * undefined counts as absent (as it is once the view has been through JSON).
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = definedKeys(a)
    if (keys.length !== definedKeys(b).length) return false
    return keys.every((key) => sameValue(a[key], b[key]))
  }
  return false
}

function definedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => record[key] !== undefined)
}

function pick(value: object, keys: readonly string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]))
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Natural order: runs of digits compare as numbers (`ord-999999` before `ord-1000000`). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0
  const x = a.split(/(\d+)/)
  const y = b.split(/(\d+)/)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] ?? ''
    const q = y[i] ?? ''
    if (p === q) continue
    if (i % 2 === 1) {
      const m = p.replace(/^0+(?=\d)/, '')
      const n = q.replace(/^0+(?=\d)/, '')
      if (m.length !== n.length) return m.length - n.length
      if (m !== n) return compareText(m, n)
    }
    return compareText(p, q)
  }
  return compareText(a, b)
}
