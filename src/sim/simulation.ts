/**
 * The one door to the core: a whole simulated broker, driven by commands and by `advanceTo`.
 * Everything here is synchronous and deterministic: the same config and the same calls give the
 * same events, ids and journal hash.
 *
 * Work that is due "now" (a zero-latency acknowledgement, say) runs right after the command that
 * scheduled it, before the call returns; the command's answer is the state it created.
 */
import type { WorldConfig } from './config/world-config.js'
import { cancelAllOrders, cancelOrder } from './execution/cancel-order.js'
import { replaceOrder } from './execution/replace-order.js'
import { runTimer } from './execution/run-timer.js'
import { findByClientOrderId, submitOrder, type SubmitOutcome } from './execution/submit-order.js'
import { scheduleDayRoll } from './execution/trading-day.js'
import { heldBuyingPower } from './execution/exposure-index.js'
import { invariant } from './invariant.js'
import type { JournalEvent, Json } from './journal/events.js'
import type { EventFilter, JournalListener, JournalPosition } from './journal/journal.js'
import { LIMITS } from './limits.js'
import { checkMarketEvent } from './market/apply-market-event.js'
import type { MarketEvent } from './market/market-event.js'
import { scheduleFirstTick } from './market/market-tick.js'
import type { ReplayFixture } from './market/replay/fixture.js'
import { buildReplayFeeds, openReplays } from './market/replay/replay-quotes.js'
import { scheduleTimeline } from './market/schedule-timeline.js'
import {
  toInstrumentView,
  toQuoteView,
  type InstrumentView,
  type QuoteView,
} from './market/quote-view.js'
import type { AccountView } from './accounts/account.js'
import type { PositionView } from './accounts/position.js'
import { toFillView, type FillView } from './orders/fill.js'
import type { OrderPatch, OrderRequest } from './orders/order-request.js'
import { isOpen, toOrderView, type OrderView } from './orders/order.js'
import { fail, ok, type Result } from './result.js'
import { isoTime } from './time/iso-time.js'
import { World, type Retention } from './world.js'
import {
  addFaultRule,
  addResolvedRule,
  decideFault,
  removeRule,
  toFaultRuleView,
} from './faults/fault-engine.js'
import type { FaultRuleInput } from './faults/fault-rule-input.js'
import type { FaultCall, FaultDecision, FaultRuleView, FiredFault } from './faults/fault-rule.js'
import { releaseHeldBy } from './execution/order-faults.js'

/** Per-command options from the shell. */
export interface CommandOptions {
  fault?: FiredFault | null | undefined
}

function unwrapRemoved(result: Result<FaultRuleView>): FaultRuleView {
  invariant(result.ok, 'a listed fault rule could not be removed')
  return result.value
}
import { pageAfter, type Page } from './paging.js'
import { copyJson } from './snapshot/plain-data.js'
import { WORLD_STATE_VERSION, captureWorld, type WorldState } from './snapshot/world-state.js'
import { applyMarketEvent } from './market/apply-market-event.js'

export type ClockView = {
  time: string
  mode: WorldConfig['clock']['mode']
  speed: number
  isOpen: boolean
  nextOpen: string | null
  nextClose: string | null
}

export type OrderStatusFilter = 'open' | 'closed' | 'all'

/** A world's state and the config it runs on: what `Simulation.restore` takes. */
export interface WorldSnapshot {
  config: WorldConfig
  world: WorldState
}

export interface SimulationOptions {
  /** Numbers the timeline (CONTRACT.md section 4); 1 by default. */
  epoch?: number
  /** The fixture historical symbols replay (`marketConfig.source`), as `configureConfig` checked it. */
  fixture?: ReplayFixture | null
  /** Journal events kept in memory for replay and `/mock/events`. */
  journalRetention?: number
  /** Closed orders (with their fills) kept; older ones are forgotten (order-retention.ts). */
  orderRetention?: number
}

export interface AdvanceOutcome {
  fromMs: number
  toMs: number
  events: number
}

function retentionOf(options: SimulationOptions): Retention {
  return {
    journalEvents: options.journalRetention ?? LIMITS.journalRetention,
    closedOrders: options.orderRetention ?? LIMITS.orderRetention,
  }
}

let worldBehind: (sim: Simulation) => World

/**
 * The world behind a simulation, for the core's own tests of what the public face does not show
 * (the shell imports only index.ts, which does not export this).
 */
export function worldOf(sim: Simulation): World {
  return worldBehind(sim)
}

export class Simulation {
  readonly #world: World

  static {
    worldBehind = (sim) => sim.#world
  }
  /** The fixture historical symbols replay (`marketConfig.source`), kept so a reset reuses it. */
  readonly fixture: ReplayFixture | null

  private constructor(world: World, fixture: ReplayFixture | null) {
    this.#world = world
    this.fixture = fixture
  }

  /** A fresh world from a resolved config. */
  static create(config: WorldConfig, options: SimulationOptions = {}): Simulation {
    const fixture = options.fixture ?? null
    const world = new World(config, options.epoch ?? 1, retentionOf(options))
    openReplays(world, fixture)
    scheduleFirstTick(world)
    scheduleDayRoll(world)
    for (const rule of config.faults) addResolvedRule(world, rule)
    const sim = new Simulation(world, fixture)
    // Timeline entries at the very start apply as the world is created.
    if (scheduleTimeline(world)) sim.advanceTo(world.nowMs)
    return sim
  }

  /**
   * The world a snapshot was taken of, in the timeline `options.epoch`: the same calls give the
   * same events, ids and hash as they did after the snapshot. `options.fixture` must be the
   * replay fixture the snapshot's world used (the shell keeps it, by name and fingerprint).
   */
  static restore(snapshot: WorldSnapshot, options: SimulationOptions = {}): Result<Simulation> {
    if (snapshot.world.version !== WORLD_STATE_VERSION) {
      return fail(
        'invalid_request',
        `this snapshot has state version ${String(snapshot.world.version)}; this mock-broker reads version ${WORLD_STATE_VERSION}`,
        { version: snapshot.world.version },
      )
    }
    const fixture = options.fixture ?? null
    // A snapshot may be restored many times: the world gets its own copy (events are immutable
    // and shared).
    const { journal, ...rest } = snapshot.world
    const state = { ...(copyJson(rest as unknown as Json) as unknown as typeof rest), journal }
    const world = new World(snapshot.config, options.epoch ?? 1, retentionOf(options), state)
    buildReplayFeeds(world, fixture)
    return ok(new Simulation(world, fixture))
  }

  /** The whole state as plain JSON (with the config it runs on), for `restore`. */
  snapshot(): WorldSnapshot {
    return { config: this.#world.config, world: captureWorld(this.#world) }
  }

  get config(): WorldConfig {
    return this.#world.config
  }

  get nowMs(): number {
    return this.#world.nowMs
  }

  // Time.

  /** Runs every timer due up to `targetMs` in (time, scheduling) order, then parks the clock there. */
  advanceTo(targetMs: number): Result<AdvanceOutcome> {
    const world = this.#world
    const fromMs = world.nowMs
    if (!Number.isSafeInteger(targetMs) || targetMs > LIMITS.timeMsMax) {
      return fail('invalid_request', 'virtual time cannot go past 9999-12-31T23:59:59.999Z', {})
    }
    if (targetMs < fromMs) {
      return fail(
        'invalid_request',
        `cannot move the clock back: ${isoTime(targetMs)} is before ${isoTime(fromMs)}`,
        {},
      )
    }
    if (targetMs - fromMs > LIMITS.advanceMsMax) {
      return fail(
        'invalid_request',
        `cannot advance more than ${LIMITS.advanceMsMax} ms at once; advance in steps`,
        {},
      )
    }
    const seqBefore = world.journal.seq
    for (let due = world.scheduler.popDue(targetMs); due; due = world.scheduler.popDue(targetMs)) {
      invariant(
        due.dueAtMs >= world.nowMs,
        `timer due in the past: ${due.dueAtMs} < ${world.nowMs}`,
      )
      world.nowMs = due.dueAtMs
      runTimer(world, due.task)
    }
    world.nowMs = targetMs
    return ok({ fromMs, toMs: targetMs, events: world.journal.seq - seqBefore })
  }

  advanceBy(ms: number): Result<AdvanceOutcome> {
    return this.advanceTo(this.#world.nowMs + ms)
  }

  // Commands.

  // `options.fault` is the fault `decideFault` fired for the request, if any: its order effects
  // (reject, stuck) apply here (execution/order-faults.ts); other kinds are the caller's.

  submitOrder(
    accountId: string,
    request: OrderRequest,
    options: CommandOptions = {},
  ): Result<SubmitOutcome> {
    return this.#settle(submitOrder(this.#world, accountId, request, options.fault))
  }

  cancelOrder(accountId: string, orderId: string, options: CommandOptions = {}): Result<OrderView> {
    return this.#settle(cancelOrder(this.#world, accountId, orderId, options.fault))
  }

  cancelAllOrders(accountId: string, options: CommandOptions = {}): Result<OrderView[]> {
    return this.#settle(cancelAllOrders(this.#world, accountId, options.fault))
  }

  /** Replaces have no order effects (decisions/0009), so no fault is passed in. */
  replaceOrder(accountId: string, orderId: string, patch: OrderPatch): Result<OrderView> {
    return this.#settle(replaceOrder(this.#world, accountId, orderId, patch))
  }

  // Faults.

  addFaultRule(input: FaultRuleInput): Result<FaultRuleView> {
    return addFaultRule(this.#world, input)
  }

  /** Cheap enough for every request: the HTTP middleware asks nothing more when there are none. */
  hasFaultRules(): boolean {
    return this.#world.faultRules.length > 0
  }

  faultRules(): FaultRuleView[] {
    return this.#world.faultRules.map(toFaultRuleView)
  }

  /** Removes a rule; orders it held stuck proceed at once. */
  removeFaultRule(id: string): Result<FaultRuleView> {
    const removed = removeRule(this.#world, id)
    if (removed.ok) releaseHeldBy(this.#world, id)
    return this.#settle(removed)
  }

  clearFaultRules(): FaultRuleView[] {
    const ids = this.#world.faultRules.map((rule) => rule.id)
    return ids.map((id) => unwrapRemoved(this.removeFaultRule(id)))
  }

  /** The fault for one `/v1` call (journaled when one fires); `wallMs` for wall-clock windows. */
  decideFault(call: FaultCall, wallMs: number): FaultDecision {
    return decideFault(this.#world, call, wallMs)
  }

  /** Closes the position at market: a market order for its whole quantity, the other way. */
  closePosition(
    accountId: string,
    symbol: string,
    options: CommandOptions = {},
  ): Result<OrderView> {
    const world = this.#world
    const account = world.accounts.get(accountId)
    if (!account) return fail('not_found', `no account ${accountId}`, { accountId })
    const qty = account.positionQty(symbol)
    if (qty.isZero())
      return fail('not_found', `account ${accountId} has no open position in ${symbol}`, { symbol })
    const request: OrderRequest = {
      symbol,
      side: qty.isPositive() ? 'sell' : 'buy',
      qty: qty.abs().toString(),
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
    }
    const result = this.submitOrder(accountId, request, options)
    return result.ok ? ok(result.value.order) : result
  }

  /** Applies a market event now, or schedules it at `atMs`. */
  injectMarketEvent(event: MarketEvent, atMs?: number): Result<{ id: string; atMs: number }> {
    const world = this.#world
    const check = checkMarketEvent(world, event)
    if (!check.ok) return check
    if (atMs !== undefined && atMs < world.nowMs) {
      return fail(
        'invalid_request',
        `at ${isoTime(atMs)} is in the past (now ${isoTime(world.nowMs)})`,
        {},
      )
    }
    const id = world.ids.next('mev')
    const dueMs = atMs ?? world.nowMs
    if (dueMs === world.nowMs) applyMarketEvent(world, id, event)
    else world.schedule(dueMs, { kind: 'market.event', eventId: id, event })
    return this.#settle(ok({ id, atMs: dueMs }))
  }

  // Queries.

  clock(): ClockView {
    const { nowMs, calendar, config } = this.#world
    const next = (ms: number | null): string | null => (ms === null ? null : isoTime(ms))
    return {
      time: isoTime(nowMs),
      mode: config.clock.mode,
      speed: config.clock.speed,
      isOpen: calendar.isOpen(nowMs),
      nextOpen: next(calendar.nextOpenMs(nowMs)),
      nextClose: next(calendar.nextCloseMs(nowMs)),
    }
  }

  instruments(): InstrumentView[] {
    return [...this.#world.markets.values()].map(toInstrumentView)
  }

  quote(symbol: string): Result<QuoteView> {
    const market = this.#world.markets.get(symbol)
    if (!market)
      return fail('not_found', `unknown symbol ${symbol}: GET /v1/symbols lists them`, { symbol })
    return ok(toQuoteView(market))
  }

  /** Quotes of the given symbols (all when omitted), in the order asked. */
  quotes(symbols?: readonly string[]): Result<QuoteView[]> {
    const names = symbols ?? [...this.#world.markets.keys()]
    const out: QuoteView[] = []
    for (const symbol of names) {
      const quote = this.quote(symbol)
      if (!quote.ok) return quote
      out.push(quote.value)
    }
    return ok(out)
  }

  accountIds(): string[] {
    return [...this.#world.accounts.keys()]
  }

  /** The API key an account requires; `undefined` when the account does not exist. */
  accountApiKey(accountId: string): string | null | undefined {
    return this.#world.accounts.get(accountId)?.apiKey
  }

  account(accountId: string): Result<AccountView> {
    const world = this.#world
    const account = world.accounts.get(accountId)
    if (!account) return fail('not_found', `no account ${accountId}`, { accountId })
    return ok(account.view(world.markOf, heldBuyingPower(world, accountId)))
  }

  positions(accountId: string): Result<PositionView[]> {
    const account = this.#world.accounts.get(accountId)
    if (!account) return fail('not_found', `no account ${accountId}`, { accountId })
    return ok(account.positionViews(this.#world.markOf))
  }

  position(accountId: string, symbol: string): Result<PositionView> {
    const positions = this.positions(accountId)
    if (!positions.ok) return positions
    const position = positions.value.find((p) => p.symbol === symbol)
    if (!position)
      return fail('not_found', `account ${accountId} has no open position in ${symbol}`, { symbol })
    return ok(position)
  }

  orders(
    accountId: string,
    query: {
      status: OrderStatusFilter
      symbol?: string | undefined
      limit: number
      after?: string | undefined
    },
  ): Result<Page<OrderView>> {
    const orders = this.#world.ordersByAccount.get(accountId)
    if (!orders) return fail('not_found', `no account ${accountId}`, { accountId })
    const wanted = orders.filter(
      (o) =>
        (query.status === 'all' || isOpen(o) === (query.status === 'open')) &&
        (query.symbol === undefined || o.symbol === query.symbol),
    )
    return ok(pageAfter(wanted, query.after, query.limit, (o) => o.id, toOrderView))
  }

  order(accountId: string, orderId: string): Result<OrderView> {
    const order = this.#world.orders.get(orderId)
    if (!order || order.accountId !== accountId)
      return fail('not_found', `no order ${orderId} in account ${accountId}`, { orderId })
    return ok(toOrderView(order))
  }

  orderByClientOrderId(accountId: string, clientOrderId: string): Result<OrderView> {
    if (!this.#world.accounts.has(accountId))
      return fail('not_found', `no account ${accountId}`, { accountId })
    const order = findByClientOrderId(this.#world, accountId, clientOrderId)
    if (!order)
      return fail(
        'not_found',
        `no order with clientOrderId ${clientOrderId} in account ${accountId}`,
        { clientOrderId },
      )
    return ok(toOrderView(order))
  }

  fills(
    accountId: string,
    query: { orderId?: string | undefined; limit: number; after?: string | undefined },
  ): Result<Page<FillView>> {
    const fills = this.#world.fillsByAccount.get(accountId)
    if (!fills) return fail('not_found', `no account ${accountId}`, { accountId })
    const wanted =
      query.orderId === undefined ? fills : fills.filter((f) => f.orderId === query.orderId)
    return ok(pageAfter(wanted, query.after, query.limit, (f) => f.id, toFillView))
  }

  // The journal.

  journalPosition(): JournalPosition {
    return this.#world.journal.position()
  }

  events(afterSeq: number, limit: number, filter?: EventFilter): JournalEvent[] {
    return this.#world.journal.since(afterSeq, limit, filter)
  }

  firstRetainedSeq(): number {
    return this.#world.journal.firstRetainedSeq
  }

  onEvent(listener: JournalListener): () => void {
    return this.#world.journal.subscribe(listener)
  }

  /** Closed orders of the account forgotten with their fills (execution/order-retention.ts). */
  forgottenOrders(accountId: string): number {
    return this.#world.forgottenOrders.get(accountId) ?? 0
  }

  /** Every order of every account, oldest first, for the control plane. */
  allOrders(): OrderView[] {
    return [...this.#world.orders.values()].map(toOrderView)
  }

  #settle<T>(result: T): T {
    this.advanceTo(this.#world.nowMs)
    return result
  }
}
