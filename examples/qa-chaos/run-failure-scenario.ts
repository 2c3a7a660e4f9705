/**
 * A QA chaos run: the `failure` scenario (scenarios/failure.json) on a manual clock, a stream of
 * orders while virtual time moves in steps, every injected fault tolerated and counted, and the
 * test report written as HTML.
 *
 *   npx tsx examples/qa-chaos/run-failure-scenario.ts --url http://localhost:4100 --out report.html
 *
 * Options: --minutes N (virtual minutes to run, 1 to 30, default 9: past the flash crash at +5m and
 * into the TSLA halt at +6m), --seed N (default 42), --step-ms N (virtual ms per step, default
 * 10000), --max-retry-wait-ms N (cap on honouring Retry-After, default 1000).
 * Exits 0 when the run completed, 1 when the broker answered something a chaos run must never see
 * (`internal`, or an order that a 503 retry duplicated), 2 on bad arguments.
 */
import { writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { MockBrokerClient, MockBrokerError, type SubmitOrderInput } from '../../src/client/index.js'

const ACCOUNT = 'DEMO'
const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'TSLA'] as const
const MAX_SUBMIT_ATTEMPTS = 4

interface Options {
  url: string
  out: string
  minutes: number
  seed: number
  stepMs: number
  maxRetryWaitMs: number
}

interface Tally {
  /** Orders the broker took (201, or 200 on a replay of the same clientOrderId). */
  placed: number
  /** Submits answered 503 that a retry with the same clientOrderId then got through. */
  retried: number
  /** Every error answer, by its `code`, across submits, cancels and reads. */
  refused: Map<string, number>
  /** Order ids seen per clientOrderId: a retry must never create a second order. */
  idsByClientOrderId: Map<string, Set<string>>
}

function usage(message: string): never {
  console.error(`run-failure-scenario: ${message}`)
  console.error(
    'usage: tsx examples/qa-chaos/run-failure-scenario.ts --url URL --out report.html [--minutes N] [--seed N]',
  )
  process.exit(2)
}

function intOption(
  raw: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
) {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max)
    usage(`--${name} must be an integer from ${min} to ${max}, not ${raw}`)
  return value
}

function parseOptions(argv: string[]): Options {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string', default: process.env.MOCK_BROKER_URL ?? 'http://localhost:4100' },
        out: { type: 'string', default: 'report.html' },
        minutes: { type: 'string' },
        seed: { type: 'string' },
        'step-ms': { type: 'string' },
        'max-retry-wait-ms': { type: 'string' },
      },
    }))
  } catch (error) {
    usage((error as Error).message)
  }
  return {
    url: values.url,
    out: values.out,
    minutes: intOption(values.minutes, 'minutes', 9, 1, 30),
    seed: intOption(values.seed, 'seed', 42, 0, 2 ** 31 - 1),
    stepMs: intOption(values['step-ms'], 'step-ms', 10_000, 100, 60_000),
    maxRetryWaitMs: intOption(values['max-retry-wait-ms'], 'max-retry-wait-ms', 1000, 0, 10_000),
  }
}

function count(tally: Tally, error: unknown): void {
  const code =
    error instanceof MockBrokerError ? error.code : `network:${(error as Error).name ?? 'Error'}`
  tally.refused.set(code, (tally.refused.get(code) ?? 0) + 1)
}

/** Runs one call, counting (and swallowing) whatever error it answers. */
async function tolerate<T>(tally: Tally, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call()
  } catch (error) {
    count(tally, error)
    return undefined
  }
}

/** The n-th order of the run: a deterministic mix of symbols, sides, types and forced rejects. */
function nthOrder(n: number): SubmitOrderInput {
  const symbol = SYMBOLS[n % SYMBOLS.length]!
  const forceReject = n % 7 === 3
  const side = n % 4 === 3 ? 'sell' : 'buy'
  const clientOrderId = `${forceReject ? 'force-reject-' : 'chaos-'}${n}`
  if (n % 3 === 1)
    return {
      clientOrderId,
      symbol,
      side,
      qty: '5',
      type: 'limit',
      limitPrice: '1',
      timeInForce: 'gtc',
    }
  return {
    clientOrderId,
    symbol,
    side,
    qty: String(1 + (n % 5)),
    type: 'market',
    timeInForce: 'day',
  }
}

/** Submits with retries on 503 (same clientOrderId, honouring Retry-After up to a cap). */
async function submit(
  client: MockBrokerClient,
  order: SubmitOrderInput,
  options: Options,
  tally: Tally,
): Promise<string | undefined> {
  for (let attempt = 1; attempt <= MAX_SUBMIT_ATTEMPTS; attempt++) {
    try {
      const placed = await client.submitOrder(ACCOUNT, order)
      const ids = tally.idsByClientOrderId.get(order.clientOrderId!) ?? new Set<string>()
      ids.add(placed.id)
      tally.idsByClientOrderId.set(order.clientOrderId!, ids)
      if (attempt > 1) tally.retried++
      tally.placed++
      return placed.id
    } catch (error) {
      count(tally, error)
      if (!(error instanceof MockBrokerError) || error.status !== 503) return undefined
      await sleep(Math.min((error.retryAfter ?? 1) * 1000, options.maxRetryWaitMs))
    }
  }
  return undefined
}

function formatCounts(counts: Iterable<[string, number]>): string {
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`)
  return parts.length === 0 ? 'none' : parts.join(', ')
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const client = new MockBrokerClient({ baseUrl: options.url })
  const tally: Tally = {
    placed: 0,
    retried: 0,
    refused: new Map(),
    idsByClientOrderId: new Map(),
  }

  await client.configure({ scenario: 'failure', seed: options.seed, clock: { mode: 'manual' } })

  const steps = Math.ceil((options.minutes * 60_000) / options.stepMs)
  const open: string[] = []
  let n = 0
  for (let step = 0; step < steps; step++) {
    // Two orders a step; every fifth step also cancels the oldest resting order (which may have
    // filled or been rejected meanwhile: order_not_cancelable is a legal answer).
    for (let i = 0; i < 2; i++) {
      const id = await submit(client, nthOrder(n++), options, tally)
      if (id !== undefined) open.push(id)
    }
    if (step % 5 === 4 && open.length > 0) {
      const oldest = open.shift()!
      await tolerate(tally, () => client.cancelOrder(ACCOUNT, oldest))
    }
    if (step % 6 === 0) await tolerate(tally, () => client.quotes([...SYMBOLS]))
    await client.advance({ ms: options.stepMs })
  }
  // Let the venue latency (up to 2 s) run out for the last orders.
  await client.advance({ ms: 5_000 })

  const report = await client.report('json')
  const html = await client.report('html')
  writeFileSync(options.out, html)

  const duplicated = [...tally.idsByClientOrderId].filter(([, ids]) => ids.size > 1)
  const refusedTotal = [...tally.refused.values()].reduce((a, b) => a + b, 0)
  const outcomes = Object.entries(report.orders.byOutcome).filter(([, v]) => v > 0)
  console.log(
    `failure scenario, seed ${report.seed}: ${options.minutes} virtual minutes in ${steps} steps ` +
      `(${report.timeline.start} to ${report.timeline.end})`,
  )
  console.log(`orders placed: ${tally.placed} of ${n} (after a 503 retry: ${tally.retried})`)
  console.log(`refused: ${refusedTotal} (by code: ${formatCounts(tally.refused)})`)
  console.log(
    `faults applied: ${report.faults.total} (by kind: ${formatCounts(Object.entries(report.faults.byKind))}; ` +
      `by operation: ${formatCounts(Object.entries(report.faults.byOperation))})`,
  )
  console.log(
    `order outcomes: ${formatCounts(outcomes)}; venue rejections: ${report.rejections.total}`,
  )
  console.log(`fills: ${report.fills.count} (volume ${report.fills.volume})`)
  console.log(`report: ${options.out} (${html.length} bytes)`)

  let status = 0
  if (tally.refused.has('internal')) {
    console.error('the broker answered `internal` (500): never expected, even under chaos')
    status = 1
  }
  if (duplicated.length > 0) {
    console.error(`a retry created a second order for: ${duplicated.map(([c]) => c).join(', ')}`)
    status = 1
  }
  return status
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(
      error instanceof MockBrokerError
        ? `run-failure-scenario: ${error.message} (code ${error.code})`
        : error,
    )
    process.exit(1)
  },
)
