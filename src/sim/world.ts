/**
 * The state of one simulated broker, and the small services every rule needs (time, ids, random
 * streams, journal, marks). Rules live in execution/ and market/ as functions of a World.
 *
 * Iteration order is insertion order everywhere (Maps and arrays), so every listing and every
 * matching pass is deterministic.
 */
import { Account } from './accounts/account.js'
import type { WorldConfig } from './config/world-config.js'
import { Decimal } from './decimal.js'
import { IdGenerator } from './ids.js'
import { invariant } from './invariant.js'
import type { EventType, JsonObject } from './journal/events.js'
import type { QuoteView } from './market/quote-view.js'
import { Journal } from './journal/journal.js'
import { createPriceModel } from './market/create-price-model.js'
import { toInstrument } from './market/instrument.js'
import type { MarketOverrides } from './market/market-overrides.js'
import type { PriceModel } from './market/price-model.js'
import type { ReplayFeed } from './market/replay/replay-feed.js'
import { SymbolMarket, type QuoteParams } from './market/symbol-market.js'
import type { CommissionSchedule } from './orders/commission.js'
import { decideStreamEvent, type FaultRuleState } from './faults/fault-engine.js'
import { ExposureIndex } from './execution/exposure-index.js'
import { restoreCollections, type WorldState } from './snapshot/world-state.js'
import type { Fill } from './orders/fill.js'
import type { Order } from './orders/order.js'
import { SymbolBook } from './orders/symbol-book.js'
import { constantSample, sampleDistribution } from './random/distribution.js'
import { RngStreams } from './random/rng-streams.js'
import { Scheduler } from './time/scheduler.js'
import { SessionCalendar } from './time/session-calendar.js'
import type { Timer } from './timer.js'

const DAY_MS = 24 * 60 * 60 * 1000

export type VenueAction = 'submit' | 'cancel' | 'replace'

/** What a world keeps in memory: journal events, and closed orders with their fills. */
export interface Retention {
  journalEvents: number
  closedOrders: number
}

export class World {
  readonly config: WorldConfig
  nowMs: number
  readonly scheduler: Scheduler<Timer>
  readonly streams: RngStreams
  readonly ids: IdGenerator
  readonly journal: Journal
  readonly calendar: SessionCalendar
  readonly markets = new Map<string, SymbolMarket>()
  readonly books = new Map<string, SymbolBook>()
  readonly accounts = new Map<string, Account>()
  readonly orders = new Map<string, Order>()
  readonly ordersByAccount = new Map<string, Order[]>()
  /** An index of the orders that can still fill, per account, oldest first (risk checks read it on every submit). */
  readonly openOrdersByAccount = new Map<string, Set<Order>>()
  /** What the open orders hold, per account and symbol; derived from them, never stored. */
  readonly exposures = new ExposureIndex()
  /** Members of each one-cancels-other set by group id, in joining order (orders/order.ts). */
  readonly ocoGroups = new Map<string, Order[]>()
  /** Fault rules in the order they were added: the first that matches and fires applies. */
  readonly faultRules: FaultRuleState[] = []
  /** `${accountId} ${clientOrderId}` -> order id. */
  readonly clientOrderIds = new Map<string, string>()
  readonly fillsByAccount = new Map<string, Fill[]>()
  /**
   * Closed orders still held, oldest closed first; beyond `orderRetention` the oldest are
   * forgotten (execution/order-retention.ts).
   */
  closedOrders: Order[] = []
  readonly orderRetention: number
  /** Closed orders the last forgetting kept back because a relative was open. */
  closedOrdersKept = 0
  /** Orders ever registered, so arrival numbers keep rising after old orders are forgotten. */
  ordersRegistered = 0
  /** Closed orders forgotten per account: their fills are gone from its fill history too. */
  readonly forgottenOrders = new Map<string, number>()
  /** Per-symbol overrides set by timed market events (market-overrides.ts); plain data. */
  readonly overrides = new Map<string, MarketOverrides>()
  /** Each symbol's price model, holding its per-symbol state (`snapshot()` / `restore()`). */
  readonly priceModels = new Map<string, PriceModel>()
  /** Each historical symbol's replay instead (replay/replay-quotes.ts); read-only data. */
  readonly replays = new Map<string, ReplayFeed>()
  readonly quoteParams: QuoteParams
  readonly commission: CommissionSchedule
  /** When the market last ticked (the start until the first tick): depth refills count from it. */
  lastTickMs: number

  /**
   * A fresh world from its config, or (with `state`) the world a snapshot was taken of, in the
   * timeline `epoch` (snapshot/world-state.ts).
   */
  constructor(config: WorldConfig, epoch: number, retention: Retention, state?: WorldState) {
    this.orderRetention = retention.closedOrders
    this.config = config
    this.nowMs = Date.parse(config.clock.start)
    this.lastTickMs = this.nowMs
    invariant(Number.isFinite(this.nowMs), `clock.start is not a time: ${config.clock.start}`)
    this.streams = new RngStreams(config.seed, state?.streams)
    this.scheduler = new Scheduler<Timer>(state?.scheduler)
    this.ids = new IdGenerator(state?.ids)
    this.journal =
      state === undefined
        ? Journal.start(retention.journalEvents, epoch)
        : Journal.restore(
            retention.journalEvents,
            { ...state.journal, epoch },
            state.journal.events,
          )
    this.calendar = new SessionCalendar(config.session)
    const { marketConfig: market, executionConfig: exec } = config
    const dayMs = this.#tradingDayMs()
    this.quoteParams = { spreadBps: market.spread, liquidity: market.liquidity }
    const rates = (side: 'maker' | 'taker') => ({
      perShare: Decimal.parse(exec.commission[side].perShare),
      bps: Decimal.parse(exec.commission[side].bps),
    })
    this.commission = {
      maker: rates('maker'),
      taker: rates('taker'),
      minimum: Decimal.parse(exec.commission.minimum),
    }
    const marketStates = new Map(state?.markets)
    for (const symbol of config.symbols) {
      const instrument = toInstrument(symbol)
      const restored = marketStates.get(symbol.symbol)
      this.markets.set(
        symbol.symbol,
        restored !== undefined
          ? new SymbolMarket(instrument, restored)
          : SymbolMarket.open(
              instrument,
              Decimal.parse(symbol.price),
              this.nowMs,
              this.quoteParams,
              this.streams.get(`sizes/${symbol.symbol}`),
            ),
      )
      this.books.set(symbol.symbol, new SymbolBook())
      const model = createPriceModel(market, symbol, dayMs)
      if (model !== null) this.priceModels.set(symbol.symbol, model)
    }
    const accountStates = new Map(state?.accounts.map((a) => [a.id, a]))
    for (const account of config.accounts) {
      const restored = accountStates.get(account.id)
      this.accounts.set(
        account.id,
        restored !== undefined
          ? new Account(account, restored)
          : Account.open(account, this.markOf),
      )
      this.ordersByAccount.set(account.id, [])
      this.openOrdersByAccount.set(account.id, new Set())
      this.fillsByAccount.set(account.id, [])
    }
    if (state !== undefined) restoreCollections(this, state)
  }

  /** The price positions are marked at: the symbol's last price. */
  readonly markOf = (symbol: string): Decimal => {
    const market = this.markets.get(symbol)
    invariant(market, `no market for ${symbol}`)
    return market.last
  }

  emit(type: EventType, accountId: string | null, data: JsonObject): void {
    const event = this.journal.append(type, this.nowMs, accountId, data)
    if (this.faultRules.length > 0) decideStreamEvent(this, event)
  }

  /** `emit('quote.updated', null, { quote })`, hashed from the quote's fixed layout. */
  emitQuote(quote: QuoteView): void {
    const event = this.journal.appendQuote(this.nowMs, quote)
    if (this.faultRules.length > 0) decideStreamEvent(this, event)
  }

  schedule(dueAtMs: number, timer: Timer): number {
    return this.scheduler.schedule(dueAtMs, timer)
  }

  /**
   * Venue latency in virtual ms from the action's distribution (uniform in [latencyMin,
   * latencyMax] unless configured), one stream per action so a submit never shifts a cancel's.
   * A constant latency does not even create its stream, as before distributions existed, so
   * the streams a snapshot holds are unchanged too.
   */
  latencyMs(action: VenueAction): number {
    const dist = this.config.executionConfig.latency[action]
    return constantSample(dist) ?? sampleDistribution(this.streams.get(`latency/${action}`), dist)
  }

  market(symbol: string): SymbolMarket {
    const market = this.markets.get(symbol)
    invariant(market, `no market for ${symbol}`)
    return market
  }

  priceModel(symbol: string): PriceModel {
    const model = this.priceModels.get(symbol)
    invariant(model, `no price model for ${symbol}`)
    return model
  }

  book(symbol: string): SymbolBook {
    const book = this.books.get(symbol)
    invariant(book, `no book for ${symbol}`)
    return book
  }

  account(accountId: string): Account {
    const account = this.accounts.get(accountId)
    invariant(account, `no account ${accountId}`)
    return account
  }

  /** Whether orders of `symbol` can execute now: the session is open and the symbol trades. */
  canExecute(symbol: string): boolean {
    return !this.market(symbol).halted && this.calendar.isOpen(this.nowMs)
  }

  /** A trading day for volatility: 24 h, or one session where a session is configured. */
  #tradingDayMs(): number {
    const session = this.config.session
    if (session === '24x7') return DAY_MS
    const minutes = (hhmm: string): number => {
      const [h, m] = hhmm.split(':').map(Number)
      return (h ?? 0) * 60 + (m ?? 0)
    }
    const length = (minutes(session.close) - minutes(session.open)) * 60_000
    return length > 0 ? length : DAY_MS
  }
}
