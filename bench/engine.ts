/**
 * The core's speed on a busy trading day (issue 10, "engine"): 100 symbols, one 6.5 h session at
 * one tick a second (2.34 million symbol-ticks), 10,000 resting limit orders from 10 accounts,
 * the journal on at its default retention. In process: no HTTP, no clients.
 *
 * The orders rest 0.2%–5% away from the opening price on both sides, so the day's random walk
 * reaches some of them (they fill as makers) and leaves the rest working all day: every tick's
 * matching pass sees a full book.
 *
 * Prints the wall time of the `advance`, symbol-ticks per second, orders filled and the journal's
 * final hash (which must not change when the hot path is made faster: same seed, same day), and
 * writes every run to `bench/results/engine.json`. Run by hand: `npm run bench:engine`
 * (`-- --runs N`, `-- --smoke` for one simulated minute, used by `npm run bench:smoke`).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { configureSimulation, type ConfigBody, type Simulation } from '../src/sim/index.js'
import { median } from './stats.js'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    smoke: { type: 'boolean', default: false },
    // A shorter day, for profiling (`node --cpu-prof --import tsx bench/engine.ts --minutes 30`).
    minutes: { type: 'string' },
  },
})

const SYMBOLS = 100
const ACCOUNTS = 10
const RESTING_ORDERS = 10_000
const TICK_MS = 1000
const SESSION_MS =
  args.minutes !== undefined
    ? Number(args.minutes) * 60_000
    : args.smoke
      ? 60_000
      : 6.5 * 60 * 60 * 1000
const SYMBOL_TICKS = SYMBOLS * (SESSION_MS / TICK_MS)
const RUNS = args.smoke ? 1 : Number(args.runs)

const symbolName = (i: number): string => `S${String(i).padStart(3, '0')}`

function body(): ConfigBody {
  return {
    seed: 1,
    clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z' },
    session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
    symbols: Array.from({ length: SYMBOLS }, (_, i) => ({
      symbol: symbolName(i),
      price: '100.00',
    })),
    accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({
      id: `acct-${i}`,
      cash: '100000000.00',
      allowShort: true,
    })),
    marketConfig: { model: 'random_walk', volatility: 0.3, updateFrequency: TICK_MS },
  }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** 100 orders a symbol, alternating sides, 0.2% to 5% from 100.00, spread over the accounts. */
function placeRestingOrders(sim: Simulation): void {
  for (let n = 0; n < RESTING_ORDERS; n++) {
    const symbol = symbolName(n % SYMBOLS)
    const rank = Math.floor(n / SYMBOLS)
    const side = rank % 2 === 0 ? 'buy' : 'sell'
    const awayCents = 20 + Math.floor(rank / 2) * 10
    const limitCents = side === 'buy' ? 10_000 - awayCents : 10_000 + awayCents
    unwrap(
      sim.submitOrder(`acct-${n % ACCOUNTS}`, {
        symbol,
        side,
        qty: '10',
        type: 'limit',
        limitPrice: (limitCents / 100).toFixed(2),
        timeInForce: 'day',
        orderClass: 'simple',
      }),
    )
  }
  // Past the venue latency, so every order is working before the measured day starts.
  unwrap(sim.advanceBy(1_000))
}

interface Run {
  wallMs: number
  symbolTicksPerSecond: number
  ordersFilled: number
  fills: number
  expired: number
  events: number
  hash: string
  heapUsedMb: number
}

function runOnce(): Run {
  const sim = unwrap(configureSimulation(body(), 1))
  placeRestingOrders(sim)
  const before = sim.journalPosition().seq
  const started = performance.now()
  unwrap(sim.advanceBy(SESSION_MS))
  const wallMs = performance.now() - started
  const orders = sim.allOrders()
  const fills = Array.from(
    { length: ACCOUNTS },
    (_, i) => unwrap(sim.fills(`acct-${i}`, { limit: 1_000_000 })).items.length,
  ).reduce((a, b) => a + b, 0)
  const position = sim.journalPosition()
  return {
    wallMs,
    symbolTicksPerSecond: SYMBOL_TICKS / (wallMs / 1000),
    ordersFilled: orders.filter((o) => o.status === 'filled').length,
    fills,
    expired: orders.filter((o) => o.status === 'expired').length,
    events: position.seq - before,
    hash: position.hash,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

const runs: Run[] = []
for (let i = 0; i < RUNS; i++) {
  const run = runOnce()
  runs.push(run)
  console.log(
    `run ${i + 1}: ${fmt(run.wallMs)} ms, ${fmt(run.symbolTicksPerSecond)} symbol-ticks/s, ` +
      `${run.ordersFilled} orders filled (${run.fills} fills), ${run.expired} expired, ` +
      `${fmt(run.events)} events, hash ${run.hash}`,
  )
}
const hashes = new Set(runs.map((r) => r.hash))
if (hashes.size !== 1) throw new Error(`runs disagree on the hash: ${[...hashes].join(', ')}`)

const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  smoke: args.smoke,
  symbols: SYMBOLS,
  restingOrders: RESTING_ORDERS,
  symbolTicks: SYMBOL_TICKS,
  loadAverage: (await import('node:os')).loadavg()[0],
  medianWallMs: median(runs.map((r) => r.wallMs)),
  medianSymbolTicksPerSecond: median(runs.map((r) => r.symbolTicksPerSecond)),
  budget: { symbolTicksPerSecond: 1_200_000, dayWallMs: 2_000 },
  runs,
}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/engine.json', `${JSON.stringify(result, null, 2)}\n`)
const met = result.medianSymbolTicksPerSecond >= result.budget.symbolTicksPerSecond
console.log(
  '| date | node | day wall ms | symbol-ticks/s | orders filled | expired at the close | budget |',
)
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |')
console.log(
  `| ${result.date} | ${result.node} | ${fmt(result.medianWallMs)} | ` +
    `${fmt(result.medianSymbolTicksPerSecond)} | ${runs[0]?.ordersFilled} | ` +
    `${runs[0]?.expired} | ${args.smoke ? 'smoke' : met ? 'met' : 'missed'} (≥ 1,200,000) |`,
)
