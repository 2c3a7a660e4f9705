/**
 * The exposure index answers exactly what its definition (exposure-scan.ts, one pass over the
 * account's working orders) answers: random command scripts in every world of the model (order
 * classes with their sets and held legs, replaces in flight, stops and trailing stops at the
 * touch, partial fills, long and short positions that offset orders, halts, sessions, fault
 * rules), compared
 * - at every query the core makes while it runs (risk checks with and without a set left out,
 *   the account event of every fill, account views), through the index's audit hook;
 * - after every command, for every account: held buying power, with each of its exposure keys
 *   left out and without, and the pending quantity of every symbol and side, likewise;
 * - across configure, snapshot and restore, where the restored world's index is rebuilt from its
 *   orders (the snapshot does not carry it).
 * The scripts must reach every one of those situations (checked at the end), or the property
 * proves less than it says.
 *
 * Seeded like the invariants test: SIM_PROPERTY_SEED picks another seed, SIM_PROPERTY_RUNS more
 * runs.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  WORLDS,
  commandArbitrary,
  modelCommandArbitrary,
  run,
  runModel,
} from '../../../test/support/sim-script.js'
import { unwrap } from '../../../test/support/sim-world.js'
import { configureSimulation, type Decimal, type Simulation } from '../index.js'
import type { Order } from '../orders/order.js'
import type { Side } from '../orders/order-vocabulary.js'
import { worldOf } from '../simulation.js'
import type { World } from '../world.js'
import { exposureKey } from './buying-power.js'
import { heldBuyingPower, pendingQty, type ExposureQuery } from './exposure-index.js'
import { heldBuyingPowerByScan, pendingQtyByScan } from './exposure-scan.js'

const SEED = Number(process.env.SIM_PROPERTY_SEED ?? 20260105)
const NUM_RUNS = Number(process.env.SIM_PROPERTY_RUNS ?? 40)
const SIDES: readonly Side[] = ['buy', 'sell']

/** Situations the scripts reached, counted over all runs of one test. */
const nothingReached = () => ({
  auditedQueries: 0,
  auditedExcludes: 0,
  replaceInFlight: 0,
  setOfTwo: 0,
  heldLeg: 0,
  atTouch: 0,
  trailingStop: 0,
  partiallyFilled: 0,
  offsetLong: 0,
  offsetShort: 0,
  haltedWithOrders: 0,
  excludedShare: 0,
  restores: 0,
})
let reached = nothingReached()

function expectReachedAll(situations: ReadonlyArray<keyof typeof reached>): void {
  for (const situation of situations)
    expect(reached[situation], `times the scripts reached ${situation}`).toBeGreaterThan(0)
}

function scanOf(world: World, query: ExposureQuery): Decimal {
  return query.kind === 'held'
    ? heldBuyingPowerByScan(world, query.accountId, query.excludeKey)
    : pendingQtyByScan(world, query.accountId, query.symbol, query.side, query.excludeKey)
}

function audit(world: World, query: ExposureQuery): void {
  reached.auditedQueries++
  if (query.excludeKey !== undefined) reached.auditedExcludes++
  const scan = scanOf(world, query)
  if (!scan.eq(query.value)) {
    const { value, ...rest } = query
    throw new Error(`index ${value} != scan ${scan} for ${JSON.stringify(rest)}`)
  }
}

/** Every query after a command; `audit` compares each answer. */
function checkAll(sim: Simulation): void {
  const world = worldOf(sim)
  world.exposures.audit = audit
  const symbols = sim.config.symbols.map((s) => s.symbol)
  for (const [accountId, open] of world.openOrdersByAccount) {
    const working = [...open].filter((order) => !order.held)
    const keys = new Set(working.map((order) => exposureKey(world, order)))
    // Each set left out in turn, and a key that names no order (which leaves nothing out).
    keys.add('ord-none')
    const held = heldBuyingPower(world, accountId)
    for (const key of keys) {
      if (!heldBuyingPower(world, accountId, key).eq(held)) reached.excludedShare++
      for (const symbol of symbols)
        for (const side of SIDES) pendingQty(world, accountId, symbol, side, key)
    }
    for (const symbol of symbols)
      for (const side of SIDES) pendingQty(world, accountId, symbol, side)
    countReached(world, accountId, [...open])
  }
  // Queries through the public face too (account views carry the held buying power).
  for (const id of sim.accountIds()) unwrap(sim.account(id))
}

function countReached(world: World, accountId: string, open: readonly Order[]): void {
  const account = world.account(accountId)
  const members = new Map<string, number>()
  for (const order of open) {
    if (order.held) {
      reached.heldLeg++
      continue
    }
    const key = exposureKey(world, order)
    members.set(key, (members.get(key) ?? 0) + 1)
    if (order.status === 'pending_replace') reached.replaceInFlight++
    if (order.limitPrice === null) reached.atTouch++
    if (order.type === 'trailing_stop' && order.stopPrice !== null) reached.trailingStop++
    if (order.filledQty.isPositive()) reached.partiallyFilled++
    if (world.market(order.symbol).halted) reached.haltedWithOrders++
    const position = account.positionQty(order.symbol)
    if (order.side === 'sell' && position.isPositive()) reached.offsetLong++
    if (order.side === 'buy' && position.isNegative()) reached.offsetShort++
  }
  for (const count of members.values()) if (count >= 2) reached.setOfTwo++
}

describe('the exposure index', () => {
  it(`answers what the scan answers, at every query and after every command (seed ${SEED})`, () => {
    reached = nothingReached()
    fc.assert(
      fc.property(
        fc.nat(WORLDS.length - 1),
        fc.array(commandArbitrary, { minLength: 10, maxLength: 80, size: 'max' }),
        (worldIndex, commands) => {
          const sim = unwrap(configureSimulation(WORLDS[worldIndex]!, 1))
          worldOf(sim).exposures.audit = audit
          run(sim, commands, () => checkAll(sim))
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    )
    const { restores: _, ...situations } = reached
    expectReachedAll(Object.keys(situations) as Array<keyof typeof situations>)
  })

  it(`is rebuilt on restore, and agrees across configure, snapshot and restore (seed ${SEED})`, () => {
    reached = nothingReached()
    fc.assert(
      fc.property(
        fc.array(modelCommandArbitrary, { minLength: 10, maxLength: 80, size: 'max' }),
        (commands) => {
          runModel(commands, {
            afterEach: checkAll,
            // Before anything touches the restored world's index: only the rebuild made it.
            onRestore: (sim) => {
              reached.restores++
              checkAll(sim)
            },
          })
        },
      ),
      { seed: SEED + 1, numRuns: NUM_RUNS },
    )
    expectReachedAll(['restores', 'auditedQueries', 'replaceInFlight', 'setOfTwo', 'offsetLong'])
  })
})
