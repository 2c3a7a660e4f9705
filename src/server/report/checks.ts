/**
 * The report's built-in checks: consistency of the world that a test run can rely on, each one a
 * JUnit test case. Every check compares two records that are kept apart (the fills against the
 * cash, positions and orders; the account's figures against each other; the pending orders
 * against the venue latency), so each can really fail. They read the current state, which holds
 * every order and fill of the timeline; only "journal holds the whole timeline" is about the
 * journal's retention.
 */
import type { ReportCheck } from '../../api/schemas/report.js'
import {
  Decimal,
  LIMITS,
  type AccountConfig,
  type AccountView,
  type Distribution,
  type FaultRuleView,
  type FillView,
  type OrderView,
  type PositionView,
  type WorldConfig,
} from '../../sim/index.js'
import { startingEquity } from './account-pnl.js'
import { sentToVenueMs } from './order-summary.js'

export interface CheckedAccount {
  view: AccountView
  config: AccountConfig
  /** Its open positions, as `GET /v1/accounts/{id}/positions` lists them. */
  positions: PositionView[]
  /** Every fill of the account still held. */
  fills: FillView[]
  /** Closed orders forgotten with their fills (`--order-retention`): the fills are partial. */
  forgottenOrders: number
}

export interface CheckedWorld {
  nowMs: number
  config: WorldConfig
  accounts: CheckedAccount[]
  orders: OrderView[]
  fills: FillView[]
  faultRules: FaultRuleView[]
  firstRetainedSeq: number
}

/** Failures listed in a message; the rest are counted. */
const EXAMPLES_MAX = 5

export function runChecks(world: CheckedWorld): ReportCheck[] {
  return [
    journalComplete(world.firstRetainedSeq),
    fillsWithinLimits(world.orders, world.fills),
    ordersMatchFills(world.orders, world.fills),
    acknowledgedInTime(world),
    ...world.accounts.flatMap((account) => [
      equityAddsUp(account),
      whenFillsComplete(account, cashMatchesFills),
      whenFillsComplete(account, commissionsMatchFills),
      whenFillsComplete(account, positionsMatchFills),
      pnlAddsUp(account),
    ]),
  ]
}

function result(name: string, accountId: string | null, problems: string[]): ReportCheck {
  if (problems.length === 0) return { name, accountId, status: 'passed', message: null }
  const shown = problems.slice(0, EXAMPLES_MAX).join('; ')
  const more = problems.length > EXAMPLES_MAX ? `; and ${problems.length - EXAMPLES_MAX} more` : ''
  return { name, accountId, status: 'failed', message: `${shown}${more}` }
}

/**
 * Not a failure of the system under test when the journal forgot early events (a long run): the
 * report says so as a skipped case rather than failing the build.
 */
function journalComplete(firstRetainedSeq: number): ReportCheck {
  const dropped = firstRetainedSeq - 1
  const name = 'journal holds the whole timeline'
  if (dropped <= 0) return result(name, null, [])
  return {
    name,
    accountId: null,
    status: 'skipped',
    message:
      `the journal has forgotten its first ${dropped} events (it holds seq ${firstRetainedSeq} on), ` +
      'so the price series and faults of this report are partial; start the server with a ' +
      'larger --journal-retention to keep them',
  }
}

/**
 * Checks that add up an account's whole fill history are skipped, not failed, once closed orders
 * and their fills were forgotten (a long run past `--order-retention`).
 */
function whenFillsComplete(
  account: CheckedAccount,
  check: (account: CheckedAccount) => ReportCheck,
): ReportCheck {
  const outcome = check(account)
  if (account.forgottenOrders === 0) return outcome
  return {
    ...outcome,
    status: 'skipped',
    message:
      `${account.forgottenOrders} closed orders of this account were forgotten with their ` +
      'fills, so its fills no longer add up to its balances; start the server with a larger ' +
      '--order-retention to keep them',
  }
}

function fillsWithinLimits(orders: readonly OrderView[], fills: readonly FillView[]): ReportCheck {
  const byId = new Map(orders.map((order) => [order.id, order]))
  const problems: string[] = []
  for (const fill of fills) {
    const limit = byId.get(fill.orderId)?.limitPrice
    if (limit === null || limit === undefined) continue
    const price = Decimal.parse(fill.price)
    const outside =
      fill.side === 'buy' ? price.gt(Decimal.parse(limit)) : price.lt(Decimal.parse(limit))
    if (outside)
      problems.push(
        `${fill.id} (${fill.side} ${fill.qty} ${fill.symbol} for ${fill.orderId}) at ${fill.price}, ` +
          `${fill.side === 'buy' ? 'above' : 'below'} the limit ${limit}`,
      )
  }
  return result('every fill is within its order limit price', null, problems)
}

function ordersMatchFills(orders: readonly OrderView[], fills: readonly FillView[]): ReportCheck {
  const sums = new Map<string, { qty: Decimal; notional: Decimal }>()
  for (const fill of fills) {
    const qty = Decimal.parse(fill.qty)
    const sum = sums.get(fill.orderId) ?? { qty: Decimal.ZERO, notional: Decimal.ZERO }
    sums.set(fill.orderId, {
      qty: sum.qty.add(qty),
      notional: sum.notional.add(qty.mul(Decimal.parse(fill.price))),
    })
  }
  const problems: string[] = []
  for (const order of orders) {
    const sum = sums.get(order.id) ?? { qty: Decimal.ZERO, notional: Decimal.ZERO }
    const filledQty = Decimal.parse(order.filledQty)
    if (!filledQty.eq(sum.qty))
      problems.push(`${order.id} has filledQty ${order.filledQty}, its fills add up to ${sum.qty}`)
    else if (filledQty.gt(Decimal.parse(order.qty)))
      problems.push(`${order.id} filled ${order.filledQty} of a qty of ${order.qty}`)
    else if (!sum.qty.isZero()) {
      const avg = sum.notional.div(sum.qty, LIMITS.priceScaleDigits)
      if (order.avgFillPrice === null || !Decimal.parse(order.avgFillPrice).eq(avg))
        problems.push(
          `${order.id} has avgFillPrice ${order.avgFillPrice}, its fills average ${avg}`,
        )
    }
  }
  return result('every order matches its fills (quantity and average price)', null, problems)
}

/**
 * Orders the venue has not acknowledged although the latency allows no more: past the upper
 * bound of the submit (or, for a replacement, replace) latency since they were sent. A `stuck`
 * fault rule holds acknowledgements on purpose, so while one that fired is active the check is
 * skipped rather than failed.
 */
function acknowledgedInTime(world: CheckedWorld): ReportCheck {
  const name = 'every order is acknowledged within the venue latency'
  const { latency } = world.config.executionConfig
  const byId = new Map(world.orders.map((order) => [order.id, order]))
  const overdue: string[] = []
  for (const order of world.orders) {
    if (order.acceptedAt !== null) continue
    if (order.status !== 'pending_new' && order.status !== 'pending_cancel') continue
    const sentMs = sentToVenueMs(order, byId)
    if (sentMs === null) continue
    const boundMs = latencyBoundMs(order.replaces === null ? latency.submit : latency.replace)
    const waitedMs = world.nowMs - sentMs
    if (waitedMs > boundMs)
      overdue.push(`${order.id} has waited ${waitedMs} ms in ${order.status} (bound ${boundMs} ms)`)
  }
  const checked = result(name, null, overdue)
  const stuck = world.faultRules.filter((rule) => rule.effect.kind === 'stuck' && rule.fired > 0)
  if (checked.status === 'passed' || stuck.length === 0) return checked
  const rules = stuck.map((rule) => rule.id).join(', ')
  return {
    ...checked,
    status: 'skipped',
    message: `stuck fault rule ${rules} holds acknowledgements on purpose: ${checked.message}`,
  }
}

/** The longest delay a latency distribution can yield (samples are clamped to delayMsMax). */
export function latencyBoundMs(dist: Distribution): number {
  const clamp = (ms: number) => Math.min(Math.max(0, Math.round(ms)), LIMITS.delayMsMax)
  switch (dist.type) {
    case 'fixed':
      return clamp(dist.ms)
    case 'uniform':
      return clamp(Math.max(dist.min, dist.max))
    default:
      return LIMITS.delayMsMax
  }
}

function equityAddsUp({ view }: CheckedAccount): ReportCheck {
  const sum = Decimal.parse(view.cash).add(Decimal.parse(view.marketValue))
  return result(
    'cash + market value equals equity',
    view.id,
    sum.eq(Decimal.parse(view.equity))
      ? []
      : [`cash ${view.cash} + market value ${view.marketValue} = ${sum}, equity is ${view.equity}`],
  )
}

function cashMatchesFills({ view, config, fills }: CheckedAccount): ReportCheck {
  let expected = Decimal.parse(config.cash)
  for (const fill of fills) {
    const notional = Decimal.parse(fill.qty).mul(Decimal.parse(fill.price))
    expected = (fill.side === 'buy' ? expected.sub(notional) : expected.add(notional)).sub(
      Decimal.parse(fill.commission),
    )
  }
  return result(
    'cash equals starting cash plus the fills, less commissions',
    view.id,
    expected.eq(Decimal.parse(view.cash))
      ? []
      : [
          `cash is ${view.cash}; starting cash ${config.cash} and ${fills.length} fills make ${expected}`,
        ],
  )
}

function commissionsMatchFills({ view, fills }: CheckedAccount): ReportCheck {
  const sum = Decimal.sum(fills.map((fill) => Decimal.parse(fill.commission)))
  return result(
    'commissions paid equal the commissions of the fills',
    view.id,
    sum.eq(Decimal.parse(view.commissionsPaid))
      ? []
      : [`commissionsPaid is ${view.commissionsPaid}, the fills charged ${sum}`],
  )
}

function positionsMatchFills({ view, config, positions, fills }: CheckedAccount): ReportCheck {
  const expected = new Map<string, Decimal>()
  const add = (symbol: string, qty: Decimal) =>
    expected.set(symbol, (expected.get(symbol) ?? Decimal.ZERO).add(qty))
  for (const p of config.positions) add(p.symbol, Decimal.parse(p.qty))
  for (const fill of fills) {
    const qty = Decimal.parse(fill.qty)
    add(fill.symbol, fill.side === 'buy' ? qty : qty.neg())
  }
  const actual = new Map(positions.map((p) => [p.symbol, Decimal.parse(p.qty)]))
  const problems: string[] = []
  for (const symbol of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(symbol) ?? Decimal.ZERO
    const have = actual.get(symbol) ?? Decimal.ZERO
    if (!want.eq(have))
      problems.push(`${symbol}: position ${have}, the starting position and fills make ${want}`)
  }
  return result('positions equal the starting positions plus the fills', view.id, problems)
}

function pnlAddsUp({ view, config }: CheckedAccount): ReportCheck {
  const net = Decimal.parse(view.equity).sub(startingEquity(config))
  const parts = Decimal.parse(view.realizedPnl)
    .add(Decimal.parse(view.unrealizedPnl))
    .sub(Decimal.parse(view.commissionsPaid))
  return result(
    'equity change equals realized + unrealized P&L − commissions',
    view.id,
    net.eq(parts)
      ? []
      : [
          `equity ${view.equity} − starting equity ${startingEquity(config)} = ${net}, but ` +
            `realized ${view.realizedPnl} + unrealized ${view.unrealizedPnl} − commissions ` +
            `${view.commissionsPaid} = ${parts}`,
        ],
  )
}
