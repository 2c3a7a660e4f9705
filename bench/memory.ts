/**
 * Memory over a long run (issue 10, "memory"): 1,000,000 market orders submitted and filled in
 * process, with the journal at its default retention, sampling RSS and heap as it goes.
 *
 * Orders go in batches of 1,000 from 10 accounts, alternating buy and sell so positions stay
 * small; after each batch the clock moves past the venue latency so the batch fills. Every 50
 * batches it samples `process.memoryUsage()` after a full GC (run with --expose-gc, which
 * `npm run bench:memory` does), so the numbers are what the world holds, not garbage waiting.
 *
 * Budget: RSS at the end ≤ 300 MB, and the second half's growth small next to the first's.
 * Writes `bench/results/memory.json`. `-- --orders N` for a shorter run (bench:smoke uses 20,000).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { configureSimulation, type ConfigBody } from '../src/sim/index.js'

const { values: args } = parseArgs({
  options: { orders: { type: 'string', default: '1000000' } },
})

const ORDERS = Number(args.orders)
const BATCH = 1_000
const ACCOUNTS = 10
const SAMPLE_EVERY_BATCHES = 50
const MB = 2 ** 20

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined)
  console.warn('run with --expose-gc for settled samples (npm run bench:memory)')

const body: ConfigBody = {
  seed: 1,
  clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z' },
  symbols: [{ symbol: 'AAPL', price: '100.00' }],
  accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `acct-${i}`,
    cash: '1000000000.00',
    allowShort: true,
  })),
  marketConfig: { model: 'random_walk', volatility: 0.2, updateFrequency: 1000 },
}

interface Sample {
  orders: number
  rssMb: number
  /** What V8 has reserved for its heap; RSS beyond the live heap is mostly this. */
  heapTotalMb: number
  heapUsedMb: number
  wallMs: number
}

function sample(orders: number, startedMs: number): Sample {
  gc?.()
  const usage = process.memoryUsage()
  return {
    orders,
    rssMb: usage.rss / MB,
    heapTotalMb: usage.heapTotal / MB,
    heapUsedMb: usage.heapUsed / MB,
    wallMs: performance.now() - startedMs,
  }
}

const result = configureSimulation(body, 1)
if (!result.ok) throw new Error(result.error.message)
const sim = result.value
const startedMs = performance.now()
const samples: Sample[] = [sample(0, startedMs)]
let submitted = 0
let refused = 0
for (let batch = 0; submitted < ORDERS; batch++) {
  for (let i = 0; i < BATCH && submitted < ORDERS; i++, submitted++) {
    const outcome = sim.submitOrder(`acct-${submitted % ACCOUNTS}`, {
      symbol: 'AAPL',
      side: (submitted / ACCOUNTS) % 2 < 1 ? 'buy' : 'sell',
      qty: '1',
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
    })
    if (!outcome.ok) refused++
  }
  const advanced = sim.advanceBy(1_000)
  if (!advanced.ok) throw new Error(advanced.error.message)
  if ((batch + 1) % SAMPLE_EVERY_BATCHES === 0) {
    const s = sample(submitted, startedMs)
    samples.push(s)
    console.log(
      `${submitted.toLocaleString('en-US')} orders: RSS ${s.rssMb.toFixed(0)} MB, ` +
        `heap ${s.heapUsedMb.toFixed(0)} MB used of ${s.heapTotalMb.toFixed(0)} MB, ` +
        `${(s.wallMs / 1000).toFixed(1)} s`,
    )
  }
}
const end = sample(submitted, startedMs)
samples.push(end)

// Closed orders beyond the retention are forgotten (docs/BEHAVIOUR.md, "Order history"); every
// order here is a market order that fills, so the forgotten ones are filled ones.
const forgotten = Array.from({ length: ACCOUNTS }, (_, i) =>
  sim.forgottenOrders(`acct-${i}`),
).reduce((a, b) => a + b, 0)
const held = sim.allOrders()
const filled = forgotten + held.filter((o) => o.status === 'filled').length
const middle = samples.reduce((best, s) =>
  Math.abs(s.orders - ORDERS / 2) < Math.abs(best.orders - ORDERS / 2) ? s : best,
)
const start = samples[0] as Sample
const firstHalfGrowthMb = middle.rssMb - start.rssMb
const secondHalfGrowthMb = end.rssMb - middle.rssMb
const report = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  orders: ORDERS,
  filled,
  refused,
  ordersHeld: held.length,
  ordersForgotten: forgotten,
  execArgv: process.execArgv,
  journal: sim.journalPosition(),
  start,
  middle,
  end,
  firstHalfGrowthMb,
  secondHalfGrowthMb,
  budget: { endRssMb: 300, secondHalf: 'not growing' },
  samples,
}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/memory.json', `${JSON.stringify(report, null, 2)}\n`)
const f = (n: number): string => n.toFixed(0)
console.log(
  '| date | node | orders | filled | RSS start / middle / end MB | heap start / middle / end MB | second-half RSS growth MB | wall s |',
)
console.log('| --- | --- | ---: | ---: | --- | --- | ---: | ---: |')
console.log(
  `| ${report.date} | ${report.node} | ${ORDERS.toLocaleString('en-US')} | ${filled.toLocaleString('en-US')} | ` +
    `${f(start.rssMb)} / ${f(middle.rssMb)} / ${f(end.rssMb)} | ` +
    `${f(start.heapUsedMb)} / ${f(middle.heapUsedMb)} / ${f(end.heapUsedMb)} | ` +
    `${f(secondHalfGrowthMb)} | ${(end.wallMs / 1000).toFixed(1)} |`,
)
