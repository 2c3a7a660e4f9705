/**
 * A random-command model of a busy world (two accounts, two symbols, latency, partial fills, fill
 * probability, rejections, commissions with a minimum, order classes, order-effect fault rules
 * that come and go, market events), for the core's property tests: fast-check generates the
 * commands, `run` applies them as the shell would.
 */
import fc from 'fast-check'
import {
  Decimal,
  ORDER_TYPES,
  TIMES_IN_FORCE,
  type ConfigInput,
  type OrderPatch,
  type OrderRequest,
  type Simulation,
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
  | { kind: 'replace'; pick: number; qty: number | null; offsetTicks: number | null }
  | { kind: 'jump'; symbol: number; cents: number }
  | { kind: 'halt' | 'resume'; symbol: number }
  | { kind: 'close'; account: number; symbol: number }
  | { kind: 'advance'; ms: number }

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
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
