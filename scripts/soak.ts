/**
 * Soak (issue 10): `npm run soak -- --minutes N [--seed S] [--speed X]`.
 *
 * Runs the real broker (`src/cli/main.ts serve`, in a child process on a free loopback port) on a
 * realtime clock at high speed for N minutes while:
 * - HTTP workers trade at random on several accounts (market and limit orders, both sides,
 *   cancels, replaces, position closes, idempotent replays), positions held inside `maxPosition`;
 * - a chaos loop installs and removes random fault rules: HTTP `error` 503, `latency`, `timeout`,
 *   `reject`; stream `drop`, `duplicate`, `delay`, `reorder`, `disconnect`;
 * - another drops stream sockets from the client side (transport closed, or disconnect and
 *   connect again), so every client resumes with `sinceSeq` replay again and again;
 * - stream clients (two raw socket.io clients and one SDK `openBrokerStream` per account, on
 *   orders, fills, positions and account) record every event they get.
 * Then it stops the load, removes the rules, cancels what is open, waits until nothing moves and
 * every client is caught up, and checks (scripts/soak-streams.ts says exactly what counts):
 * - every client against the journal (followed all along, see scripts/soak-journal.ts): no lost
 *   event, no unexpected duplicate, replays exact, live order kept;
 * - no 5xx but injected ones, no unexplained error code, no network failure (scripts/soak-load.ts);
 *   no error logged by the broker but the injected 503s; nothing on its stderr; exit 0 on SIGTERM;
 * - memory: the broker's RSS (its own `/metrics`), sampled every 2 s, is bounded (see
 *   `checkMemory`).
 * It prints a summary, writes bench/results/soak.json (git-ignored) and exits 0 when all holds,
 * 1 with the violations listed otherwise. Realtime makes the run itself non-deterministic (the
 * seed fixes the world and the load's choices, not their timing); the checks do not depend on
 * timing. It always ends: past N minutes + `SETTLE_LIMIT_MS` it kills its child (by pid) and fails.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import seedrandom from 'seedrandom'
import { MockBrokerClient } from '../src/client/index.js'
import { JournalFollower } from './soak-journal.js'
import {
  Http,
  HttpTally,
  Load,
  REQUEST_TIMEOUT_MS,
  randomRule,
  type SymbolInfo,
} from './soak-load.js'
import {
  RawStreamClient,
  SdkStreamClient,
  type AccountView,
  type ClientReport,
} from './soak-streams.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RESULT_DIR = fileURLToPath(new URL('../bench/results/', import.meta.url))
const RESULT_FILE = `${RESULT_DIR}soak.json`

const USAGE = `usage: npm run soak -- [--minutes N] [--seed S] [--speed X] [--accounts K]
  --minutes N    how long the load runs (default 1; fractions allowed)
  --seed S       the world's and the load's seed (default: random, printed)
  --speed X      virtual seconds per wall second (default 500)
  --accounts K   accounts traded on (default 4)`

const SYMBOLS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN']
const RAW_CLIENTS_PER_ACCOUNT = 2
/** Fault rules active at once, at most (each lives a few seconds). */
const MAX_RULES = 6
const WORKERS_PER_ACCOUNT = 2
/** The hard position limit (`maxPosition`), and where the load starts leaning against it. */
const MAX_POSITION = 400
const SOFT_POSITION = 200
/**
 * Journal events kept. The run outlives this window many times over, so the journal's memory is
 * at its bound early (what the memory check relies on); it still spans far more than a raw
 * client's resume window plus a reconnect at the soak's event rate (~1-2k events/s).
 */
const JOURNAL_RETENTION = 30_000
/** A raw client resumes from a checkpoint at least this old (scripts/soak-streams.ts). */
const RESUME_WINDOW_MS = 5_000
/** Past the load: the most the wind-down (cancel, quiesce, catch up, shut down) may take. */
const SETTLE_LIMIT_MS = 120_000
const SAMPLE_EVERY_MS = 2_000
/**
 * Calls slower than REQUEST_TIMEOUT_MS with no `timeout` fault, as a share of all calls: a
 * stalled broker fails this. Not zero: the soak's own process (one core for a dozen sockets and
 * eight workers) can be late to read an answer.
 */
const UNEXPLAINED_TIMEOUTS_SHARE = 0.002
/** The first part of the run is warm-up for the memory check (JIT, pools, the journal filling). */
const WARMUP_SHARE = 0.25
/** Second-half RSS may exceed first-half RSS by this share (plus the slack below) at most. */
const RSS_GROWTH_LIMIT = 0.3
const RSS_GROWTH_SLACK_MB = 40
/** And never this much (a few times what a healthy run uses). */
const RSS_CAP_MB = 1_024

interface Options {
  minutes: number
  seed: number
  speed: number
  accounts: number
}

interface Sample {
  atMs: number
  rssMb: number
  heapMb: number
  virtualS: number
  journalEvents: number
  streamClients: number
  /** Orders the load had submitted by then. */
  orders: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const violations: string[] = []
const violate = (message: string) => {
  if (violations.length < 200) violations.push(message)
}

function parseOptions(argv: string[]): Options {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        minutes: { type: 'string', default: '1' },
        seed: { type: 'string' },
        speed: { type: 'string', default: '500' },
        accounts: { type: 'string', default: '4' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    console.error(`soak: ${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  const { values } = parsed
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const number = (name: string, text: string, min: number) => {
    const value = Number(text)
    if (!Number.isFinite(value) || value < min) {
      console.error(`soak: --${name} must be a number >= ${min}, was ${text}\n${USAGE}`)
      process.exit(2)
    }
    return value
  }
  return {
    minutes: number('minutes', values.minutes, 0.1),
    seed: Math.floor(number('seed', values.seed ?? String(Math.floor(Math.random() * 2 ** 31)), 0)),
    speed: number('speed', values.speed, 1),
    accounts: Math.floor(number('accounts', values.accounts, 1)),
  }
}

// --- the broker child -------------------------------------------------------------------------

interface Broker {
  child: ChildProcess
  url: string
  stdoutLines: string[]
  stderr: string[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

let child: ChildProcess | undefined

/** Kills the soak's own broker (by pid), whatever happens to the soak. */
function killBroker(): void {
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, 'SIGKILL')
    } catch {
      // Gone already.
    }
  }
}

async function startBroker(options: Options): Promise<Broker> {
  // This process runs under tsx: its execArgv carries tsx's loader, so the child is one node
  // process running the TypeScript CLI, and its pid is the broker's.
  const execArgv = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx']
  const args = [
    ...execArgv,
    'src/cli/main.ts',
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--seed',
    String(options.seed),
    '--clock',
    'realtime',
    '--speed',
    String(options.speed),
    '--journal-retention',
    String(JOURNAL_RETENTION),
  ]
  const spawned = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child = spawned
  const stdoutLines: string[] = []
  const stderr: string[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    spawned.once('exit', (code, signal) => resolve({ code, signal })),
  )
  let buffered = ''
  // Keep reading stdout for the whole run: a full pipe would block the broker.
  spawned.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) if (line.trim() !== '') stdoutLines.push(line)
  })
  spawned.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the broker did not start in 30 s')), 30_000)
    const look = () => {
      for (const line of stdoutLines) {
        const match = /listening on (http:\/\/\S+)/.exec(line)
        if (match?.[1]) {
          clearTimeout(timer)
          spawned.stdout?.off('data', look)
          return resolve(match[1])
        }
      }
    }
    spawned.stdout?.on('data', look)
    void exited.then(({ code }) =>
      reject(new Error(`the broker exited (${code}) before listening: ${stderr.join('')}`)),
    )
  })
  return { child: spawned, url, stdoutLines, stderr, exited }
}

/** Error lines of the broker's log that no injected fault explains. */
function checkBrokerOutput(broker: Broker, tally: HttpTally): { warnings: number; errors: number } {
  let warnings = 0
  let errors = 0
  for (const line of broker.stdoutLines) {
    let entry: { level?: number; requestId?: string; msg?: string; status?: number | null }
    try {
      entry = JSON.parse(line)
    } catch {
      violate(`broker stdout: not a log line: ${line.slice(0, 200)}`)
      continue
    }
    const level = entry.level ?? 0
    if (level >= 50) {
      errors++
      if (entry.requestId === undefined || !tally.injectedRequestIds.has(entry.requestId))
        violate(`broker logged an error no injected fault explains: ${line.slice(0, 300)}`)
    } else if (level >= 40) warnings++
  }
  const stderr = broker.stderr.join('').trim()
  if (stderr !== '') violate(`broker stderr: ${stderr.slice(0, 2000)}`)
  return { warnings, errors }
}

// --- memory -------------------------------------------------------------------------------------

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)`, 'm').exec(text)
  return match?.[1] === undefined ? Number.NaN : Number(match[1])
}

/**
 * What the broker keeps: the last JOURNAL_RETENTION events, the last 1000 requests, and the
 * world, which holds every order and fill since configure (a broker keeps its history: about
 * 3 KB of heap per filled order, measured apart, so the soak's 50-75 orders/s add 10-15 MB of live
 * heap a minute, and RSS, which follows V8's heap between major GCs, about twice that). So once
 * warm, RSS grows only that slowly: the second half's peak must stay within RSS_GROWTH_LIMIT
 * (+ RSS_GROWTH_SLACK_MB for GC timing) of the first half's (after WARMUP_SHARE of the run), and
 * below RSS_CAP_MB throughout. Runs of 1 and 5 minutes peak at 1.0-1.2x (limit 1.3x + 40 MB).
 * A leak per event or per socket (a run makes hundreds of thousands of deliveries and hundreds
 * of reconnects) breaks this. So would a run much longer than 5 minutes at this pace: the order
 * history has no bound, and this check says so rather than allow for it.
 */
function checkMemory(samples: readonly Sample[], startMs: number, endMs: number) {
  const warmEnd = startMs + (endMs - startMs) * WARMUP_SHARE
  const mid = warmEnd + (endMs - warmEnd) / 2
  const first = samples.filter((s) => s.atMs >= warmEnd && s.atMs < mid)
  const second = samples.filter((s) => s.atMs >= mid)
  const peak = (list: readonly Sample[]) => Math.max(0, ...list.map((s) => s.rssMb))
  // The heap's low points (right after a major GC) are the live set: they show what is kept,
  // where RSS peaks mostly show when V8 last collected.
  const floor = (list: readonly Sample[]) => Math.min(...list.map((s) => s.heapMb))
  const result = {
    samples: samples.length,
    startRssMb: samples[0]?.rssMb ?? 0,
    firstHalfMaxMb: peak(first),
    secondHalfMaxMb: peak(second),
    maxMb: peak(samples),
    heapLastMb: samples[samples.length - 1]?.heapMb ?? 0,
    heapFloorFirstHalfMb: first.length > 0 ? floor(first) : 0,
    heapFloorSecondHalfMb: second.length > 0 ? floor(second) : 0,
    limitMb: 0,
  }
  result.limitMb = result.firstHalfMaxMb * (1 + RSS_GROWTH_LIMIT) + RSS_GROWTH_SLACK_MB
  if (first.length < 2 || second.length < 2) {
    violate(`memory: too few samples (${first.length} + ${second.length}) to compare halves`)
  } else if (result.secondHalfMaxMb > result.limitMb) {
    violate(
      `memory: second-half RSS peak ${result.secondHalfMaxMb.toFixed(0)} MB > ${result.limitMb.toFixed(0)} MB (first-half peak ${result.firstHalfMaxMb.toFixed(0)} MB × ${1 + RSS_GROWTH_LIMIT} + ${RSS_GROWTH_SLACK_MB})`,
    )
  }
  if (result.maxMb > RSS_CAP_MB) violate(`memory: RSS reached ${result.maxMb} MB > ${RSS_CAP_MB}`)
  return result
}

// --- the run ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const loadMs = Math.round(options.minutes * 60_000)
  console.log(
    `soak: ${options.minutes} min, seed ${options.seed}, speed ${options.speed}x, ${options.accounts} accounts (rerun: npm run soak -- --minutes ${options.minutes} --seed ${options.seed})`,
  )
  setTimeout(() => {
    console.error(`soak: still running ${SETTLE_LIMIT_MS / 1000} s past the load; giving up`)
    killBroker()
    process.exit(1)
  }, loadMs + SETTLE_LIMIT_MS).unref()
  process.on('exit', killBroker)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killBroker()
      process.exit(130)
    })
  }
  process.on('unhandledRejection', (reason) => violate(`soak: unhandled rejection: ${reason}`))

  const broker = await startBroker(options)
  console.log(`soak: broker pid ${broker.child.pid} on ${broker.url}`)
  const control = new MockBrokerClient({
    baseUrl: broker.url,
    fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(15_000) }),
  })
  const rng = seedrandom(String(options.seed))
  const accountIds = Array.from({ length: options.accounts }, (_, i) => `SOAK${i + 1}`)

  await control.configure({
    seed: options.seed,
    clock: { mode: 'realtime', speed: options.speed },
    symbols: SYMBOLS,
    marketConfig: { volatility: 5, spread: 5, liquidity: 400, updateFrequency: 2_000 },
    executionConfig: {
      latencyMin: 5,
      latencyMax: 200,
      partialFillRatio: 0.5,
      fillProbability: 0.8,
      rejectionRate: 0.02,
    },
    accounts: accountIds.map((id) => ({
      id,
      cash: '10000000',
      allowShort: true,
      limits: { maxPosition: String(MAX_POSITION) },
    })),
  })
  const symbols: SymbolInfo[] = (await control.symbols()).map((s) => ({
    symbol: s.symbol,
    tickSize: Number(s.tickSize),
    decimals: (s.tickSize.split('.')[1] ?? '').length,
    lotSize: Number(s.lotSize),
  }))

  const follower = new JournalFollower(control, broker.url, accountIds)
  const views = new Map<string, AccountView>()
  const raw: RawStreamClient[] = []
  const sdk: SdkStreamClient[] = []
  for (const accountId of accountIds) {
    const view: AccountView = { openOrders: new Map(), positions: new Map() }
    views.set(accountId, view)
    sdk.push(new SdkStreamClient(broker.url, accountId, `sdk:${accountId}`, view))
    for (let i = 1; i <= RAW_CLIENTS_PER_ACCOUNT; i++)
      raw.push(new RawStreamClient(broker.url, accountId, `raw${i}:${accountId}`, RESUME_WINDOW_MS))
  }
  const subscribed = await waitUntil(
    () => [...raw, ...sdk].every((c) => c.firstAckSeq !== null),
    10_000,
    'every stream client subscribed',
  )
  if (!subscribed) violate('stream clients: not all subscribed within 10 s')

  const tally = new HttpTally()
  const http = new Http(broker.url, tally)
  const load = new Load(http, rng, symbols, views, SOFT_POSITION)
  await load.refreshQuotes()

  const startMs = Date.now()
  const endMs = startMs + loadMs
  let running = true
  const live = () => running && Date.now() < endMs
  const samples: Sample[] = []
  const faultsInstalled = new Map<string, number>()
  let faultsRemoved = 0
  let clientDrops = 0
  let clientDisconnects = 0

  const loops: Array<Promise<void>> = []
  const every = (ms: () => number, body: () => Promise<void>) =>
    loops.push(
      (async () => {
        while (live()) {
          try {
            await body()
          } catch (error) {
            violate(`soak loop: ${(error as Error).message}`)
          }
          await sleep(ms())
        }
      })(),
    )

  for (const accountId of accountIds)
    for (let w = 0; w < WORKERS_PER_ACCOUNT; w++) loops.push(load.worker(accountId, live))
  every(
    () => 250,
    () => load.refreshQuotes(),
  )
  every(
    () => 500,
    () => follower.poll(),
  )

  const activeRules: string[] = []
  every(
    () => 200 + Math.floor(rng() * 700),
    async () => {
      if (activeRules.length < MAX_RULES && (activeRules.length < 2 || rng() < 0.55)) {
        const { label, rule } = randomRule(rng, accountIds)
        const { id } = await control.injectFault(rule as Parameters<typeof control.injectFault>[0])
        activeRules.push(id)
        faultsInstalled.set(label, (faultsInstalled.get(label) ?? 0) + 1)
      } else if (activeRules.length > 0) {
        const [id] = activeRules.splice(Math.floor(rng() * activeRules.length), 1)
        await control.deleteFault(id as string)
        faultsRemoved++
      }
    },
  )

  every(
    () => 400 + Math.floor(rng() * 1_600),
    async () => {
      const clients: Array<RawStreamClient | SdkStreamClient> = [...raw, ...sdk]
      const target = clients[Math.floor(rng() * clients.length)] as
        RawStreamClient | SdkStreamClient
      if (target instanceof RawStreamClient && rng() < 0.5) {
        if (target.disconnectFor(Math.floor(rng() * 1_000))) clientDisconnects++
      } else if (target.dropTransport()) clientDrops++
    },
  )

  every(
    () => SAMPLE_EVERY_MS,
    async () => {
      const text = await control.metrics()
      samples.push({
        atMs: Date.now(),
        rssMb: metricValue(text, 'process_resident_memory_bytes') / 2 ** 20,
        heapMb: metricValue(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
        virtualS: metricValue(text, 'mock_broker_virtual_time_seconds'),
        journalEvents: metricValue(text, 'mock_broker_journal_events'),
        streamClients: metricValue(text, 'mock_broker_stream_clients'),
        orders: load.stats.submitted,
      })
      await control.health()
    },
  )

  const progress = setInterval(() => {
    const s = samples[samples.length - 1]
    const elapsed = Math.round((Date.now() - startMs) / 1000)
    console.log(
      `soak: ${elapsed}s orders ${load.stats.submitted} requests ${tally.requests} journal seq ${follower.head} rss ${s?.rssMb.toFixed(0) ?? '?'} MB rules ${activeRules.length} violations ${violations.length + tally.violations.length}`,
    )
  }, 15_000)

  await sleep(loadMs)
  running = false
  await Promise.all(loops)
  clearInterval(progress)
  const loadEndMs = Date.now()

  // --- wind down: no rules, nothing open, nothing moving, every client caught up ---
  await control.clearFaults()
  const quiet = await windDown(control, follower, accountIds)
  if (!quiet) violate('wind-down: account events did not stop within 30 s')
  const allCaughtUp = await waitUntil(
    () => raw.every((r) => r.caughtUp) && sdk.every((s) => s.connected),
    20_000,
    'every stream client connected and caught up',
  )
  if (!allCaughtUp)
    violate(
      `stream clients not caught up: ${[...raw.filter((r) => !r.caughtUp), ...sdk.filter((s) => !s.connected)].map((c) => c.name).join(', ')}`,
    )
  // Held events wait for virtual time (milliseconds of wall time here): let them go, then a
  // round trip per client, after which everything the broker sent has arrived.
  await sleep(1_000)
  await Promise.all(
    [...raw, ...sdk].map((c) =>
      c.sync().catch((error: Error) => violate(`${c.name}: final sync failed: ${error.message}`)),
    ),
  )
  await follower.poll()
  const head = follower.head

  const reports: ClientReport[] = []
  for (const client of [...raw, ...sdk])
    reports.push(client.report(follower.accounts.get(client.accountId)!, head))
  const finalMetrics = await control.metrics()
  for (const client of [...raw, ...sdk]) client.close()
  follower.close()

  // --- shut the broker down (SIGTERM: exit 0 within its 8 s limit) ---
  process.kill(broker.child.pid as number, 'SIGTERM')
  const exit = await Promise.race([
    broker.exited,
    sleep(12_000).then(() => ({ code: null, signal: 'timeout' as const })),
  ])
  if (exit.code !== 0) violate(`broker exit on SIGTERM: code ${exit.code}, signal ${exit.signal}`)
  killBroker()
  const log = checkBrokerOutput(broker, tally)
  const memory = checkMemory(samples, startMs, loadEndMs)

  // --- verdict ---
  for (const v of follower.violations) violate(v)
  for (const v of tally.violations) violate(`http: ${v}`)
  for (const r of reports) for (const v of r.violations) violate(v)
  const journalTotals = summarizeJournal(follower)
  const firstSample = samples[0]
  const lastSample = samples[samples.length - 1]
  const virtualSpeed =
    firstSample && lastSample && lastSample.atMs > firstSample.atMs
      ? ((lastSample.virtualS - firstSample.virtualS) * 1000) / (lastSample.atMs - firstSample.atMs)
      : 0
  // Every `error` firing answers one 503 at once; every `timeout` firing holds one request until
  // the client gives up. A client timeout beyond those is a call that took REQUEST_TIMEOUT_MS
  // with no fault. (The soak's `/v1` calls all go through `http`; the wind-down's come after the
  // rules are gone.)
  const applied = appliedFaults(finalMetrics)
  if ((applied.error ?? 0) !== tally.injected)
    violate(`http: ${applied.error ?? 0} error faults fired, ${tally.injected} injected 503s seen`)
  const timeoutFaults = applied.timeout ?? 0
  const unexplainedTimeouts = tally.timeouts - timeoutFaults
  if (unexplainedTimeouts < 0)
    violate(`http: ${timeoutFaults} timeout faults fired, only ${tally.timeouts} calls timed out`)
  if (unexplainedTimeouts > UNEXPLAINED_TIMEOUTS_SHARE * tally.requests)
    violate(
      `http: ${unexplainedTimeouts} of ${tally.requests} calls took over ${REQUEST_TIMEOUT_MS} ms with no timeout fault`,
    )
  const result = {
    ok: violations.length === 0,
    options,
    journalRetention: JOURNAL_RETENTION,
    resumeWindowMs: RESUME_WINDOW_MS,
    wallSeconds: Math.round((loadEndMs - startMs) / 100) / 10,
    virtualSpeed: Math.round(virtualSpeed),
    journalHead: head,
    load: load.stats,
    http: {
      requests: tally.requests,
      injected503: tally.injected,
      clientTimeouts: tally.timeouts,
      timeoutFaultsFired: timeoutFaults,
      unexplainedTimeouts,
      outcomes: Object.fromEntries([...tally.outcomes].sort()),
    },
    faults: {
      installed: Object.fromEntries(faultsInstalled),
      removed: faultsRemoved,
      applied,
    },
    journal: journalTotals,
    disconnects: { clientDrops, clientDisconnects },
    brokerLog: log,
    memory,
    clients: reports.map(({ violations: v, ...rest }) => ({ ...rest, violations: v.length })),
    violations,
  }
  mkdirSync(RESULT_DIR, { recursive: true })
  writeFileSync(RESULT_FILE, `${JSON.stringify({ ...result, samples }, null, 2)}\n`)
  printSummary(result, reports)
  console.log(`soak: result written to ${RESULT_FILE}`)
  process.exit(result.ok ? 0 : 1)
}

/** Cancels everything open until nothing is, then waits until no account event comes for 2 s. */
async function windDown(
  control: MockBrokerClient,
  follower: JournalFollower,
  accountIds: readonly string[],
): Promise<boolean> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    let open = 0
    for (const accountId of accountIds) {
      const orders = await control.listOrders(accountId, { status: 'open', limit: 1000 })
      open += orders.length
      if (orders.length > 0) await control.cancelAllOrders(accountId)
    }
    if (open === 0) break
    await sleep(200)
  }
  let last = ''
  let stableSince = Date.now()
  while (Date.now() < deadline) {
    await follower.poll()
    const now = [...follower.accounts.values()].map((j) => j.seqs.length).join(',')
    if (now !== last) {
      last = now
      stableSince = Date.now()
    } else if (Date.now() - stableSince >= 2_000) return true
    await sleep(250)
  }
  return false
}

function summarizeJournal(follower: JournalFollower) {
  const types: Record<string, number> = {}
  const streamFaults: Record<string, number> = {}
  const httpFaults: Record<string, number> = {}
  let events = 0
  for (const journal of follower.accounts.values()) {
    events += journal.seqs.length
    for (const [type, n] of journal.types) types[type] = (types[type] ?? 0) + n
    for (const kind of journal.streamFaults.values())
      streamFaults[kind] = (streamFaults[kind] ?? 0) + 1
    for (const [kind, n] of journal.httpFaults) httpFaults[kind] = (httpFaults[kind] ?? 0) + n
  }
  return { accountEvents: events, types, streamFaults, httpFaults }
}

/** `mock_broker_faults_injected_total` by kind (every operation, quotes included). */
function appliedFaults(metrics: string): Record<string, number> {
  const out: Record<string, number> = {}
  const re = /^mock_broker_faults_injected_total\{([^}]*)\} ([0-9.e+]+)$/gm
  for (const match of metrics.matchAll(re)) {
    const kind = /kind="([^"]+)"/.exec(match[1] ?? '')?.[1] ?? '?'
    out[kind] = (out[kind] ?? 0) + Number(match[2])
  }
  return out
}

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) {
      console.error(`soak: timed out waiting for ${what}`)
      return false
    }
    await sleep(50)
  }
  return true
}

function printSummary(
  result: {
    ok: boolean
    wallSeconds: number
    virtualSpeed: number
    journalHead: number
    load: Load['stats']
    http: {
      requests: number
      injected503: number
      clientTimeouts: number
      timeoutFaultsFired: number
    }
    faults: { installed: Record<string, number>; applied: Record<string, number> }
    journal: ReturnType<typeof summarizeJournal>
    disconnects: { clientDrops: number; clientDisconnects: number }
    memory: ReturnType<typeof checkMemory>
    violations: string[]
  },
  reports: readonly ClientReport[],
): void {
  const { load, http, journal, memory } = result
  const fills = journal.types['fill.created'] ?? 0
  const lines = [
    '',
    `soak ${result.ok ? 'PASSED' : 'FAILED'}: ${result.wallSeconds} s of load at ${result.virtualSpeed}x virtual speed, journal head ${result.journalHead}`,
    `  orders: ${load.submitted} submitted (${load.accepted} accepted), ${load.cancels} cancels, ${load.replaces} replaces, ${load.closes} closes, ${load.idempotentReplays} idempotent replays; ${fills} fills`,
    `  http: ${http.requests} requests, ${http.injected503} injected 503s, ${http.clientTimeouts} client timeouts (${http.timeoutFaultsFired} by timeout faults)`,
    `  faults installed: ${JSON.stringify(result.faults.installed)}`,
    `  faults applied: ${JSON.stringify(result.faults.applied)}`,
    `  stream faults on account events: ${JSON.stringify(journal.streamFaults)}`,
    `  client-side drops: ${result.disconnects.clientDrops} transport closes, ${result.disconnects.clientDisconnects} disconnect/connect`,
    `  memory: RSS ${memory.startRssMb.toFixed(0)} MB at start, first-half peak ${memory.firstHalfMaxMb.toFixed(0)} MB, second-half peak ${memory.secondHalfMaxMb.toFixed(0)} MB (limit ${memory.limitMb.toFixed(0)}); heap floor ${memory.heapFloorFirstHalfMb.toFixed(0)} then ${memory.heapFloorSecondHalfMb.toFixed(0)} MB`,
    '  clients (events owed / received / sessions / replayed / dup by fault, by replay, unexpected / missing / documented losses / disconnects):',
  ]
  for (const r of reports) {
    lines.push(
      `    ${r.name.padEnd(12)} ${r.checked} / ${r.received} / ${r.sessions} / ${r.replayed} / ${r.duplicatesByFault}, ${r.duplicatesByReplay}, ${r.unexpectedDuplicates} / ${r.missing} / ${JSON.stringify(r.documentedLosses)} / ${JSON.stringify(r.disconnects)}`,
    )
  }
  if (result.violations.length > 0) {
    lines.push(`  violations (${result.violations.length}):`)
    for (const v of result.violations) lines.push(`    - ${v}`)
  }
  console.log(lines.join('\n'))
}

main().catch((error: unknown) => {
  console.error('soak: failed:', error)
  killBroker()
  process.exit(1)
})
