/**
 * What open orders hold, per account and symbol: the buying power (`heldBuyingPower`) and the
 * quantity pending on each side (`pendingQty`). Every risk check, every fill's account event and
 * every account query asks, so the answer must not cost a pass over all of an account's open
 * orders (fifty thousand resting orders made each submit a pass over fifty thousand). The
 * definition is that pass (exposure-scan.ts); this index answers exactly the same decimals:
 *
 * - An order that stands alone with a limit price (almost every resting order) is priced at its
 *   limit, and while the account holds no position that its side would reduce, all of it opens
 *   exposure: its side's running sums (leaves, leaves × limit) answer for all such orders at once.
 *   With such a position each order is offset by it on its own, alike for orders of the same
 *   leaves: that side of that symbol is summed over its distinct leaves (usually a few lot
 *   sizes), each group by the sum of its limits.
 * - Everything else (sets counting once at their largest member, orders priced at the touch or
 *   their stop) is summed by the definition, one symbol at a time, when it changed.
 * - Each symbol's share is kept until something it depends on changes: the rules that change an
 *   order or a position say so (`exposureChanged`), and a symbol with orders priced at the touch
 *   is summed again when its quote is another.
 *
 * Decimal arithmetic is exact, so no order of additions or subtractions changes a result. An
 * exposure key never spans symbols (a set's members and a replacement share one symbol), so
 * summing the symbols' shares is summing over the account.
 *
 * Derived state: a snapshot does not carry it, a restore rebuilds it (`rebuildExposures`).
 */
import { Decimal } from '../decimal.js'
import { leavesQty, type Order } from '../orders/order.js'
import type { Side } from '../orders/order-vocabulary.js'
import type { World } from '../world.js'
import { exposureKey, openingQty, referencePrice } from './buying-power.js'

/** A query the index answered, with its answer, for tests to hold against the definition. */
export type ExposureQuery =
  | { kind: 'held'; accountId: string; excludeKey: string | undefined; value: Decimal }
  | {
      kind: 'pending'
      accountId: string
      symbol: string
      side: Side
      excludeKey: string | undefined
      value: Decimal
    }

/** The standalone limit orders of one side of one symbol with the same leaves. */
interface LeavesGroup {
  readonly key: string
  readonly leaves: Decimal
  count: number
  /** The sum of their limit prices. */
  limits: Decimal
}

/** The standalone limit orders of one side of one symbol: their sums, and by leaves. */
class LimitSide {
  readonly byLeaves = new Map<string, LeavesGroup>()
  leaves = Decimal.ZERO
  notional = Decimal.ZERO
}

class SymbolExposures {
  readonly buy = new LimitSide()
  readonly sell = new LimitSide()
  /** Working orders that are not standalone limits: summed by the definition. */
  readonly others = new Set<Order>()
  /** This symbol's share of the account's held buying power, as last summed. */
  held = Decimal.ZERO
  /** The others' share of the pending quantity of each side, as last summed. */
  othersPendingBuy = Decimal.ZERO
  othersPendingSell = Decimal.ZERO
  /** The quote the others were last priced at, while some of them are priced at the touch. */
  ask: Decimal | null = null
  bid: Decimal | null = null

  constructor(readonly symbol: string) {}

  side(side: Side): LimitSide {
    return side === 'buy' ? this.buy : this.sell
  }
}

class AccountExposures {
  readonly symbols = new Map<string, SymbolExposures>()
  /** The sum of the symbols' `held`. */
  held = Decimal.ZERO
  /** Symbols whose share must be summed again before it is read. */
  readonly stale = new Set<SymbolExposures>()
  /** Symbols with orders priced at the touch: stale whenever their quote is another. */
  readonly atTouch = new Set<SymbolExposures>()

  symbol(symbol: string): SymbolExposures {
    let exposures = this.symbols.get(symbol)
    if (exposures === undefined) {
      exposures = new SymbolExposures(symbol)
      this.symbols.set(symbol, exposures)
    }
    return exposures
  }
}

/** How an indexed order is counted; a standalone limit keeps what it added to its side's sums. */
type Entry =
  { kind: 'limit'; leaves: Decimal; notional: Decimal; group: LeavesGroup } | { kind: 'other' }

const OTHER: Entry = { kind: 'other' }

export class ExposureIndex {
  readonly accounts = new Map<string, AccountExposures>()
  readonly entries = new Map<Order, Entry>()
  /**
   * Working replacements by the id of the order they replace: a replacement's exposure key
   * follows that order's status, so a change of it is a change of the replacement too.
   */
  readonly replacements = new Map<string, Set<Order>>()
  /** Called with every answer (tests compare it with exposure-scan.ts). */
  audit: ((world: World, query: ExposureQuery) => void) | null = null

  account(accountId: string): AccountExposures {
    let account = this.accounts.get(accountId)
    if (account === undefined) {
      account = new AccountExposures()
      this.accounts.set(accountId, account)
    }
    return account
  }
}

/** Buying power held by the account's open orders, optionally leaving one set out (a replace). */
export function heldBuyingPower(
  world: World,
  accountId: string,
  excludeKey?: string,
  symbol?: string,
): Decimal {
  const account = refreshed(world, accountId)
  let value = account.held
  if (excludeKey !== undefined) {
    // A set and its members share one symbol; the order checked names it, even when the order
    // the key is named after was forgotten (order-retention.ts).
    const keySymbol = symbol ?? world.orders.get(excludeKey)?.symbol
    const exposures = keySymbol === undefined ? undefined : account.symbols.get(keySymbol)
    if (exposures !== undefined) {
      const positionQty = world.account(accountId).positionQty(exposures.symbol)
      const measure = (order: Order): Decimal =>
        openingQty(order.side, leavesQty(order), positionQty).mul(referencePrice(world, order))
      value = value.sub(excludedShare(world, accountId, exposures, excludeKey, measure))
    }
  }
  world.exposures.audit?.(world, { kind: 'held', accountId, excludeKey, value })
  return value
}

/** Leaves of the account's working orders on one side of a symbol, optionally leaving a set out. */
export function pendingQty(
  world: World,
  accountId: string,
  symbol: string,
  side: Side,
  excludeKey?: string,
): Decimal {
  const exposures = refreshed(world, accountId).symbols.get(symbol)
  let value = Decimal.ZERO
  if (exposures !== undefined) {
    const others = side === 'buy' ? exposures.othersPendingBuy : exposures.othersPendingSell
    value = exposures.side(side).leaves.add(others)
    if (excludeKey !== undefined) {
      const measure = (order: Order): Decimal | null =>
        order.side === side ? leavesQty(order) : null
      value = value.sub(excludedShare(world, accountId, exposures, excludeKey, measure))
    }
  }
  world.exposures.audit?.(world, { kind: 'pending', accountId, symbol, side, excludeKey, value })
  return value
}

/**
 * An order changed in a way its exposure depends on (status, quantities, set, held, stop), or
 * its fill moved the account's position in its symbol. Cheap: the sums are redone when read.
 */
export function exposureChanged(world: World, order: Order): void {
  const index = world.exposures
  const account = index.account(order.accountId)
  const exposures = account.symbol(order.symbol)
  account.stale.add(exposures)
  const before = index.entries.get(order)
  const after = entryKind(world, order)
  // An order staying among the others is summed from itself: nothing to move.
  if (before?.kind !== 'other' || after !== 'other') {
    if (before !== undefined) unlist(index, exposures, order, before)
    if (after !== null) list(index, exposures, order, after)
  }
  if (order.replaces !== null) trackReplacement(index, order, after !== null)
  const replacements = index.replacements.get(order.id)
  if (replacements !== undefined)
    for (const replacement of [...replacements]) exposureChanged(world, replacement)
}

/** The index of a world whose orders were put back from a snapshot. */
export function rebuildExposures(world: World): void {
  const index = world.exposures
  index.accounts.clear()
  index.entries.clear()
  index.replacements.clear()
  for (const open of world.openOrdersByAccount.values())
    for (const order of open) exposureChanged(world, order)
}

/** Whether an order is counted and how: not at all (held legs, ended orders), alone or not. */
function entryKind(world: World, order: Order): Entry['kind'] | null {
  if (order.held || !world.openOrdersByAccount.get(order.accountId)?.has(order)) return null
  if (order.limitPrice === null) return 'other'
  return standsAlone(order, exposureKey(world, order)) ? 'limit' : 'other'
}

/** An order counted on its own rather than once for its set (exposure-scan.ts). */
function standsAlone(order: Order, key: string): boolean {
  return order.ocoGroup === null && key === order.id && order.status !== 'pending_replace'
}

function list(
  index: ExposureIndex,
  exposures: SymbolExposures,
  order: Order,
  kind: Entry['kind'],
): void {
  if (kind === 'other') {
    exposures.others.add(order)
    index.entries.set(order, OTHER)
    return
  }
  const limit = order.limitPrice as Decimal
  const leaves = leavesQty(order)
  const notional = leaves.mul(limit)
  const side = exposures.side(order.side)
  side.leaves = side.leaves.add(leaves)
  side.notional = side.notional.add(notional)
  const key = leaves.toString()
  let group = side.byLeaves.get(key)
  if (group === undefined) {
    group = { key, leaves, count: 0, limits: Decimal.ZERO }
    side.byLeaves.set(key, group)
  }
  group.count++
  group.limits = group.limits.add(limit)
  index.entries.set(order, { kind, leaves, notional, group })
}

function unlist(
  index: ExposureIndex,
  exposures: SymbolExposures,
  order: Order,
  entry: Entry,
): void {
  index.entries.delete(order)
  if (entry.kind === 'other') {
    exposures.others.delete(order)
    return
  }
  const side = exposures.side(order.side)
  side.leaves = side.leaves.sub(entry.leaves)
  side.notional = side.notional.sub(entry.notional)
  const { group } = entry
  group.count--
  group.limits = group.limits.sub(order.limitPrice as Decimal)
  if (group.count === 0) side.byLeaves.delete(group.key)
}

function trackReplacement(index: ExposureIndex, replacement: Order, working: boolean): void {
  const old = replacement.replaces as string
  const set = index.replacements.get(old)
  if (working) {
    if (set === undefined) index.replacements.set(old, new Set([replacement]))
    else set.add(replacement)
  } else if (set?.delete(replacement) && set.size === 0) {
    index.replacements.delete(old)
  }
}

/** The account's exposures with every stale symbol summed again. */
function refreshed(world: World, accountId: string): AccountExposures {
  const account = world.exposures.account(accountId)
  for (const exposures of account.atTouch) {
    const market = world.market(exposures.symbol)
    // Quotes are immutable decimals, replaced when the market moves.
    if (market.ask !== exposures.ask || market.bid !== exposures.bid) account.stale.add(exposures)
  }
  if (account.stale.size === 0) return account
  const positions = world.account(accountId)
  for (const exposures of account.stale) {
    const held = resum(world, account, exposures, positions.positionQty(exposures.symbol))
    account.held = account.held.sub(exposures.held).add(held)
    exposures.held = held
  }
  account.stale.clear()
  return account
}

/** One symbol's share of the held buying power; also redoes the others' pending quantities. */
function resum(
  world: World,
  account: AccountExposures,
  exposures: SymbolExposures,
  positionQty: Decimal,
): Decimal {
  let held = limitsHeld(exposures.buy, 'buy', positionQty).add(
    limitsHeld(exposures.sell, 'sell', positionQty),
  )
  let pendingBuy = Decimal.ZERO
  let pendingSell = Decimal.ZERO
  let atTouch = false
  const largest = new Map<string, Decimal>()
  const largestBuy = new Map<string, Decimal>()
  const largestSell = new Map<string, Decimal>()
  for (const order of exposures.others) {
    if (order.limitPrice === null) atTouch = true
    const leaves = leavesQty(order)
    const value = openingQty(order.side, leaves, positionQty).mul(referencePrice(world, order))
    const key = exposureKey(world, order)
    const buy = order.side === 'buy'
    if (standsAlone(order, key)) {
      held = held.add(value)
      if (buy) pendingBuy = pendingBuy.add(leaves)
      else pendingSell = pendingSell.add(leaves)
      continue
    }
    keepLargest(largest, key, value)
    keepLargest(buy ? largestBuy : largestSell, key, leaves)
  }
  exposures.othersPendingBuy = pendingBuy.add(Decimal.sum(largestBuy.values()))
  exposures.othersPendingSell = pendingSell.add(Decimal.sum(largestSell.values()))
  if (atTouch) {
    const market = world.market(exposures.symbol)
    exposures.ask = market.ask
    exposures.bid = market.bid
    account.atTouch.add(exposures)
  } else {
    exposures.ask = null
    exposures.bid = null
    account.atTouch.delete(exposures)
  }
  return held.add(Decimal.sum(largest.values()))
}

/**
 * What one side's standalone limits hold: their notional, unless a position offsets each of them;
 * then Σ opening × limit, which is Σ over the leaves groups of opening × (Σ of their limits).
 */
function limitsHeld(side: LimitSide, which: Side, positionQty: Decimal): Decimal {
  const offsetting = which === 'buy' ? positionQty.isNegative() : positionQty.isPositive()
  if (!offsetting) return side.notional
  let total = Decimal.ZERO
  for (const group of side.byLeaves.values()) {
    const opening = openingQty(which, group.leaves, positionQty)
    if (opening.isPositive()) total = total.add(opening.mul(group.limits))
  }
  return total
}

function keepLargest(largest: Map<string, Decimal>, key: string, value: Decimal): void {
  const seen = largest.get(key)
  largest.set(key, seen === undefined ? value : Decimal.max(seen, value))
}

/**
 * The share of `exposures` (fresh) that the orders with exposure key `excludeKey` add: the order
 * of that id if it stands alone, and the largest of the set of that key.
 */
function excludedShare(
  world: World,
  accountId: string,
  exposures: SymbolExposures,
  excludeKey: string,
  measure: (order: Order) => Decimal | null,
): Decimal {
  let alone = Decimal.ZERO
  const anchor = world.orders.get(excludeKey)
  if (
    anchor !== undefined &&
    anchor.accountId === accountId &&
    anchor.symbol === exposures.symbol &&
    world.exposures.entries.get(anchor)?.kind === 'limit'
  )
    alone = measure(anchor) ?? Decimal.ZERO
  let largest: Decimal | null = null
  for (const order of exposures.others) {
    const key = exposureKey(world, order)
    if (key !== excludeKey) continue
    const value = measure(order)
    if (value === null) continue
    if (standsAlone(order, key)) alone = alone.add(value)
    else largest = largest === null ? value : Decimal.max(largest, value)
  }
  return largest === null ? alone : alone.add(largest)
}
