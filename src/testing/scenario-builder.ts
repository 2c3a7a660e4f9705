/**
 * A fluent builder of `POST /mock/configure` bodies, for tests:
 *
 * @example
 * const body = scenario().seed(7).symbols('AAPL', 'MSFT').volatility(2).latency(5, 20).build()
 * await helper.setupScenario(scenario('normal').seed(7).clock('manual').cash(50_000))
 *
 * Every method maps onto one field of `ConfigureRequest` (src/api/schemas/configure.ts); `build()`
 * answers the body as its input type, so the server's own schema checks it (a bad value is a 400
 * at configure, not here). Keys left unset take the named scenario's value, then the default.
 */
import type { ConfigureRequestInput } from '../api/index.js'

/** The configure body a builder produces: the input type of the server's schema. */
export type ScenarioBody = ConfigureRequestInput

type AccountsInput = NonNullable<ScenarioBody['accounts']>
/** One account of `accounts`, as configure takes it. */
export type AccountInput = Extract<AccountsInput, readonly unknown[]>[number]
/** One entry of `symbols`: a name, or an object with a price, tick size, model... */
export type SymbolEntryInput = Extract<
  NonNullable<ScenarioBody['symbols']>,
  readonly unknown[]
>[number]
/** One fault rule, as configure and `POST /mock/inject` take it. */
export type FaultRuleBody = NonNullable<ScenarioBody['faults']>[number]
/** One timeline entry: a market event at an offset (`+5m`) or ISO time. */
export type TimelineEntryInput = NonNullable<ScenarioBody['timeline']>[number]
type MarketConfigInput = NonNullable<ScenarioBody['marketConfig']>
type ExecutionConfigInput = NonNullable<ScenarioBody['executionConfig']>
type ClockInput = NonNullable<ScenarioBody['clock']>
type DecimalLike = AccountInput['cash']

export class ScenarioBuilder {
  #body: ScenarioBody = {}

  /** Starts from a file of `scenarios/` (e.g. `normal`); explicit keys override it. */
  named(name: string): this {
    this.#body.scenario = name
    return this
  }

  seed(seed: number): this {
    this.#body.seed = seed
    return this
  }

  /** `manual` (advanced by `/mock/advance`) or `realtime`, with virtual ms per wall ms. */
  clock(mode: 'manual' | 'realtime', speed?: number): this {
    const clock: ClockInput = { ...this.#body.clock, mode }
    if (speed !== undefined) clock.speed = speed
    this.#body.clock = clock
    return this
  }

  /** The virtual time the clock starts at (ISO). */
  startAt(time: string): this {
    this.#body.clock = { ...this.#body.clock, start: time }
    return this
  }

  /** The symbols: names (`'AAPL'`) or objects (`{ symbol: 'AAPL', price: '150' }`). */
  symbols(...symbols: SymbolEntryInput[]): this {
    this.#body.symbols = symbols
    return this
  }

  /** `{ generate: n }`: n seeded fake instruments. */
  generateSymbols(count: number): this {
    this.#body.symbols = { generate: count }
    return this
  }

  model(model: NonNullable<MarketConfigInput['model']>): this {
    return this.#market({ model })
  }

  /** Standard deviation of daily returns, percent; 0 is a flat market. */
  volatility(pct: number): this {
    return this.#market({ volatility: pct })
  }

  /** Daily drift, percent. */
  drift(pct: number): this {
    return this.#market({ drift: pct })
  }

  /** Bid-ask spread, bps. */
  spread(bps: number): this {
    return this.#market({ spread: bps })
  }

  /** Shares at the touch; 0 quotes no size, so nothing fills. */
  liquidity(shares: number): this {
    return this.#market({ liquidity: shares })
  }

  /** Quote tick period, virtual ms. */
  updateFrequency(ms: number): this {
    return this.#market({ updateFrequency: ms })
  }

  /** Venue latency, virtual ms, uniform in [min, max] (max defaults to min: a fixed latency). */
  latency(min: number, max: number = min): this {
    return this.#execution({ latencyMin: min, latencyMax: max })
  }

  fillProbability(probability: number): this {
    return this.#execution({ fillProbability: probability })
  }

  /** The share of the remaining quantity one fill takes, in (0, 1]. */
  partialFills(ratio: number): this {
    return this.#execution({ partialFillRatio: ratio })
  }

  slippage(bps: number): this {
    return this.#execution({ slippageBps: bps })
  }

  rejectionRate(rate: number): this {
    return this.#execution({ rejectionRate: rate })
  }

  commission(commission: NonNullable<ExecutionConfigInput['commission']>): this {
    return this.#execution({ commission })
  }

  /** Replaces the accounts. */
  accounts(...accounts: AccountInput[]): this {
    this.#body.accounts = accounts
    return this
  }

  /** Adds (or replaces, by id) one account. */
  account(account: AccountInput): this {
    const list = this.#accountList().filter(({ id }) => id !== account.id)
    this.#body.accounts = [...list, account]
    return this
  }

  /** The starting cash of an account (`DEMO` by default), which is added when missing. */
  cash(amount: DecimalLike, accountId = 'DEMO'): this {
    const list = this.#accountList()
    const existing = list.find(({ id }) => id === accountId)
    this.#body.accounts = existing
      ? list.map((account) => (account.id === accountId ? { ...account, cash: amount } : account))
      : [...list, { id: accountId, cash: amount }]
    return this
  }

  /** Adds a fault rule the world starts with (rules are checked in the order added). */
  fault(rule: FaultRuleBody): this {
    this.#body.faults = [...(this.#body.faults ?? []), rule]
    return this
  }

  /** Schedules a market event at an offset from the start (`'+5m'`) or an ISO time. */
  at(at: string, event: TimelineEntryInput['event']): this {
    this.#body.timeline = [...(this.#body.timeline ?? []), { at, event }]
    return this
  }

  session(session: NonNullable<ScenarioBody['session']>): this {
    this.#body.session = session
    return this
  }

  /** The configure body (a copy: the builder may go on being changed). */
  build(): ScenarioBody {
    return structuredClone(this.#body)
  }

  #market(fields: MarketConfigInput): this {
    this.#body.marketConfig = { ...this.#body.marketConfig, ...fields }
    return this
  }

  #execution(fields: ExecutionConfigInput): this {
    this.#body.executionConfig = { ...this.#body.executionConfig, ...fields }
    return this
  }

  #accountList(): AccountInput[] {
    const accounts = this.#body.accounts
    if (accounts === undefined) return []
    if (!Array.isArray(accounts))
      throw new TypeError('scenario: accounts come from a fixture; set them with .accounts(...)')
    return [...(accounts as readonly AccountInput[])]
  }
}

/** A new builder; with a name, starting from that file of `scenarios/`. */
export function scenario(name?: string): ScenarioBuilder {
  const builder = new ScenarioBuilder()
  return name === undefined ? builder : builder.named(name)
}
