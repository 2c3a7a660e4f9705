/**
 * How many symbol-ticks per second the market steps: 100 symbols over one 6.5 h session at one
 * tick a second (2.34 million symbol-ticks), per price model. Two numbers per model:
 *
 * - `world`: the whole market tick inside a simulation (model step, requote on the tick grid,
 *   `quote.updated` journaled and hashed, matching pass), which is what a server pays;
 * - `model`: the price model's `step` alone, on the same number of steps.
 *
 * Run by hand (`npx tsx bench/market-ticks.ts`), never in tests; it prints one Markdown table row
 * per model for docs/BENCHMARKS.md.
 */
import { performance } from 'node:perf_hooks'
import { createPriceModel } from '../src/sim/market/create-price-model.js'
import { Rng } from '../src/sim/random/rng.js'
import {
  configureConfig,
  configureSimulation,
  type ConfigBody,
  type PriceModelName,
} from '../src/sim/index.js'

const SYMBOLS = 100
const SESSION_MS = 6.5 * 60 * 60 * 1000
const TICK_MS = 1000
const SYMBOL_TICKS = SYMBOLS * (SESSION_MS / TICK_MS)

const VARIANTS: ReadonlyArray<{ label: string; model: PriceModelName; clustering: boolean }> = [
  { label: 'random_walk', model: 'random_walk', clustering: false },
  { label: 'mean_reversion', model: 'mean_reversion', clustering: false },
  { label: 'momentum', model: 'momentum', clustering: false },
  { label: 'random_walk + clustering', model: 'random_walk', clustering: true },
]

function body(model: PriceModelName, clustering: boolean): ConfigBody {
  return {
    seed: 1,
    clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z' },
    session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
    symbols: Array.from({ length: SYMBOLS }, (_, i) => ({
      symbol: `S${String(i).padStart(3, '0')}`,
      price: '100.00',
    })),
    marketConfig: {
      model,
      volatility: 2,
      updateFrequency: TICK_MS,
      volatilityClustering: clustering ? { alpha: 0.1, beta: 0.85 } : null,
    },
  }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function worldTicksPerSecond(model: PriceModelName, clustering: boolean): number {
  const sim = unwrap(configureSimulation(body(model, clustering), 1))
  const started = performance.now()
  unwrap(sim.advanceBy(SESSION_MS))
  return SYMBOL_TICKS / ((performance.now() - started) / 1000)
}

function modelStepsPerSecond(model: PriceModelName, clustering: boolean): number {
  const config = unwrap(configureConfig(body(model, clustering)))
  const models = config.symbols.map((s) => createPriceModel(config.marketConfig, s, SESSION_MS))
  const rngs = config.symbols.map((s) => new Rng(`1/prices/${s.symbol}`))
  const mids = config.symbols.map(() => 100)
  let sink = 0
  const started = performance.now()
  for (let tick = 0; tick < SESSION_MS / TICK_MS; tick++) {
    for (let i = 0; i < SYMBOLS; i++) {
      mids[i] = (models[i] as NonNullable<(typeof models)[number]>).step(
        mids[i] as number,
        TICK_MS,
        rngs[i] as Rng,
      )
    }
  }
  sink += mids.reduce((a, b) => a + b, 0)
  const elapsed = (performance.now() - started) / 1000
  if (!Number.isFinite(sink)) throw new Error('a model produced a non-finite price')
  return SYMBOL_TICKS / elapsed
}

const date = new Date().toISOString().slice(0, 10)
const node = process.version
console.log(
  `${SYMBOLS} symbols × ${SESSION_MS / TICK_MS} ticks = ${SYMBOL_TICKS} symbol-ticks per run`,
)
console.log('| date | node | model | world symbol-ticks/s | model steps/s |')
console.log('| --- | --- | --- | ---: | ---: |')
for (const { label, model, clustering } of VARIANTS) {
  modelStepsPerSecond(model, clustering) // warm-up
  const world = worldTicksPerSecond(model, clustering)
  const steps = modelStepsPerSecond(model, clustering)
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  console.log(`| ${date} | ${node} | ${label} | ${fmt(world)} | ${fmt(steps)} |`)
}
