/**
 * The soak's load: HTTP clients trading at random on several accounts, and a chaos loop that
 * installs and removes fault rules at random. Every answer is tallied by operation, status and
 * error code; what the documented behaviour does not explain is a violation:
 * - a 5xx that is not `injected_fault` (the code a fault rule's `error` answers with);
 * - a 4xx whose code the operation cannot legitimately answer here (the `ALLOWED` table);
 * - a body that is not the contract's (no `malformed` rules are installed);
 * - a network failure other than the client giving up (no `reset` rules are installed).
 * A request the client gives up on (`timeout` rules hold their answer for ever) is counted, not
 * judged here: the run compares them with the `timeout` faults that fired.
 */
import type { PRNG } from 'seedrandom'
import { MockBrokerClient, MockBrokerError } from '../src/client/index.js'
import type { AccountView } from './soak-streams.js'

/** How long a `/v1` call may take before the client gives up (a `timeout` rule never answers). */
export const REQUEST_TIMEOUT_MS = 2_000

/**
 * The error codes each operation may answer in this world, and why. Anything else is a finding.
 * - submit: buying power and position limits (the accounts have `maxPosition`);
 * - cancel: the order ended (or is being replaced) before the cancel arrived;
 * - replace: the order ended or is not replaceable any more, or the replacement fails a risk
 *   check, or it would be `invalid_order` (a qty no larger than what the old order filled);
 * - closePosition: flat by the time the call arrives (`not_found`), or the closing order fails
 *   a risk check.
 * Every `/v1` call may also answer `503 injected_fault` (an `error` rule).
 */
const ALLOWED: Record<string, readonly string[]> = {
  submit: ['insufficient_buying_power', 'insufficient_position', 'risk_limit_exceeded'],
  cancel: ['order_not_cancelable'],
  replace: [
    'order_not_replaceable',
    'order_not_cancelable',
    'insufficient_buying_power',
    'insufficient_position',
    'risk_limit_exceeded',
    'invalid_order',
  ],
  cancelAll: [],
  closePosition: ['not_found', 'insufficient_buying_power', 'risk_limit_exceeded'],
  read: [],
  quotes: [],
}

export class HttpTally {
  readonly outcomes = new Map<string, number>()
  readonly violations: string[] = []
  /** Request ids of the `injected_fault` answers (the broker logs each 5xx at error). */
  readonly injectedRequestIds = new Set<string>()
  requests = 0
  timeouts = 0
  injected = 0

  count(key: string): void {
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1)
  }

  violation(message: string): void {
    if (this.violations.length < 50) this.violations.push(message)
  }
}

/** A `/v1` client whose calls give up after `REQUEST_TIMEOUT_MS` and are tallied. */
export class Http {
  readonly client: MockBrokerClient
  readonly tally: HttpTally

  constructor(baseUrl: string, tally: HttpTally) {
    this.tally = tally
    this.client = new MockBrokerClient({
      baseUrl,
      fetch: (input, init) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    })
  }

  /** Runs one call; answers its result, or undefined when it failed (tallied either way). */
  async call<T>(op: string, run: (client: MockBrokerClient) => Promise<T>): Promise<T | undefined> {
    const tally = this.tally
    tally.requests++
    try {
      const result = await run(this.client)
      tally.count(`${op} ok`)
      return result
    } catch (error) {
      if (error instanceof MockBrokerError) {
        tally.count(`${op} ${error.status} ${error.code}`)
        if (error.code === 'injected_fault') {
          tally.injected++
          if (error.requestId !== undefined) tally.injectedRequestIds.add(error.requestId)
        } else if (error.status >= 500 || !(ALLOWED[op] ?? []).includes(error.code)) {
          tally.violation(`${op}: unexpected ${error.status} ${error.code}: ${error.message}`)
        }
        return undefined
      }
      const cause = (error as Error).cause as { name?: string } | undefined
      if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') {
        tally.timeouts++
        tally.count(`${op} timeout`)
        return undefined
      }
      tally.count(`${op} network`)
      tally.violation(`${op}: failed without an answer: ${(error as Error).message}`)
      return undefined
    }
  }
}

export interface SymbolInfo {
  symbol: string
  tickSize: number
  decimals: number
  lotSize: number
}

export interface LoadStats {
  submitted: number
  accepted: number
  idempotentReplays: number
  cancels: number
  replaces: number
  closes: number
  reads: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class Load {
  readonly stats: LoadStats = {
    submitted: 0,
    accepted: 0,
    idempotentReplays: 0,
    cancels: 0,
    replaces: 0,
    closes: 0,
    reads: 0,
  }
  readonly mids = new Map<string, number>()
  readonly #http: Http
  readonly #rng: PRNG
  readonly #symbols: readonly SymbolInfo[]
  readonly #views: Map<string, AccountView>
  readonly #softPosition: number
  #orderCount = 0
  /** Recent submits, for idempotent replays of their clientOrderId. */
  #recent: Array<{ accountId: string; body: Record<string, unknown> }> = []

  constructor(
    http: Http,
    rng: PRNG,
    symbols: readonly SymbolInfo[],
    views: Map<string, AccountView>,
    softPosition: number,
  ) {
    this.#http = http
    this.#rng = rng
    this.#symbols = symbols
    this.#views = views
    this.#softPosition = softPosition
  }

  async refreshQuotes(): Promise<void> {
    const quotes = await this.#http.call('quotes', (c) =>
      c.quotes(this.#symbols.map((s) => s.symbol)),
    )
    for (const quote of quotes ?? [])
      this.mids.set(quote.symbol, (Number(quote.bid) + Number(quote.ask)) / 2)
  }

  /** One worker: random calls on one account until `running()` says stop. */
  async worker(accountId: string, running: () => boolean): Promise<void> {
    while (running()) {
      await this.#act(accountId)
      await sleep(5 + Math.floor(this.#rng() * 30))
    }
  }

  async #act(accountId: string): Promise<void> {
    const r = this.#rng()
    const view = this.#views.get(accountId) as AccountView
    if (r < 0.5) return this.#submit(accountId, view)
    if (r < 0.65) return this.#cancel(accountId, view)
    if (r < 0.8) return this.#replace(accountId, view)
    if (r < 0.85) return this.#replay(accountId)
    if (r < 0.87) return this.#close(accountId, view)
    if (r < 0.875) {
      this.stats.cancels++
      await this.#http.call('cancelAll', (c) => c.cancelAllOrders(accountId))
      return
    }
    this.stats.reads++
    const pick = this.#rng()
    if (pick < 0.4) await this.#http.call('read', (c) => c.positions(accountId))
    else if (pick < 0.7) await this.#http.call('read', (c) => c.account(accountId))
    else await this.#http.call('read', (c) => c.listOrders(accountId, { limit: 20 }))
  }

  async #submit(accountId: string, view: AccountView): Promise<void> {
    const info = this.#pick(this.#symbols)
    const mid = this.mids.get(info.symbol)
    if (mid === undefined) return
    const position = view.positions.get(info.symbol) ?? 0
    // Lean against the position so it stays within the soft bound (maxPosition is the hard one).
    const buyChance =
      position > this.#softPosition ? 0.15 : position < -this.#softPosition ? 0.85 : 0.5
    const side = this.#rng() < buyChance ? 'buy' : 'sell'
    const qty = info.lotSize * (1 + Math.floor(this.#rng() * 20))
    const body: Record<string, unknown> = { symbol: info.symbol, side, qty: String(qty) }
    if (this.#rng() < 0.35) {
      body.type = 'market'
      if (this.#rng() < 0.2) body.timeInForce = 'ioc'
    } else {
      // Mostly a little away from the mid (resting), sometimes through it (marketable).
      const away = (this.#rng() * 1.3 - 0.3) * 0.002 * mid
      body.type = 'limit'
      body.limitPrice = this.#price(info, side === 'buy' ? mid - away : mid + away)
      const tif = this.#rng()
      body.timeInForce = tif < 0.4 ? 'day' : tif < 0.85 ? 'gtc' : 'ioc'
    }
    if (this.#rng() < 0.5) body.clientOrderId = `soak-${accountId}-${++this.#orderCount}`
    this.stats.submitted++
    const order = await this.#http.call('submit', (c) =>
      c.submitOrder(accountId, body as Parameters<MockBrokerClient['submitOrder']>[1]),
    )
    if (order === undefined) return
    this.stats.accepted++
    if (body.clientOrderId !== undefined) {
      this.#recent.push({ accountId, body })
      if (this.#recent.length > 200) this.#recent.splice(0, 100)
    }
    if (body.type === 'limit' && body.timeInForce !== 'ioc')
      view.openOrders.set(order.id, { symbol: info.symbol, type: 'limit', side })
  }

  /** Resubmits an earlier order with its clientOrderId: the original again, 200. */
  async #replay(accountId: string): Promise<void> {
    const mine = this.#recent.filter((r) => r.accountId === accountId)
    if (mine.length === 0) return
    const { body } = this.#pick(mine)
    this.stats.idempotentReplays++
    await this.#http.call('submit', (c) =>
      c.submitOrder(accountId, body as Parameters<MockBrokerClient['submitOrder']>[1]),
    )
  }

  async #cancel(accountId: string, view: AccountView): Promise<void> {
    const id = this.#openOrder(view)
    if (id === undefined) return
    this.stats.cancels++
    await this.#http.call('cancel', (c) => c.cancelOrder(accountId, id))
  }

  async #replace(accountId: string, view: AccountView): Promise<void> {
    const id = this.#openOrder(view, 'limit')
    if (id === undefined) return
    const open = view.openOrders.get(id)
    const info = this.#symbols.find((s) => s.symbol === open?.symbol)
    const mid = info === undefined ? undefined : this.mids.get(info.symbol)
    if (open === undefined || info === undefined || mid === undefined) return
    const away = this.#rng() * 0.002 * mid
    const changes: { limitPrice: string; qty?: string } = {
      limitPrice: this.#price(info, open.side === 'buy' ? mid - away : mid + away),
    }
    if (this.#rng() < 0.3) changes.qty = String(info.lotSize * (1 + Math.floor(this.#rng() * 20)))
    this.stats.replaces++
    const replacement = await this.#http.call('replace', (c) =>
      c.replaceOrder(accountId, id, changes),
    )
    if (replacement !== undefined)
      view.openOrders.set(replacement.id, { symbol: info.symbol, type: 'limit', side: open.side })
  }

  async #close(accountId: string, view: AccountView): Promise<void> {
    const held = [...view.positions].filter(([, qty]) => qty !== 0)
    if (held.length === 0) return
    const [symbol] = this.#pick(held)
    this.stats.closes++
    await this.#http.call('closePosition', (c) => c.closePosition(accountId, symbol))
  }

  #openOrder(view: AccountView, type?: string): string | undefined {
    // The SDK stream keeps the map current, but a `drop` fault can leave a finished order in it
    // (a cancel then finds it finished: 409): cap the map so such leftovers do not pile up.
    while (view.openOrders.size > 500)
      view.openOrders.delete(view.openOrders.keys().next().value as string)
    const ids = [...view.openOrders].filter(([, o]) => type === undefined || o.type === type)
    if (ids.length === 0) return undefined
    return this.#pick(ids)[0]
  }

  #price(info: SymbolInfo, price: number): string {
    const ticks = Math.max(1, Math.round(price / info.tickSize))
    return (ticks * info.tickSize).toFixed(info.decimals)
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#rng() * items.length)] as T
  }
}

export interface RuleChoice {
  label: string
  rule: Record<string, unknown>
}

const STREAM_CHANNELS = ['orders', 'fills', 'positions', 'account'] as const

/**
 * A random fault rule. HTTP: `error` 503, `latency`, `timeout` (on one account's calls, so the
 * journal counts them), `reject` of submits. Stream (always on one account: a rule on every
 * account would also match every quote): `drop`, `duplicate`, `delay`, `reorder`, each maybe
 * on one channel, and `disconnect`, rare and capped by `times`.
 */
export function randomRule(rng: PRNG, accounts: readonly string[]): RuleChoice {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T
  const between = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1))
  const chance = (lo: number, hi: number) => Math.round((lo + rng() * (hi - lo)) * 1000) / 1000
  const accountId = pick(accounts)
  const r = rng()
  if (r < 0.12) {
    const match = pick([{}, { accountId }, { operation: 'submitOrder' }])
    return {
      label: 'error',
      rule: { match, probability: chance(0.05, 0.2), effect: { kind: 'error', status: 503 } },
    }
  }
  if (r < 0.22) {
    return {
      label: 'latency',
      rule: {
        match: pick([{}, { accountId }]),
        probability: chance(0.1, 0.4),
        effect: { kind: 'latency', ms: between(10, 250) },
      },
    }
  }
  if (r < 0.3) {
    return {
      label: 'timeout',
      rule: {
        match: { accountId },
        probability: chance(0.02, 0.06),
        effect: { kind: 'timeout', afterEffect: rng() < 0.5 },
      },
    }
  }
  if (r < 0.4) {
    return {
      label: 'reject',
      rule: {
        match: { operation: 'submitOrder', accountId },
        probability: chance(0.1, 0.3),
        effect: { kind: 'reject', reason: 'soak' },
      },
    }
  }
  if (r < 0.5) {
    return {
      label: 'disconnect',
      rule: {
        match: { operation: 'stream', accountId },
        probability: chance(0.005, 0.03),
        times: between(1, 3),
        effect: { kind: 'disconnect' },
      },
    }
  }
  const kind = pick(['drop', 'duplicate', 'delay', 'reorder'] as const)
  const effect: Record<string, unknown> = { kind }
  if (rng() < 0.6) effect.channel = pick(STREAM_CHANNELS)
  if (kind === 'delay') effect.ms = between(50, 2_000)
  return {
    label: kind,
    rule: { match: { operation: 'stream', accountId }, probability: chance(0.05, 0.3), effect },
  }
}
