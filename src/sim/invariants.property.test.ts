/**
 * Random command sequences against a busy world (two accounts, two symbols, latency, partial
 * fills, fill probability, rejections, commissions with a minimum), checking the invariants the
 * core promises whatever happens:
 * - no order ever fills more than its quantity, and its fills add up to its filledQty;
 * - every status change in the journal is legal (same-status repeats are the partial fills and
 *   acknowledgements that keep a status), and each order event is named after its status
 *   (`order.<status>`, `order.accepted` for `new`);
 * - journal seq runs 1, 2, 3... without a gap;
 * - for every account, cash = start − Σ signed fill notional − Σ fill commissions, and
 *   cash − start + commissionsPaid = realizedPnl − Σ costBasis, exactly (so once flat,
 *   cash = start + realizedPnl − commissionsPaid);
 * - the members of a bracket's exits or an oco never fill more together than one of them could;
 * - an account that may not short never holds a short position;
 * - the same commands on the same config give the same journal hash;
 * and it throws in fault rules with order effects (reject, stuck on submits and cancels) that
 * come and go, as the shell's middleware would apply them.
 *
 * Seeded (STYLE.md T5): the seed is in the test name and in fast-check's failure report, which
 * also prints the shrunk counterexample. Re-run another seed with SIM_PROPERTY_SEED=<n>.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unwrap } from '../../test/support/sim-world.js'
import {
  configureSimulation,
  Decimal,
  ORDER_TYPES,
  TIMES_IN_FORCE,
  type ConfigInput,
  type OrderPatch,
  type OrderRequest,
  type OrderStatus,
  type Simulation,
} from './index.js'
import { canTransition } from './orders/order-status.js'

const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20260105)
const NUM_RUNS = 60

const ACCOUNTS = [
  { id: 'A', cash: '250000', allowShort: true },
  { id: 'B', cash: '100000', allowShort: false },
] as const
const SYMBOLS = ['XYZ', 'QRS'] as const

const CONFIG: ConfigInput = {
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

type Command =
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
  | { kind: 'replace'; pick: number; qty: number | null; offsetTicks: number | null }
  | { kind: 'jump'; symbol: number; cents: number }
  | { kind: 'halt' | 'resume'; symbol: number }
  | { kind: 'close'; account: number; symbol: number }
  | { kind: 'advance'; ms: number }

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      account: fc.nat(1),
      symbol: fc.nat(1),
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
    arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), account: fc.nat(1) }),
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
      qty: fc.option(fc.integer({ min: 1, max: 300 })),
      offsetTicks: fc.option(fc.integer({ min: -40, max: 40 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      symbol: fc.nat(1),
      cents: fc.integer({ min: 9_600, max: 10_400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('halt' as const, 'resume' as const),
      symbol: fc.nat(1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      account: fc.nat(1),
      symbol: fc.nat(1),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 2_000 }),
    }),
  },
)

const cents = (n: number) => Decimal.fromInt(n).div(Decimal.fromInt(100), 2)
const accountId = (i: number) => ACCOUNTS[i % ACCOUNTS.length]!.id
const symbolOf = (i: number) => SYMBOLS[i % SYMBOLS.length]!

/** A price `ticks` away from the current last price, at least one tick. */
function priceNear(sim: Simulation, symbol: string, ticks: number): string {
  const last = Decimal.parse(unwrap(sim.quote(symbol)).last)
  return Decimal.max(Decimal.parse('0.01'), last.add(cents(ticks))).toString()
}

function toRequest(sim: Simulation, c: Extract<Command, { kind: 'submit' }>): OrderRequest {
  const symbol = symbolOf(c.symbol)
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

/** Runs the commands; order ids seen go into `orderIds` for cancels and replaces to pick from. */
function run(sim: Simulation, commands: readonly Command[], afterEach?: () => void): void {
  const orderIds: { accountId: string; id: string }[] = []
  const pick = (n: number) => (orderIds.length === 0 ? undefined : orderIds[n % orderIds.length])
  for (const c of commands) {
    switch (c.kind) {
      case 'submit': {
        const account = accountId(c.account)
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
        const account = accountId(c.account)
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
        const target = pick(c.pick)
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
            symbol: symbolOf(c.symbol),
            price: cents(c.cents).toString(),
          }),
        )
        break
      case 'halt':
      case 'resume':
        unwrap(sim.injectMarketEvent({ kind: c.kind, symbol: symbolOf(c.symbol) }))
        break
      case 'close': {
        const result = sim.closePosition(accountId(c.account), symbolOf(c.symbol))
        if (result.ok) orderIds.push({ accountId: accountId(c.account), id: result.value.id })
        break
      }
      case 'advance':
        unwrap(sim.advanceBy(c.ms))
        break
    }
    afterEach?.()
  }
}

function expectLedgersBalanced(sim: Simulation): void {
  for (const { id, cash: startCash } of ACCOUNTS) {
    const account = unwrap(sim.account(id))
    const fills = unwrap(sim.fills(id, { limit: 1_000_000 })).items
    let cash = Decimal.parse(startCash)
    for (const fill of fills) {
      const notional = Decimal.parse(fill.qty).mul(Decimal.parse(fill.price))
      cash = cash.sub(fill.side === 'buy' ? notional : notional.neg())
      cash = cash.sub(Decimal.parse(fill.commission))
    }
    expect(account.cash, `cash of ${id} from its fills`).toBe(cash.toString())
    if (unwrap(sim.positions(id)).length === 0) {
      const flat = Decimal.parse(startCash)
        .add(Decimal.parse(account.realizedPnl))
        .sub(Decimal.parse(account.commissionsPaid))
      expect(account.cash, `cash of flat ${id}`).toBe(flat.toString())
    }
    const costBasis = Decimal.sum(unwrap(sim.positions(id)).map((p) => Decimal.parse(p.costBasis)))
    const left = Decimal.parse(account.cash)
      .sub(Decimal.parse(startCash))
      .add(Decimal.parse(account.commissionsPaid))
    const right = Decimal.parse(account.realizedPnl).sub(costBasis)
    expect(left.toString(), `ledger of ${id}`).toBe(right.toString())
  }
}

const TERMINAL: readonly OrderStatus[] = ['filled', 'canceled', 'replaced', 'rejected', 'expired']

const KEEPS_STATUS: readonly OrderStatus[] = [
  'partially_filled',
  'pending_cancel',
  'pending_replace',
]

/** Whether an order event's type fits the status it carries. */
function typeFits(type: string, status: OrderStatus): boolean {
  if (type === 'order.accepted') return status === 'new' || status === 'pending_cancel'
  if (type === 'order.partially_filled') return KEEPS_STATUS.includes(status)
  return type === `order.${status}`
}

function expectJournalConsistent(sim: Simulation): void {
  const events = sim.events(0, Number.MAX_SAFE_INTEGER)
  expect(events.length).toBe(sim.journalPosition().seq)
  events.forEach((event, i) => expect(event.seq).toBe(i + 1))

  const statuses = new Map<string, OrderStatus[]>()
  for (const event of events) {
    if (!event.type.startsWith('order.')) continue
    const order = event.data.order as { id: string; status: OrderStatus }
    if (event.type === 'order.reduced') {
      // Not a transition: the order keeps the status it had, and it must still be open.
      expect(TERMINAL.includes(order.status), `reduced while ${order.status}`).toBe(false)
      expect(statuses.get(order.id)?.at(-1), `reduced ${order.id}`).toBe(order.status)
      continue
    }
    expect(typeFits(event.type, order.status), `${event.type} of ${order.status}`).toBe(true)
    statuses.set(order.id, [...(statuses.get(order.id) ?? []), order.status])
  }
  for (const order of sim.allOrders()) {
    const seen = statuses.get(order.id) ?? []
    expect(['pending_new', 'rejected'], order.id).toContain(seen[0])
    for (let i = 1; i < seen.length; i++) {
      const [from, to] = [seen[i - 1]!, seen[i]!]
      const legal = canTransition(from, to) || (from === to && KEEPS_STATUS.includes(from))
      expect(legal, `${order.id}: ${seen.join(' -> ')}`).toBe(true)
    }
    expect(seen.at(-1), order.id).toBe(order.status)
  }
}

function expectNoShortWithoutShorting(sim: Simulation): void {
  for (const { id, allowShort } of ACCOUNTS) {
    if (allowShort) continue
    for (const p of unwrap(sim.positions(id)))
      expect(Decimal.parse(p.qty).isNegative(), `${id} is short ${p.qty} ${p.symbol}`).toBe(false)
  }
}

/**
 * A one-cancels-other set (a bracket's exits, an oco and its leg, with their replacements) never
 * fills more than the quantity its members were created with.
 */
function expectOcoSetsWithinSize(sim: Simulation): void {
  const orders = new Map(sim.allOrders().map((o) => [o.id, o]))
  const rootOf = (id: string): string => {
    const replaces = orders.get(id)?.replaces
    return replaces ? rootOf(replaces) : id
  }
  for (const parent of orders.values()) {
    if (parent.parentId !== null || parent.replaces !== null) continue
    if (parent.orderClass !== 'bracket' && parent.orderClass !== 'oco') continue
    const roots = new Set(parent.orderClass === 'oco' ? [parent.id, ...parent.legs] : parent.legs)
    if (roots.size === 0) continue
    const created = sim
      .events(0, Number.MAX_SAFE_INTEGER)
      .find((e) => (e.data.order as { id?: string } | undefined)?.id === parent.id)
    const size = Decimal.parse((created!.data.order as { qty: string }).qty)
    const members = [...orders.values()].filter((o) => roots.has(rootOf(o.id)))
    const filled = Decimal.sum(members.map((o) => Decimal.parse(o.filledQty)))
    expect(filled.lte(size), `oco set of ${parent.id} filled ${filled} of ${size}`).toBe(true)
  }
}

function expectNoOverfill(sim: Simulation): void {
  for (const { id: account } of ACCOUNTS) {
    const fills = unwrap(sim.fills(account, { limit: 1_000_000 })).items
    for (const order of sim.allOrders().filter((o) => o.accountId === account)) {
      const filled = Decimal.parse(order.filledQty)
      expect(filled.lte(Decimal.parse(order.qty)), `${order.id} overfilled`).toBe(true)
      const sum = Decimal.sum(
        fills.filter((f) => f.orderId === order.id).map((f) => Decimal.parse(f.qty)),
      )
      expect(sum.toString(), order.id).toBe(order.filledQty)
    }
  }
}

function countContingentPaths(
  sim: Simulation,
  reached: { legFills: number; reductions: number; ocoCancels: number; faults: number },
): void {
  const orders = new Map(sim.allOrders().map((o) => [o.id, o]))
  for (const event of sim.events(0, Number.MAX_SAFE_INTEGER)) {
    if (event.type === 'order.reduced') reached.reductions++
    if (event.type === 'fault.applied') reached.faults++
    if (event.type === 'fill.created') {
      const fill = event.data.fill as { orderId: string }
      if (orders.get(fill.orderId)?.parentId) reached.legFills++
    }
    if (event.type === 'order.canceled') {
      const order = event.data.order as { orderClass: string; filledQty: string }
      if (order.orderClass !== 'simple') reached.ocoCancels++
    }
  }
}

const build = () => unwrap(configureSimulation(CONFIG, 1))

describe('the core under random commands', () => {
  it(`keeps its invariants and replays to the same hash (seed ${SEED})`, () => {
    // How often the runs reached the contingent paths, so a generator that stops reaching them fails.
    const reached = { legFills: 0, reductions: 0, ocoCancels: 0, faults: 0 }
    fc.assert(
      fc.property(
        fc.array(commandArbitrary, { minLength: 10, maxLength: 80, size: 'max' }),
        (commands) => {
          const sim = build()
          run(sim, commands, () => {
            expectLedgersBalanced(sim)
            expectNoShortWithoutShorting(sim)
          })
          expectNoOverfill(sim)
          expectOcoSetsWithinSize(sim)
          expectJournalConsistent(sim)
          countContingentPaths(sim, reached)

          const again = build()
          run(again, commands)
          expect(again.journalPosition()).toEqual(sim.journalPosition())
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    )
    expect(reached.legFills, 'fills of legs').toBeGreaterThan(0)
    expect(reached.reductions + reached.ocoCancels, 'oco partners cut').toBeGreaterThan(0)
    expect(reached.faults, 'order faults fired').toBeGreaterThan(0)
  })
})
