/**
 * Builders for tests of the core (STYLE.md T6): worlds made through the production configure
 * path (`configureSimulation`), so every config check and invariant still runs.
 *
 * `flatWorld()` is a market that does not move by itself: volatility and drift 0 and spread 0, so
 * the quote of `TEST` is bid = mid and ask = mid + one tick (100.00 / 100.01 by default) until a
 * `price_jump` moves it, and a market tick only redraws the touch sizes (in [0.5, 1.5) times
 * `liquidity`, whole lots). The one account is `DEMO` unless `accounts` says otherwise.
 */
import {
  configureSimulation,
  type AccountInput,
  type ConfigBody,
  type InstrumentInput,
  type JournalEvent,
  type OrderRequest,
  type OrderStatus,
  type OrderView,
  type QuoteView,
  type Result,
  type SessionConfig,
  type Simulation,
} from '../../src/sim/index.js'

export const SYMBOL = 'TEST'
export const ACCOUNT = 'DEMO'
export const START = '2026-01-05T14:30:00.000Z'

export interface FlatWorldOptions {
  seed?: number
  /** The starting mid of `TEST`; default 100.00. */
  price?: string
  /** DEMO's cash; default 100000. */
  cash?: string
  allowShort?: boolean
  leverage?: number
  limits?: AccountInput['limits']
  /** Replaces the DEMO account entirely. */
  accounts?: AccountInput[]
  /** Replaces the one symbol `TEST`. */
  symbols?: InstrumentInput[]
  /** Merged over `{ volatility: 0, drift: 0, spread: 0 }`. */
  market?: NonNullable<ConfigBody['marketConfig']>
  execution?: NonNullable<ConfigBody['executionConfig']>
  session?: SessionConfig
  clockStart?: string
}

/** The configure input of a flat world; see the module comment. */
export function flatConfig(options: FlatWorldOptions = {}): ConfigBody {
  return {
    seed: options.seed ?? 7,
    clock: { mode: 'manual', start: options.clockStart ?? START },
    symbols: options.symbols ?? [{ symbol: SYMBOL, price: options.price ?? '100.00' }],
    marketConfig: { volatility: 0, drift: 0, spread: 0, ...options.market },
    executionConfig: options.execution,
    accounts: options.accounts ?? [
      {
        id: ACCOUNT,
        cash: options.cash ?? '100000',
        allowShort: options.allowShort,
        leverage: options.leverage,
        limits: options.limits,
      },
    ],
    session: options.session,
  }
}

export function flatWorld(options: FlatWorldOptions = {}): Simulation {
  return unwrap(configureSimulation(flatConfig(options), 1))
}

/** The value of a result, or a thrown error naming the refusal (a test expected success). */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The refusal of a result, or a thrown error (a test expected a refusal). */
export function refusal<T>(result: Result<T>): { code: string; message: string; details: any } {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

/** A simple order for `TEST`: buy 10 at market, gtc, unless overridden. */
export function orderRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    symbol: SYMBOL,
    side: 'buy',
    qty: '10',
    type: 'market',
    timeInForce: 'gtc',
    orderClass: 'simple',
    ...overrides,
  }
}

/** Submits and answers the order as the submit call returned it. */
export function submit(
  sim: Simulation,
  overrides: Partial<OrderRequest> = {},
  accountId = ACCOUNT,
): OrderView {
  return unwrap(sim.submitOrder(accountId, orderRequest(overrides))).order
}

/** The order as it is now. */
export function orderNow(sim: Simulation, orderId: string, accountId = ACCOUNT): OrderView {
  return unwrap(sim.order(accountId, orderId))
}

export function fillsOf(sim: Simulation, orderId: string, accountId = ACCOUNT) {
  return unwrap(sim.fills(accountId, { orderId, limit: 1000 })).items
}

export function quoteOf(sim: Simulation, symbol = SYMBOL): QuoteView {
  return unwrap(sim.quote(symbol))
}

/** Moves the mid of `symbol` to `price` now (and runs the matching pass that follows). */
export function jump(sim: Simulation, price: string, symbol = SYMBOL): void {
  unwrap(sim.injectMarketEvent({ kind: 'price_jump', symbol, price }))
}

export function advance(sim: Simulation, ms: number): void {
  unwrap(sim.advanceBy(ms))
}

/** Every event still in memory, oldest first. */
export function allEvents(sim: Simulation): JournalEvent[] {
  return sim.events(0, Number.MAX_SAFE_INTEGER)
}

/** The statuses an order's journal events carried, in order: its lifecycle as journaled. */
export function statusesOf(sim: Simulation, orderId: string): OrderStatus[] {
  return orderEventsOf(sim, orderId).map((e) => (e.data.order as { status: OrderStatus }).status)
}

/** The order events (`order.*`) of one order, oldest first. */
export function orderEventsOf(sim: Simulation, orderId: string): JournalEvent[] {
  return allEvents(sim).filter(
    (e) => e.type.startsWith('order.') && (e.data.order as { id: string }).id === orderId,
  )
}
