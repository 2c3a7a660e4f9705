/**
 * Random command sequences against busy worlds (two to four accounts with different cash,
 * leverage, shorting, limits and starting positions; latency, partial fills, fill probability,
 * rejections, commissions with a minimum, a trading session), with configure, snapshot and
 * restore in between, checking the invariants the core promises whatever happens:
 * - no order ever fills more than its quantity, its fills add up to its filledQty, and they paid
 *   the commission the schedule asks of the order (per-fill rates by liquidity, the minimum per
 *   order);
 * - every status change in the journal is legal (same-status repeats are the partial fills and
 *   acknowledgements that keep a status), and each order event is named after its status
 *   (`order.<status>`, `order.accepted` for `new`);
 * - journal seq runs 1, 2, 3... without a gap in a world's journal, and within each timeline
 *   (configure starts one at seq 0, restore one at the snapshot's seq, each with the next epoch)
 *   every event appended has the next seq;
 * - for every account, cash = start − Σ signed fill notional − Σ fill commissions,
 *   commissionsPaid = Σ fill commissions, each position = its starting qty + Σ signed fill qty,
 *   and cash − start + commissionsPaid = realizedPnl − (Σ costBasis − starting cost basis),
 *   exactly;
 * - the members of a bracket's exits or an oco never fill more together than one of them could;
 * - an account that may not short never holds a short position;
 * - a restored world is the world the snapshot was taken of, and the commands that followed the
 *   snapshot in its own timeline bring a restored copy to that timeline's end position;
 * - the same commands give the same timelines (epochs, journal positions and hashes), and so they
 *   do with no snapshot taken and each restore replaced by replaying the snapshot's history from
 *   its configure: taking a snapshot changes nothing, and a restored world is its history's;
 * and it throws in fault rules with order effects (reject, stuck on submits and cancels) that
 * come and go, as the shell's middleware would apply them, and every kind of market event, now or
 * scheduled.
 *
 * Seeded (STYLE.md T5): the seed is in the test name and in fast-check's failure report, which
 * also prints the shrunk counterexample. Re-run another seed with SIM_PROPERTY_SEED=<n>, more
 * runs with SIM_PROPERTY_RUNS=<n>.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MARKET_EVENT_KINDS,
  Decimal,
  Simulation,
  type FillView,
  type OrderStatus,
  type WorldSnapshot,
} from './index.js'
import { canTransition } from './orders/order-status.js'
import {
  WORLDS,
  modelCommandArbitrary,
  run,
  runModel,
  worldView,
  type TakenSnapshot,
  type Timeline,
} from '../../test/support/sim-script.js'
import { unwrap } from '../../test/support/sim-world.js'

const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20260105)
const NUM_RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 60)

const ALL = Number.MAX_SAFE_INTEGER

/**
 * The world's accounts against their fills: cash, commissions, positions and the P&L identity.
 * One comparison per account, as it runs after every command.
 */
function expectLedgersBalanced(sim: Simulation): void {
  const symbols = sim.config.symbols.map((s) => s.symbol)
  for (const config of sim.config.accounts) {
    const { id } = config
    const account = unwrap(sim.account(id))
    const startCash = Decimal.parse(config.cash)
    const qty = new Map(symbols.map((symbol) => [symbol, Decimal.ZERO]))
    let startCost = Decimal.ZERO
    for (const p of config.positions) {
      qty.set(p.symbol, qty.get(p.symbol)!.add(Decimal.parse(p.qty)))
      startCost = startCost.add(Decimal.parse(p.qty).mul(Decimal.parse(p.avgEntryPrice)))
    }
    let cash = startCash
    let commissions = Decimal.ZERO
    for (const fill of unwrap(sim.fills(id, { limit: 1_000_000 })).items) {
      const signed = fill.side === 'buy' ? Decimal.parse(fill.qty) : Decimal.parse(fill.qty).neg()
      cash = cash.sub(signed.mul(Decimal.parse(fill.price))).sub(Decimal.parse(fill.commission))
      commissions = commissions.add(Decimal.parse(fill.commission))
      qty.set(fill.symbol, qty.get(fill.symbol)!.add(signed))
    }
    const positions = unwrap(sim.positions(id))
    const costBasis = Decimal.sum(positions.map((p) => Decimal.parse(p.costBasis)))
    // cash − start + commissionsPaid, as booked, and realizedPnl − (costBasis − starting cost).
    const spent = Decimal.parse(account.cash)
      .sub(startCash)
      .add(Decimal.parse(account.commissionsPaid))
    const earned = Decimal.parse(account.realizedPnl).sub(costBasis.sub(startCost))
    const booked = {
      cash: account.cash,
      commissionsPaid: account.commissionsPaid,
      positions: Object.fromEntries(positions.map((p) => [p.symbol, p.qty])),
      ledger: spent.toString(),
    }
    const fromFills = {
      cash: cash.toString(),
      commissionsPaid: commissions.toString(),
      positions: Object.fromEntries(
        [...qty].filter(([, q]) => !q.isZero()).map(([symbol, q]) => [symbol, q.toString()]),
      ),
      ledger: earned.toString(),
    }
    expect(booked, `account ${id} against its fills`).toEqual(fromFills)
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
  const events = sim.events(0, ALL)
  expect(events.length).toBe(sim.journalPosition().seq)
  const gap = events.findIndex((event, i) => event.seq !== i + 1)
  expect(gap, `seq ${events[gap]?.seq} at position ${gap + 1}`).toBe(-1)

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

/**
 * Within a timeline every event appended has the next seq, starting after the seq it began at,
 * and its listeners were told exactly what its journal holds.
 */
function expectTimelineSeq(timeline: Timeline): void {
  const { startSeq, events, end, epoch, sim } = timeline
  expect(end.epoch, 'epoch of the journal').toBe(epoch)
  const gap = events.findIndex((event, i) => event.seq !== startSeq + i + 1)
  expect(gap, `epoch ${epoch}: seq ${events[gap]?.seq} after ${startSeq} + ${gap}`).toBe(-1)
  expect(end.seq, `epoch ${epoch}: last seq`).toBe(startSeq + events.length)
  const journal = sim.events(startSeq, ALL)
  expect(journal.length, `epoch ${epoch}: events journaled`).toBe(events.length)
  const differs = journal.findIndex((event, i) => event !== events[i])
  expect(differs, `epoch ${epoch}: listeners saw another event`).toBe(-1)
}

function expectNoShortWithoutShorting(sim: Simulation): void {
  for (const { id, allowShort } of sim.config.accounts) {
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
      .events(0, ALL)
      .find((e) => (e.data.order as { id?: string } | undefined)?.id === parent.id)
    const size = Decimal.parse((created!.data.order as { qty: string }).qty)
    const members = [...orders.values()].filter((o) => roots.has(rootOf(o.id)))
    const filled = Decimal.sum(members.map((o) => Decimal.parse(o.filledQty)))
    expect(filled.lte(size), `oco set of ${parent.id} filled ${filled} of ${size}`).toBe(true)
  }
}

/**
 * No order fills more than its quantity, its fills add up to its filledQty, and they paid the
 * commission the schedule asks of the order: max(minimum, Σ each fill's rate by its liquidity).
 */
function expectOrdersFilledAndCharged(sim: Simulation): void {
  const schedule = sim.config.executionConfig.commission
  const rawCharge = (fill: FillView) => {
    const rates = schedule[fill.liquidity]
    const qty = Decimal.parse(fill.qty)
    return Decimal.parse(rates.perShare)
      .mul(qty)
      .add(qty.mul(Decimal.parse(fill.price)).mulBps(Decimal.parse(rates.bps)))
  }
  for (const { id: account } of sim.config.accounts) {
    const fillsOf = new Map<string, FillView[]>()
    for (const fill of unwrap(sim.fills(account, { limit: 1_000_000 })).items)
      fillsOf.set(fill.orderId, [...(fillsOf.get(fill.orderId) ?? []), fill])
    for (const order of sim.allOrders().filter((o) => o.accountId === account)) {
      const filled = Decimal.parse(order.filledQty)
      expect(filled.lte(Decimal.parse(order.qty)), `${order.id} overfilled`).toBe(true)
      const fills = fillsOf.get(order.id) ?? []
      const sum = Decimal.sum(fills.map((f) => Decimal.parse(f.qty)))
      expect(sum.toString(), order.id).toBe(order.filledQty)
      if (fills.length === 0) continue
      const charged = Decimal.sum(fills.map((f) => Decimal.parse(f.commission)))
      const owed = Decimal.max(Decimal.parse(schedule.minimum), Decimal.sum(fills.map(rawCharge)))
      expect(charged.toString(), `commission of ${order.id}`).toBe(owed.toString())
    }
  }
}

/**
 * A snapshot's future, replayed: a fresh restore of it, given the commands that followed it in
 * the timeline it was taken in, ends where that timeline ended.
 */
function expectSnapshotReplays(snapshot: TakenSnapshot, timelines: readonly Timeline[]): void {
  const origin = timelines[snapshot.timeline]!
  const { json, orderIds } = snapshot.taken!
  const copy = unwrap(
    Simulation.restore(JSON.parse(json) as WorldSnapshot, { epoch: origin.epoch }),
  )
  run(copy, origin.commands.slice(snapshot.afterCommands), undefined, [...orderIds])
  expect(copy.journalPosition(), `snapshot of epoch ${origin.epoch} replayed`).toEqual(origin.end)
}

type Reached = Record<string, number>

const bump = (reached: Reached, key: string) => (reached[key] = (reached[key] ?? 0) + 1)

/** How often the runs reached the paths that need luck, so a generator that stops fails. */
function countPaths(sim: Simulation, startSeq: number, reached: Reached): void {
  const orders = new Map(sim.allOrders().map((o) => [o.id, o]))
  for (const event of sim.events(startSeq, ALL)) {
    if (event.type === 'order.reduced') bump(reached, 'reductions')
    if (event.type === 'fault.applied') bump(reached, 'faults')
    if (event.type === 'order.replaced') bump(reached, 'order.replaced')
    if (event.type.startsWith('market.')) bump(reached, event.type)
    if (event.type === 'fill.created') {
      const fill = event.data.fill as { orderId: string }
      if (orders.get(fill.orderId)?.parentId) bump(reached, 'legFills')
    }
    if (event.type === 'order.canceled') {
      const order = event.data.order as { orderClass: string; filledQty: string }
      if (order.orderClass !== 'simple') bump(reached, 'ocoCancels')
    }
  }
}

describe('the core under random commands', () => {
  it(`keeps its invariants across configure, snapshot and restore, and replays to the same hashes (seed ${SEED})`, () => {
    const reached: Reached = {}
    fc.assert(
      fc.property(
        fc.array(modelCommandArbitrary, { minLength: 10, maxLength: 100, size: 'max' }),
        (commands) => {
          const { timelines, snapshots } = runModel(commands, {
            afterEach: (sim) => {
              expectLedgersBalanced(sim)
              expectNoShortWithoutShorting(sim)
            },
            onRestore: (sim, snapshot) => expect(worldView(sim)).toEqual(snapshot.taken!.view),
            onTimelineEnd: (timeline) => {
              const { sim } = timeline
              expectOrdersFilledAndCharged(sim)
              expectOcoSetsWithinSize(sim)
              expectJournalConsistent(sim)
              expectTimelineSeq(timeline)
              countPaths(sim, timeline.startSeq, reached)
            },
          })

          // Each configure and restore starts the next timeline; a restore resumes the seq of
          // its snapshot.
          expect(timelines.map((t) => t.epoch)).toEqual(timelines.map((_, i) => i + 1))
          for (const timeline of timelines) {
            const { origin } = timeline
            if (origin.kind === 'configure') {
              expect(timeline.startSeq).toBe(0)
              bump(reached, `world ${origin.world}`)
            } else {
              expect(timeline.startSeq).toBe(snapshots[origin.snapshot]!.taken!.view.journal.seq)
              bump(reached, 'restores')
            }
          }
          for (const taken of snapshots) expectSnapshotReplays(taken, timelines)

          // The same script again gives the same timelines; and again with every snapshot left
          // untaken and every restore replaced by a replay of the snapshot's history, which tells
          // a snapshot that changed its world or a restore that is not the world its history made.
          const ends = timelines.map((t) => t.end)
          expect(runModel(commands).timelines.map((t) => t.end)).toEqual(ends)
          const replayed = runModel(commands, { restoreBy: 'replay' })
          expect(replayed.timelines.map((t) => t.end)).toEqual(ends)
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    )
    for (const path of ['legFills', 'faults', 'restores', 'order.replaced'])
      expect(reached[path] ?? 0, path).toBeGreaterThan(0)
    expect(
      (reached.reductions ?? 0) + (reached.ocoCancels ?? 0),
      'oco partners cut',
    ).toBeGreaterThan(0)
    for (const kind of MARKET_EVENT_KINDS)
      expect(reached[`market.${kind}`] ?? 0, `market.${kind}`).toBeGreaterThan(0)
    for (let world = 0; world < WORLDS.length; world++)
      expect(reached[`world ${world}`] ?? 0, `world ${world}`).toBeGreaterThan(0)
  })
})
