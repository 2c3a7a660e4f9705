/**
 * A random-command model of busy worlds (two to four accounts, two or three symbols, latency,
 * partial fills, fill probability, rejections, commissions with a minimum, starting positions,
 * a trading session, order classes, order-effect fault rules that come and go, every kind of
 * market event, now or scheduled), for the core's property tests: fast-check generates the
 * commands, `run` applies them to one world as the shell would, and `runModel` adds what the
 * control plane does to the world as a whole (configure, snapshot, restore), each of which starts
 * a new timeline with the next epoch.
 *
 * Commands name accounts and symbols by index, taken modulo the current world's lists, so one
 * command means something in every world.
 */
import fc from 'fast-check'
import {
  Decimal,
  ORDER_TYPES,
  Simulation,
  TERMINAL_STATUSES,
  TIMES_IN_FORCE,
  configureSimulation,
  type ConfigInput,
  type JournalEvent,
  type JournalPosition,
  type MarketEvent,
  type OrderPatch,
  type OrderRequest,
  type WorldSnapshot,
} from '../../src/sim/index.js'
import { unwrap } from './sim-world.js'

export const ACCOUNTS = [
  { id: 'A', cash: '250000', allowShort: true },
  { id: 'B', cash: '100000', allowShort: false },
] as const
export const SYMBOLS = ['XYZ', 'QRS'] as const

export const CONFIG: ConfigInput = {
  seed: 99,
  symbols: SYMBOLS.map((symbol) => ({ symbol, price: '100.00' })),
  marketConfig: { volatility: 30, spread: 4, liquidity: 60, updateFrequency: 250 },
  executionConfig: {
    latencyMin: 0,
    latencyMax: 40,
    fillProbability: 0.7,
    partialFillRatio: 0.6,
    rejectionRate: 0.05,
    slippageBps: 2,
    commission: { perShare: '0.0035', bps: '0.3', minimum: '0.35' },
  },
  accounts: ACCOUNTS.map((a) => ({ ...a, limits: { maxOrderQty: '400' } })),
}

/**
 * Four accounts that differ in cash, leverage, shorting, limits and starting positions (a long
 * one an account that may not short can sell, a short one), three symbols at different prices,
 * per-action latency distributions, maker/taker commission rates and GARCH volatility.
 */
const FOUR_ACCOUNTS: ConfigInput = {
  seed: 7,
  symbols: [
    { symbol: 'XYZ', price: '100.00' },
    { symbol: 'QRS', price: '100.00', model: 'momentum' },
    { symbol: 'LMN', price: '25.00' },
  ],
  marketConfig: {
    volatility: 40,
    spread: 6,
    liquidity: 40,
    depthLevels: 3,
    updateFrequency: 200,
    volatilityClustering: { alpha: 0.1, beta: 0.85 },
  },
  executionConfig: {
    latency: {
      submit: { type: 'lognormal', median: 10, sigma: 0.8 },
      cancel: { type: 'fixed', ms: 25 },
      replace: { type: 'normal', mean: 15, stdDev: 10 },
    },
    fillProbability: 0.85,
    partialFillRatio: 0.5,
    rejectionRate: 0.02,
    slippageBps: 5,
    commission: {
      perShare: '0.005',
      bps: '1',
      minimum: '1',
      maker: { perShare: '0', bps: '0' },
      taker: { perShare: '0.01' },
    },
  },
  accounts: [
    { id: 'A', cash: '250000', allowShort: true, limits: { maxOrderQty: '400' } },
    {
      id: 'B',
      cash: '100000',
      allowShort: false,
      positions: [{ symbol: 'XYZ', qty: '150', avgEntryPrice: '95.5' }],
    },
    {
      id: 'C',
      cash: '15000',
      allowShort: true,
      leverage: 2,
      positions: [{ symbol: 'QRS', qty: '-100', avgEntryPrice: '101.25' }],
      limits: { maxPosition: '300', maxOrderNotional: '20000' },
    },
    {
      id: 'D',
      cash: '1000000',
      allowShort: false,
      positions: [
        { symbol: 'LMN', qty: '500', avgEntryPrice: '24.1' },
        { symbol: 'QRS', qty: '20', avgEntryPrice: '99' },
      ],
      limits: { dailyLossLimit: '500' },
    },
  ],
}

/**
 * A one-minute session that closes 20 s after the start (day orders expire, nothing executes
 * until the next open), a mean-reverting symbol, a timeline with a flash crash and a spread
 * override, and a configured fault rule that rejects some submits.
 */
const SHORT_SESSION: ConfigInput = {
  seed: 2026,
  clock: { mode: 'manual', start: '2026-01-05T14:30:40.000Z' },
  session: { open: '09:30', close: '09:31', timezone: 'America/New_York' },
  symbols: [
    { symbol: 'XYZ', price: '100.00', model: 'mean_reversion' },
    { symbol: 'QRS', price: '100.00' },
  ],
  marketConfig: {
    volatility: 25,
    spread: 3,
    liquidity: 80,
    updateFrequency: 300,
    halfLife: 60_000,
  },
  executionConfig: {
    latencyMin: 5,
    latencyMax: 60,
    fillProbability: 0.6,
    partialFillRatio: 0.7,
    rejectionRate: 0.1,
    commission: { perShare: '0.01' },
  },
  accounts: [
    { id: 'A', cash: '50000', allowShort: true },
    { id: 'B', cash: '100000', allowShort: false },
    { id: 'E', cash: '30000', allowShort: false, leverage: 4 },
  ],
  timeline: [
    {
      at: '+3s',
      event: {
        kind: 'flash_crash',
        symbol: 'XYZ',
        dropPct: 8,
        durationMs: 1_500,
        recoverPct: 60,
        recoverMs: 3_000,
      },
    },
    { at: '+10s', event: { kind: 'spread', symbol: 'QRS', bps: 80, durationMs: 5_000 } },
  ],
  faults: [{ match: { operation: 'submitOrder' }, probability: 0.1, effect: { kind: 'reject' } }],
}

/** The worlds a `configure` command picks from; the model starts in the first. */
export const WORLDS: readonly ConfigInput[] = [CONFIG, FOUR_ACCOUNTS, SHORT_SESSION]

/** A market event without its symbol, which the command picks by index. */
type MarketEventBody = MarketEvent extends infer E
  ? E extends MarketEvent
    ? Omit<E, 'symbol'>
    : never
  : never

export type Command =
  | {
      kind: 'submit'
      account: number
      symbol: number
      side: 'buy' | 'sell'
      type: OrderRequest['type']
      tif: OrderRequest['timeInForce']
      qty: number
      offsetTicks: number
      stopOffsetTicks: number
      trail: { by: 'price' | 'percent'; amount: number }
      clientOrderId: number | null
      orderClass: OrderRequest['orderClass']
      /** Ticks from the touch to the take-profit and to the stop-loss, away from the price. */
      exitTicks: [number, number]
      exitChoice: 'takeProfit' | 'stopLoss'
    }
  | { kind: 'cancel'; pick: number }
  | { kind: 'cancelAll'; account: number }
  /** A fault rule with an order effect, firing half the time; `unfault` removes the oldest. */
  | { kind: 'fault'; effect: 'reject' | 'stuck'; on: 'submitOrder' | 'cancelOrder' }
  | { kind: 'unfault' }
  /** `live`: picked among the orders that can still be replaced, if any (most are done). */
  | {
      kind: 'replace'
      pick: number
      live: boolean
      qty: number | null
      offsetTicks: number | null
    }
  | { kind: 'jump'; symbol: number; cents: number }
  | { kind: 'halt' | 'resume'; symbol: number }
  | { kind: 'close'; account: number; symbol: number }
  | { kind: 'advance'; ms: number }
  /** Any kind of market event, now or `inMs` later (the scheduler then holds it). */
  | { kind: 'inject'; symbol: number; event: MarketEventBody; inMs: number | null }
  /** To the next session edge: the close if open, else the next open (no-op 24x7). */
  | { kind: 'session' }

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      account: fc.nat(3),
      symbol: fc.nat(2),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom(...ORDER_TYPES),
      tif: fc.constantFrom(...TIMES_IN_FORCE),
      qty: fc.integer({ min: 1, max: 300 }),
      offsetTicks: fc.integer({ min: -40, max: 40 }),
      stopOffsetTicks: fc.integer({ min: -40, max: 40 }),
      trail: fc.record({
        by: fc.constantFrom('price' as const, 'percent' as const),
        amount: fc.integer({ min: 1, max: 200 }),
      }),
      clientOrderId: fc.option(fc.nat(5), { freq: 3 }),
      orderClass: fc.constantFrom(
        ...(['simple', 'simple', 'simple', 'bracket', 'oco', 'oto'] as const),
      ),
      exitTicks: fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 })),
      exitChoice: fc.constantFrom('takeProfit' as const, 'stopLoss' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), account: fc.nat(3) }),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        kind: fc.constant('fault' as const),
        effect: fc.constantFrom('reject' as const, 'stuck' as const),
        on: fc.constantFrom('submitOrder' as const, 'cancelOrder' as const),
      })
      .filter((c) => !(c.effect === 'reject' && c.on === 'cancelOrder')),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unfault' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      pick: fc.nat(50),
      live: fc.constantFrom(true, true, true, false),
      qty: fc.option(fc.integer({ min: 1, max: 300 })),
      offsetTicks: fc.option(fc.integer({ min: -40, max: 40 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      symbol: fc.nat(2),
      cents: fc.integer({ min: 9_600, max: 10_400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('halt' as const, 'resume' as const),
      symbol: fc.nat(2),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      account: fc.nat(3),
      symbol: fc.nat(2),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 2_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('inject' as const),
      symbol: fc.nat(2),
      event: marketEventArbitrary(),
      inMs: fc.option(fc.integer({ min: 1, max: 5_000 }), { freq: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'session' as const }) },
)

function marketEventArbitrary(): fc.Arbitrary<MarketEventBody> {
  const duration = fc.integer({ min: 1, max: 5_000 })
  return fc.oneof(
    fc.record({
      kind: fc.constantFrom('price_jump' as const, 'gap' as const),
      pct: fc.integer({ min: -15, max: 15 }),
    }),
    fc.record({ kind: fc.constantFrom('halt' as const, 'resume' as const) }),
    fc.record({
      kind: fc.constant('flash_crash' as const),
      dropPct: fc.integer({ min: 1, max: 30 }),
      durationMs: fc.integer({ min: 0, max: 3_000 }),
      recoverPct: fc.integer({ min: 0, max: 100 }),
      recoverMs: fc.integer({ min: 0, max: 5_000 }),
    }),
    fc.record(
      {
        kind: fc.constant('spread' as const),
        bps: fc.integer({ min: 0, max: 500 }),
        durationMs: duration,
      },
      { requiredKeys: ['kind', 'bps'] },
    ),
    // Factor 0 empties the touch: orders that need liquidity must wait for it.
    fc.record(
      {
        kind: fc.constant('liquidity' as const),
        factor: fc.constantFrom(0, 0.5, 2, 5),
        durationMs: duration,
      },
      { requiredKeys: ['kind', 'factor'] },
    ),
    fc.record({ kind: fc.constant('stale_quotes' as const), durationMs: duration }),
  )
}

const cents = (n: number) => Decimal.fromInt(n).div(Decimal.fromInt(100), 2)
const pickFrom = <T>(list: readonly T[], i: number): T => list[i % list.length]!
const accountId = (sim: Simulation, i: number) => pickFrom(sim.accountIds(), i)
const symbolOf = (sim: Simulation, i: number) => pickFrom(sim.config.symbols, i).symbol

/** A price `ticks` away from the current last price, at least one tick. */
function priceNear(sim: Simulation, symbol: string, ticks: number): string {
  const last = Decimal.parse(unwrap(sim.quote(symbol)).last)
  return Decimal.max(Decimal.parse('0.01'), last.add(cents(ticks))).toString()
}

function toRequest(sim: Simulation, c: Extract<Command, { kind: 'submit' }>): OrderRequest {
  const symbol = symbolOf(sim, c.symbol)
  const request: OrderRequest = {
    symbol,
    side: c.side,
    qty: String(c.qty),
    type: c.type,
    timeInForce: c.tif,
    orderClass: 'simple',
  }
  if (c.clientOrderId !== null) request.clientOrderId = `client-${c.clientOrderId}`
  if (c.type === 'limit' || c.type === 'stop_limit')
    request.limitPrice = priceNear(sim, symbol, c.offsetTicks)
  if (c.type === 'stop' || c.type === 'stop_limit')
    request.stopPrice = priceNear(sim, symbol, c.stopOffsetTicks)
  if (c.type === 'trailing_stop') {
    if (c.trail.by === 'price') request.trailPrice = cents(c.trail.amount).toString()
    else request.trailPercent = cents(c.trail.amount).toString()
  }
  if (c.tif === 'gtd') request.expireAt = new Date(sim.nowMs + 5_000).toISOString()
  return c.orderClass === 'simple' ? request : withExits(sim, request, c)
}

/** Makes `request` a bracket, oco or oto with exits on the right sides of the price. */
function withExits(
  sim: Simulation,
  request: OrderRequest,
  c: Extract<Command, { kind: 'submit' }>,
): OrderRequest {
  const out: OrderRequest = { ...request, orderClass: c.orderClass }
  if (c.orderClass === 'oco') {
    out.type = 'limit'
    delete out.limitPrice
    delete out.stopPrice
    delete out.trailPrice
    delete out.trailPercent
    if (out.timeInForce === 'ioc' || out.timeInForce === 'fok') out.timeInForce = 'gtc'
  }
  const last = Decimal.parse(unwrap(sim.quote(request.symbol)).last)
  const entry = out.orderClass === 'oco' || !out.limitPrice ? last : Decimal.parse(out.limitPrice)
  const sellExit = c.orderClass === 'oco' ? out.side === 'sell' : out.side === 'buy'
  const [profitTicks, lossTicks] = c.exitTicks
  const high = Decimal.max(last, entry)
  const low = Decimal.min(last, entry)
  const profit = sellExit ? high.add(cents(profitTicks)) : low.sub(cents(profitTicks))
  const loss = sellExit ? low.sub(cents(lossTicks)) : high.add(cents(lossTicks))
  const floor = Decimal.parse('0.01')
  const takeProfit = { limitPrice: Decimal.max(floor, profit).toString() }
  const stopLoss = { stopPrice: Decimal.max(floor, loss).toString() }
  if (c.orderClass !== 'oto' || c.exitChoice === 'takeProfit') out.takeProfit = takeProfit
  if (c.orderClass !== 'oto' || c.exitChoice === 'stopLoss') out.stopLoss = stopLoss
  return out
}

/** Asks the core for the fault of one order call, as the shell's middleware does. */
function decide(
  sim: Simulation,
  operation: 'submitOrder' | 'cancelOrder' | 'cancelAllOrders',
  accountId: string,
  symbol: string | null,
) {
  const call = { operation, method: 'POST', path: '/v1', requestId: null, accountId, symbol }
  return sim.decideFault({ ...call, side: null, clientOrderId: null }, 0).fault
}

/** Whether the core would take a replace of the order: it is working and has no open legs. */
function replaceable(sim: Simulation, accountId: string, orderId: string): boolean {
  const order = unwrap(sim.order(accountId, orderId))
  if (order.status !== 'new' && order.status !== 'partially_filled') return false
  const done = (leg: string) => TERMINAL_STATUSES.includes(unwrap(sim.order(accountId, leg)).status)
  return order.legs.every(done)
}

/** The order ids a script has seen, for its cancels and replaces to pick from. */
export type ScriptOrderIds = Array<{ accountId: string; id: string }>

/**
 * Runs the commands; order ids seen go into `orderIds` for cancels and replaces to pick from
 * (pass the list of an earlier run to continue that script).
 */
export function run(
  sim: Simulation,
  commands: readonly Command[],
  afterEach?: () => void,
  orderIds: ScriptOrderIds = [],
): void {
  const pick = (n: number) => (orderIds.length === 0 ? undefined : orderIds[n % orderIds.length])
  for (const c of commands) {
    switch (c.kind) {
      case 'submit': {
        const account = accountId(sim, c.account)
        const request = toRequest(sim, c)
        const fault = decide(sim, 'submitOrder', account, request.symbol)
        const result = sim.submitOrder(account, request, { fault })
        if (!result.ok) break
        // Legs too, so cancels and replaces reach them (and their sets) as often as parents.
        for (const id of [result.value.order.id, ...result.value.order.legs])
          orderIds.push({ accountId: account, id })
        break
      }
      case 'cancel': {
        const target = pick(c.pick)
        if (!target) break
        const fault = decide(sim, 'cancelOrder', target.accountId, null)
        sim.cancelOrder(target.accountId, target.id, { fault })
        break
      }
      case 'cancelAll': {
        const account = accountId(sim, c.account)
        sim.cancelAllOrders(account, { fault: decide(sim, 'cancelAllOrders', account, null) })
        break
      }
      case 'fault': {
        unwrap(
          sim.addFaultRule({
            match: { operation: c.on },
            probability: 0.5,
            effect: { kind: c.effect },
          }),
        )
        break
      }
      case 'unfault': {
        const [oldest] = sim.faultRules()
        if (oldest) unwrap(sim.removeFaultRule(oldest.id))
        break
      }
      case 'replace': {
        const live = orderIds.filter((o) => replaceable(sim, o.accountId, o.id))
        const target = c.live && live.length > 0 ? live[c.pick % live.length] : pick(c.pick)
        if (!target) break
        const order = unwrap(sim.order(target.accountId, target.id))
        const patch: OrderPatch = {}
        if (c.qty !== null) patch.qty = String(c.qty)
        if (c.offsetTicks !== null && order.limitPrice !== null)
          patch.limitPrice = priceNear(sim, order.symbol, c.offsetTicks)
        const result = sim.replaceOrder(target.accountId, target.id, patch)
        if (result.ok) orderIds.push({ accountId: target.accountId, id: result.value.id })
        break
      }
      case 'jump':
        unwrap(
          sim.injectMarketEvent({
            kind: 'price_jump',
            symbol: symbolOf(sim, c.symbol),
            price: cents(c.cents).toString(),
          }),
        )
        break
      case 'halt':
      case 'resume':
        unwrap(sim.injectMarketEvent({ kind: c.kind, symbol: symbolOf(sim, c.symbol) }))
        break
      case 'close': {
        const account = accountId(sim, c.account)
        const result = sim.closePosition(account, symbolOf(sim, c.symbol))
        if (result.ok) orderIds.push({ accountId: account, id: result.value.id })
        break
      }
      case 'advance':
        unwrap(sim.advanceBy(c.ms))
        break
      case 'inject': {
        const event = { ...c.event, symbol: symbolOf(sim, c.symbol) } as MarketEvent
        unwrap(sim.injectMarketEvent(event, c.inMs === null ? undefined : sim.nowMs + c.inMs))
        break
      }
      case 'session': {
        const { isOpen, nextOpen, nextClose } = sim.clock()
        const edge = isOpen ? nextClose : nextOpen
        if (edge !== null) unwrap(sim.advanceTo(Date.parse(edge)))
        break
      }
    }
    afterEach?.()
  }
}

/** What the control plane does to the world as a whole; each but `snapshot` starts a timeline. */
export type WorldCommand =
  /** A fresh world of `WORLDS[world]`, its seed moved by `seed`. */
  | { kind: 'configure'; world: number; seed: number }
  /** Keeps the world's state, through JSON as it goes to disk; the world goes on unchanged. */
  | { kind: 'snapshot' }
  /** Back to one of the snapshots taken so far (of any timeline), picked modulo their count. */
  | { kind: 'restore'; pick: number }

export type ModelCommand = Command | WorldCommand

export const modelCommandArbitrary: fc.Arbitrary<ModelCommand> = fc.oneof(
  { weight: 28, arbitrary: commandArbitrary },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('configure' as const),
      world: fc.nat(WORLDS.length - 1),
      seed: fc.nat(3),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'snapshot' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), pick: fc.nat(7) }) },
)

/** How to build a world from nothing: configure `input`, then run `commands`. */
export interface Recipe {
  input: ConfigInput
  commands: readonly Command[]
}

/** One timeline: a world from a configure or a restore, until the next one replaced it. */
export interface Timeline {
  epoch: number
  origin: { kind: 'configure'; world: number } | { kind: 'restore'; snapshot: number }
  /** The world it began with, from nothing (a restore's: its snapshot's). */
  recipe: Recipe
  /** The journal's seq when the timeline began: 0 after a configure, the snapshot's after a restore. */
  startSeq: number
  /** Every event this timeline added, in the order the journal's listeners were told. */
  events: JournalEvent[]
  /** The world's own commands that ran in it, in order, for replaying a snapshot's future. */
  commands: Command[]
  /** The journal position when the timeline ended. */
  end: JournalPosition
  sim: Simulation
}

export interface TakenSnapshot {
  /** The index of the timeline it was taken in, and how many of its commands had run. */
  timeline: number
  afterCommands: number
  /** The world it holds, from nothing. */
  recipe: Recipe
  /** The snapshot as it goes to disk, and the world as a client saw it; null when replaying. */
  taken: { json: string; orderIds: ScriptOrderIds; view: WorldView } | null
}

export interface ModelOptions {
  /** After every command, on the world current then. */
  afterEach?: (sim: Simulation) => void
  /** When a timeline ends (replaced, or the script is over), before the next one begins. */
  onTimelineEnd?: (timeline: Timeline) => void
  /** Right after a restore, before any command runs on the restored world. */
  onRestore?: (sim: Simulation, snapshot: TakenSnapshot) => void
  /**
   * `replay`: a snapshot takes nothing from the world, and a restore builds its world again by
   * running the snapshot's recipe; so a run that way tells whether taking a snapshot changed the
   * world and whether a restored world is the one its history makes. Default `snapshot`.
   */
  restoreBy?: 'snapshot' | 'replay'
}

/** Everything a client can see of a world, and its journal's place (not its epoch). */
export function worldView(sim: Simulation) {
  const ids = sim.accountIds()
  const { seq, hash } = sim.journalPosition()
  return {
    clock: sim.clock(),
    quotes: unwrap(sim.quotes()),
    accounts: ids.map((id) => unwrap(sim.account(id))),
    positions: ids.map((id) => unwrap(sim.positions(id))),
    orders: sim.allOrders(),
    faults: sim.faultRules(),
    journal: { seq, hash },
  }
}
export type WorldView = ReturnType<typeof worldView>

/**
 * Runs a model script from `WORLDS[0]` in epoch 1. Configure and restore start the next epoch, as
 * the shell's runtime does; the timelines come back in order, each with the events it added.
 */
export function runModel(
  commands: readonly ModelCommand[],
  options: ModelOptions = {},
): { timelines: Timeline[]; snapshots: TakenSnapshot[] } {
  const timelines: Timeline[] = []
  const snapshots: TakenSnapshot[] = []
  const replaying = options.restoreBy === 'replay'
  let epoch = 1
  let recipe: Recipe = { input: WORLDS[0]!, commands: [] }
  let sim = unwrap(configureSimulation(recipe.input, epoch))
  let origin: Timeline['origin'] = { kind: 'configure', world: 0 }
  let startSeq = 0
  let orderIds: ScriptOrderIds = []
  let done: Command[] = []
  // A configure may journal events while it builds the world (a timeline entry at the start),
  // before a listener can subscribe: those are read back from the journal.
  let events = sim.events(0, Number.MAX_SAFE_INTEGER)
  let unsubscribe = sim.onEvent((event) => events.push(event))

  const endTimeline = () => {
    unsubscribe()
    const end = sim.journalPosition()
    const timeline = { epoch, origin, recipe, startSeq, events, commands: done, end, sim }
    timelines.push(timeline)
    options.onTimelineEnd?.(timeline)
  }
  const begin = (next: Simulation, from: Timeline['origin'], made: Recipe, ids: ScriptOrderIds) => {
    sim = next
    origin = from
    recipe = made
    startSeq = from.kind === 'configure' ? 0 : sim.journalPosition().seq
    orderIds = ids
    done = []
    events = sim.events(startSeq, Number.MAX_SAFE_INTEGER)
    unsubscribe = sim.onEvent((event) => events.push(event))
  }

  for (const c of commands) {
    switch (c.kind) {
      case 'configure': {
        endTimeline()
        const world = c.world % WORLDS.length
        const input = { ...WORLDS[world]!, seed: (WORLDS[world]!.seed ?? 0) + c.seed }
        const next = unwrap(configureSimulation(input, ++epoch))
        begin(next, { kind: 'configure', world }, { input, commands: [] }, [])
        break
      }
      case 'snapshot':
        snapshots.push({
          timeline: timelines.length,
          afterCommands: done.length,
          recipe: { input: recipe.input, commands: [...recipe.commands, ...done] },
          taken: replaying
            ? null
            : {
                json: JSON.stringify(sim.snapshot()),
                orderIds: [...orderIds],
                view: worldView(sim),
              },
        })
        break
      case 'restore': {
        if (snapshots.length === 0) break
        const index = c.pick % snapshots.length
        const snapshot = snapshots[index]!
        endTimeline()
        let next: Simulation
        let ids: ScriptOrderIds = []
        if (snapshot.taken === null) {
          next = unwrap(configureSimulation(snapshot.recipe.input, ++epoch))
          run(next, snapshot.recipe.commands, undefined, ids)
        } else {
          const state = JSON.parse(snapshot.taken.json) as WorldSnapshot
          next = unwrap(Simulation.restore(state, { epoch: ++epoch }))
          ids = [...snapshot.taken.orderIds]
        }
        begin(next, { kind: 'restore', snapshot: index }, snapshot.recipe, ids)
        options.onRestore?.(sim, snapshot)
        break
      }
      default:
        run(sim, [c], undefined, orderIds)
        done.push(c)
    }
    options.afterEach?.(sim)
  }
  endTimeline()
  return { timelines, snapshots }
}
