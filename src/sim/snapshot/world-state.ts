/**
 * The whole state of a world as plain JSON, and back (CONTRACT.md section 3, DESIGN.md rule 4):
 * the clock, every random stream's position, the scheduler's pending timers, the id counters, the
 * journal's position and retained events, markets, price models, books, accounts, orders, fills,
 * fault rules with their counters, market overrides. What is derived from the config (calendar,
 * quote parameters, commission schedule, instruments, replay feeds) is rebuilt from it.
 *
 * Exactness: a restored world is the world the snapshot was taken of, so the same calls give the
 * same events, ids and journal hash (snapshot.property.test.ts). Every index is stored as it was
 * (order ids in their order) rather than re-derived, so no ordering subtlety can drift; only the
 * exposure index, exact sums in which order does not matter, is rebuilt from the open orders.
 */
import type { AccountState } from '../accounts/account.js'
import type { FaultRuleState } from '../faults/fault-engine.js'
import type { IdKind } from '../ids.js'
import type { JournalEvent, Json } from '../journal/events.js'
import type { JournalPosition } from '../journal/journal.js'
import type { MarketOverrides } from '../market/market-overrides.js'
import type { PriceModelState } from '../market/price-model.js'
import type { SymbolMarketState } from '../market/symbol-market.js'
import type { Fill } from '../orders/fill.js'
import { isOpen, type Order } from '../orders/order.js'
import type { SymbolBook } from '../orders/symbol-book.js'
import type { RngState } from '../random/rng.js'
import type { SchedulerState } from '../time/scheduler.js'
import type { Timer } from '../timer.js'
import { invariant } from '../invariant.js'
import type { World } from '../world.js'
import { rebuildExposures } from '../execution/exposure-index.js'
import { copyJson, fromPlain, toPlain } from './plain-data.js'

/** Bumped whenever the shape changes; a snapshot of another version is refused, not guessed at. */
export const WORLD_STATE_VERSION = 1

const BOOK_LISTS = [
  'marketable',
  'buyLimits',
  'sellLimits',
  'buyStops',
  'sellStops',
  'trailing',
] as const
type BookLists = Record<(typeof BOOK_LISTS)[number], string[]>

export interface WorldState {
  version: typeof WORLD_STATE_VERSION
  nowMs: number
  lastTickMs: number
  streams: Record<string, RngState>
  scheduler: SchedulerState<Timer>
  ids: Record<IdKind, number>
  journal: JournalPosition & { events: JournalEvent[] }
  markets: Array<[string, SymbolMarketState]>
  priceModels: Array<[string, PriceModelState]>
  books: Array<[string, BookLists]>
  accounts: AccountState[]
  /** Every order, in the order they were created. */
  orders: Json[]
  ordersByAccount: Array<[string, string[]]>
  openOrdersByAccount: Array<[string, string[]]>
  ocoGroups: Array<[string, string[]]>
  faultRules: FaultRuleState[]
  clientOrderIds: Array<[string, string]>
  fillsByAccount: Array<[string, Json[]]>
  overrides: Array<[string, MarketOverrides]>
  /** Closed orders held, oldest closed first; absent from snapshots older than the retention. */
  closedOrders?: string[]
  /** Orders ever registered (arrival numbers); absent from older snapshots: `orders.length`. */
  ordersRegistered?: number
  /** Closed orders the last forgetting kept back; absent from older snapshots: none. */
  closedOrdersKept?: number
  /** Closed orders forgotten per account; absent from older snapshots: none. */
  forgottenOrders?: Array<[string, number]>
}

const idsOf = (orders: Iterable<Order>): string[] => [...orders].map((order) => order.id)

export function captureWorld(world: World): WorldState {
  const journal = world.journal
  return {
    version: WORLD_STATE_VERSION,
    nowMs: world.nowMs,
    lastTickMs: world.lastTickMs,
    streams: world.streams.snapshot(),
    scheduler: copyJson(
      world.scheduler.snapshot() as unknown as Json,
    ) as unknown as SchedulerState<Timer>,
    ids: world.ids.snapshot(),
    // Events are immutable: the snapshot shares them with the journal.
    journal: { ...journal.position(), events: [...journal.retained()] },
    markets: [...world.markets].map(([symbol, market]) => [symbol, market.snapshot()]),
    priceModels: [...world.priceModels].map(([symbol, model]) => [
      symbol,
      copyJson(model.snapshot() as unknown as Json) as unknown as PriceModelState,
    ]),
    books: [...world.books].map(([symbol, book]) => [symbol, bookLists(book)]),
    accounts: [...world.accounts.values()].map((account) => account.snapshot()),
    orders: [...world.orders.values()].map(toPlain),
    ordersByAccount: [...world.ordersByAccount].map(([id, orders]) => [id, idsOf(orders)]),
    openOrdersByAccount: [...world.openOrdersByAccount].map(([id, orders]) => [id, idsOf(orders)]),
    ocoGroups: [...world.ocoGroups].map(([group, orders]) => [group, idsOf(orders)]),
    faultRules: copyJson(world.faultRules as unknown as Json) as unknown as FaultRuleState[],
    clientOrderIds: [...world.clientOrderIds],
    fillsByAccount: [...world.fillsByAccount].map(([id, fills]) => [id, fills.map(toPlain)]),
    overrides: copyJson([...world.overrides] as unknown as Json) as unknown as Array<
      [string, MarketOverrides]
    >,
    closedOrders: idsOf(world.closedOrders),
    ordersRegistered: world.ordersRegistered,
    forgottenOrders: [...world.forgottenOrders],
    closedOrdersKept: world.closedOrdersKept,
  }
}

function bookLists(book: SymbolBook): BookLists {
  const lists = {} as BookLists
  for (const name of BOOK_LISTS) lists[name] = idsOf(book[name])
  return lists
}

/**
 * Fills a world built from the snapshot's config (markets, models, accounts, streams, scheduler,
 * ids and journal already restored by the constructor) with the rest of the state.
 */
export function restoreCollections(world: World, state: WorldState): void {
  world.nowMs = state.nowMs
  world.lastTickMs = state.lastTickMs
  for (const [symbol, model] of state.priceModels) world.priceModel(symbol).restore(model)
  world.orders.clear()
  for (const plain of state.orders) {
    const order = fromPlain<Order>(plain)
    world.orders.set(order.id, order)
  }
  const orderOf = (id: string): Order => {
    const order = world.orders.get(id)
    invariant(order, `the snapshot names an order it does not hold: ${id}`)
    return order
  }
  for (const [symbol, lists] of state.books) {
    const book = world.book(symbol)
    for (const name of BOOK_LISTS)
      book[name].splice(0, book[name].length, ...lists[name].map(orderOf))
  }
  refill(world.ordersByAccount, state.ordersByAccount, (ids) => ids.map(orderOf))
  refill(world.openOrdersByAccount, state.openOrdersByAccount, (ids) => new Set(ids.map(orderOf)))
  refill(world.ocoGroups, state.ocoGroups, (ids) => ids.map(orderOf))
  world.faultRules.splice(
    0,
    world.faultRules.length,
    ...(copyJson(state.faultRules as unknown as Json) as unknown as FaultRuleState[]),
  )
  refill(world.clientOrderIds, state.clientOrderIds, (id) => id)
  refill(world.fillsByAccount, state.fillsByAccount, (fills) =>
    fills.map((f) => fromPlain<Fill>(f)),
  )
  refill(
    world.overrides,
    copyJson(state.overrides as unknown as Json) as unknown as Array<[string, MarketOverrides]>,
    (o) => o,
  )
  world.closedOrders =
    state.closedOrders?.map(orderOf) ?? [...world.orders.values()].filter((o) => !isOpen(o))
  world.ordersRegistered = state.ordersRegistered ?? state.orders.length
  world.closedOrdersKept = state.closedOrdersKept ?? 0
  refill(world.forgottenOrders, state.forgottenOrders ?? [], (count) => count)
  // Derived from the open orders, so a snapshot does not carry it.
  rebuildExposures(world)
}

function refill<K, S, V>(
  map: Map<K, V>,
  entries: ReadonlyArray<[K, S]>,
  make: (stored: S) => V,
): void {
  map.clear()
  for (const [key, stored] of entries) map.set(key, make(stored))
}
