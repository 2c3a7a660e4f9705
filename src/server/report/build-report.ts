/**
 * The test report (`GET /mock/report`, CONTRACT.md section 3) as JSON: a pure function of the
 * simulation (its current state and the journal events it still holds) and the recorded
 * verifications. The JUnit and HTML formats render this object.
 *
 * Known limit: the price series and the faults applied come from the journal, which keeps only its
 * last events; `timeline.complete` says whether it still holds the first one. Everything else
 * comes from the state, which keeps the whole timeline.
 */
import type { Report } from '../../api/schemas/report.js'
import type { Verification } from '../../api/schemas/verification.js'
import { isoTime, type JournalEvent, type Simulation } from '../../sim/index.js'
import { unwrap } from '../api-error.js'
import { accountPnl } from './account-pnl.js'
import { runChecks, type CheckedAccount, type CheckedWorld } from './checks.js'
import { inTimeOrder, summarizeFills } from './fill-summary.js'
import { orderLatencies, summarizeOrders, summarizeRejections } from './order-summary.js'
import { priceSeries } from './price-series.js'

export interface RecordedVerifications {
  verifications: Verification[]
  dropped: number
}

const NONE: RecordedVerifications = { verifications: [], dropped: 0 }

export function buildReport(sim: Simulation, recorded: RecordedVerifications = NONE): Report {
  const { config } = sim
  const journal = sim.journalPosition()
  const events = sim.events(0, Number.MAX_SAFE_INTEGER)
  const world = checkedWorld(sim)
  const { orders, fills, firstRetainedSeq } = world
  const startMs = Date.parse(config.clock.start)
  return {
    scenario: config.scenario,
    seed: config.seed,
    timeline: {
      epoch: journal.epoch,
      seq: journal.seq,
      hash: journal.hash,
      firstRetainedSeq,
      complete: firstRetainedSeq <= 1,
      start: isoTime(startMs),
      end: isoTime(sim.nowMs),
      durationMs: Math.max(0, sim.nowMs - startMs),
    },
    orders: summarizeOrders(orders),
    fills: summarizeFills(fills),
    rejections: summarizeRejections(orders),
    faults: summarizeFaults(events),
    latency: orderLatencies(orders, fills),
    accounts: world.accounts.map((account) => accountPnl(account.view, account.config)),
    prices: priceSeries(events, unwrap(sim.quotes())),
    checks: runChecks(world),
    verifications: {
      total: recorded.verifications.length,
      failed: recorded.verifications.filter((v) => !v.ok).length,
      dropped: recorded.dropped,
      list: recorded.verifications,
    },
  }
}

/** What the built-in checks read: the current state's views. */
export function checkedWorld(sim: Simulation): CheckedWorld {
  const accounts = sim.accountIds().map((id) => checkedAccount(sim, id))
  return {
    nowMs: sim.nowMs,
    config: sim.config,
    accounts,
    orders: sim.allOrders(),
    fills: inTimeOrder(accounts.flatMap((account) => account.fills)),
    faultRules: sim.faultRules(),
    firstRetainedSeq: sim.firstRetainedSeq(),
  }
}

function checkedAccount(sim: Simulation, id: string): CheckedAccount {
  const config = sim.config.accounts.find((account) => account.id === id)
  if (config === undefined) throw new Error(`account ${id} is not in the world's config`)
  return {
    view: unwrap(sim.account(id)),
    config,
    positions: unwrap(sim.positions(id)),
    fills: unwrap(sim.fills(id, { limit: Number.MAX_SAFE_INTEGER })).items,
    forgottenOrders: sim.forgottenOrders(id),
  }
}

/** `fault.applied` events by effect kind, by operation and by rule. */
export function summarizeFaults(events: readonly JournalEvent[]): Report['faults'] {
  const byKind = new Map<string, number>()
  const byOperation = new Map<string, number>()
  const byRule = new Map<string, { ruleId: string; kind: string; count: number }>()
  let total = 0
  for (const event of events) {
    if (event.type !== 'fault.applied') continue
    total++
    const { ruleId, effect, operation } = event.data as {
      ruleId: string
      effect: { kind: string }
      operation: string
    }
    byKind.set(effect.kind, (byKind.get(effect.kind) ?? 0) + 1)
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1)
    const rule = byRule.get(ruleId) ?? { ruleId, kind: effect.kind, count: 0 }
    rule.count++
    byRule.set(ruleId, rule)
  }
  return {
    total,
    byKind: sortedRecord(byKind),
    byOperation: sortedRecord(byOperation),
    byRule: [...byRule.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1)),
  }
}

function sortedRecord(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
}
