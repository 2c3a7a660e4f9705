/**
 * The HTTP path: requests a second and latency (p50, p99) of the broker's REST routes under 50
 * keep-alive connections (autocannon), against a bare hono route on the same @hono/node-server in
 * the same server process that parses and answers JSON of the same sizes. The ratio says what the
 * broker costs per request on top of the HTTP stack.
 *
 * The servers run in a child process (`bench/http-server.ts`) and autocannon in this one, so on a
 * 2-core machine each side has a core. Loopback only, free ports.
 *
 * Targets, each a warm-up round then `ROUNDS` measured rounds, broker and bare rounds interleaved
 * so a change in the machine's load hits both alike (the table shows medians):
 * - `POST orders, resting`: 1-share limit buys at half the market, which rest (a manual clock and
 *   a flat market: nothing moves them), so open orders grow through the round;
 * - `POST orders, marketable`: market orders, each connection alternating buy and sell so the
 *   position stays within ±50 shares of where it started; each fills at once;
 * - `GET quote`, `GET account`: reads of one symbol and of the account;
 * - `bare POST`, `bare GET quote-sized`, `bare GET account-sized`: the baselines;
 * - fixed rate: resting orders, and bare POSTs, offered at 5,000 a second. `paced` spreads the
 *   sends evenly (each connection every 10 ms, connections offset by 0.2 ms) and measures from
 *   the moment a request was due when the server's lateness delayed it (no coordinated omission).
 *   `autocannon overallRate` is autocannon's own limiter, shown for comparison: each connection
 *   sends its quota for the second back to back from the top of the second, so the server sees
 *   a saturating burst each second and the latency is mostly the burst's queue. Resting orders
 *   paced at 1,000 a second, which the broker keeps up with, separate its service time from the
 *   queue a rate beyond its capacity builds.
 * Every broker round starts in a fresh world (`POST /mock/configure`), so rounds are comparable.
 * No GC is forced between rounds: after a forced `gc()` in the server, the following seconds ran
 * up to twice as slow, bare routes included. A full run ends with one longer round of resting
 * orders, whose throughput second by second shows whether the core slows down as open orders
 * pile up, then reads the account of that world.
 *
 * Latency is per request, from autocannon's send to the end of the answer (paced: see above),
 * over the answers with a 2xx status. Req/s counts answers completed within the round's duration.
 *
 * Run by hand (`npm run bench:http`, about 2.5 minutes), never as a timed assertion. It prints
 * Markdown rows for docs/BENCHMARKS.md, the ratios and the budgets of issue 10 with pass/miss,
 * and writes everything to bench/results/http.json (http-smoke.json, http-partial.json). Flags:
 * - `--smoke`: each target once for 0.3 s, except the autocannon overallRate pair (its limiter
 *   counts whole seconds), no warm-up, no decay round, no budgets: for CI, does it still run;
 * - `--only=key,key`: only these targets (keys in TARGETS), e.g. to profile one;
 * - `--cpu-prof`: runs the server under `node --cpu-prof`, profile in bench/results/profiles/.
 * The exit status is 1 when a round had errors, non-2xx answers or no answers at all.
 * The child is killed by its pid on the way out, also on errors and Ctrl-C.
 */
import autocannon from 'autocannon'
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { BARE_ROUTES as SERVER_BARE_ROUTES, FromServer, ToServer } from './http-server.js'
import { watchChild } from './ipc-child.js'
import { median, percentile } from './stats.js'

const args = process.argv.slice(2)
const SMOKE = args.includes('--smoke')
const CPU_PROF = args.includes('--cpu-prof')
const ONLY = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')

const CONNECTIONS = 50
const FIXED_RATE = 5_000
/** A rate the broker keeps up with (about half of what it answers closed-loop here). */
const LOW_RATE = 1_000
const ROUNDS = SMOKE ? 1 : 3
/** Seconds of a closed-loop round (each connection sends as soon as it has its answer). */
const CLOSED_S = SMOKE ? 0.3 : 3
const FIXED_S = SMOKE ? 0.3 : 4
/** Seconds of a warm-up round (JIT, connection set-up); none in a smoke run. */
const WARM_S = SMOKE ? 0 : 1
/** The full run's last round of resting orders, long enough for open orders to pile up. */
const DECAY_S = 10
/** Reading the account of that world, open orders and all. */
const LOADED_READ_S = 2
/** How long autocannon waits for an answer before counting a timeout. */
const REQUEST_TIMEOUT_S = 10
/** The whole run's bound; past it the child is killed and the run fails. */
const RUN_DEADLINE_MS = SMOKE ? 60_000 : 420_000

const SERVER_SCRIPT = fileURLToPath(new URL('./http-server.ts', import.meta.url))
const RESULT_DIR = fileURLToPath(new URL('./results/', import.meta.url))

const ACCOUNT = 'DEMO'
const SYMBOL = 'AAPL'
/**
 * One flat symbol (volatility 0: a manual clock and nothing moving it, so resting orders rest),
 * deep enough that a round's market orders never exhaust a side of the book, and an account with
 * cash for every resting buy of a round and shares to sell (short selling stays off, as by
 * default). No risk limits, no latency, no faults: the defaults.
 */
const WORLD = {
  seed: 7,
  clock: { mode: 'manual' },
  symbols: [{ symbol: SYMBOL, price: '100' }],
  marketConfig: { volatility: 0, spread: 10, liquidity: 1_000_000 },
  accounts: [
    {
      id: ACCOUNT,
      cash: '1000000000',
      positions: [{ symbol: SYMBOL, qty: '100000', avgEntryPrice: '100' }],
    },
  ],
}

const ORDERS_PATH = `/v1/accounts/${ACCOUNT}/orders`
/** The bare server's routes: a type-only import, since importing http-server.ts would run it. */
const BARE_ROUTES: typeof SERVER_BARE_ROUTES = {
  order: '/bench/bare/orders',
  quote: '/bench/bare/quote',
  account: '/bench/bare/account',
}
const RESTING = JSON.stringify({
  symbol: SYMBOL,
  side: 'buy',
  qty: '1',
  type: 'limit',
  limitPrice: '50',
  timeInForce: 'gtc',
})
const MARKET_BUY = JSON.stringify({ symbol: SYMBOL, side: 'buy', qty: '1', type: 'market' })
const MARKET_SELL = JSON.stringify({ symbol: SYMBOL, side: 'sell', qty: '1', type: 'market' })
const JSON_HEADERS = { 'content-type': 'application/json' }

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// The child, killed by pid whatever happens.

let child: ChildProcess | null = null

function kill(signal: NodeJS.Signals): void {
  try {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(child.pid, signal)
  } catch {
    // Already gone.
  }
}

process.on('exit', () => kill('SIGKILL'))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    kill('SIGKILL')
    process.exit(130)
  })
}
setTimeout(() => {
  console.error(`bench:http: still running after ${RUN_DEADLINE_MS} ms; giving up`)
  kill('SIGKILL')
  process.exit(1)
}, RUN_DEADLINE_MS).unref()

interface ServerChild {
  brokerUrl: string
  bareUrl: string
  request<T extends FromServer['type']>(
    message: ToServer,
    answer: T,
  ): Promise<Extract<FromServer, { type: T }>>
  stop(): Promise<void>
}

async function startServer(): Promise<ServerChild> {
  const profileDir = `${RESULT_DIR}profiles`
  if (CPU_PROF) mkdirSync(profileDir, { recursive: true })
  const forked = fork(SERVER_SCRIPT, [], {
    // This process's execArgv carries tsx's loader.
    execArgv: [
      ...process.execArgv,
      ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  child = forked
  const ipc = watchChild<ToServer, FromServer>(forked, 'bench:http: the server', () => {})
  const ready = await ipc.next('ready')
  return {
    brokerUrl: ready.brokerUrl,
    bareUrl: ready.bareUrl,
    request: ipc.request,
    async stop() {
      ipc.stopping()
      // Disconnecting lets the child exit normally, which is when --cpu-prof writes its file.
      if (forked.connected) forked.disconnect()
      await Promise.race([ipc.exited, sleep(10_000)])
      kill('SIGKILL')
      child = null
    },
  }
}

// Load.

type Kind = 'closed' | 'paced' | 'autocannon-rate'

interface Target {
  key: string
  label: string
  side: 'broker' | 'bare'
  kind: Kind
  /** Cycled through by each connection; paths are relative to the side's URL. */
  requests: autocannon.Request[]
  /** The bare target this one is compared with. */
  baseline?: string
  /** Requests a second offered by a `paced` or `autocannon-rate` target. */
  rate?: number
  /** The JSON body of an answer, for the table (set once samples are taken). */
  answerBytes: number
}

const post = (path: string, body: string): autocannon.Request => ({
  method: 'POST',
  path,
  body,
  headers: JSON_HEADERS,
})
const get = (path: string): autocannon.Request => ({ method: 'GET', path })

const TARGETS: Target[] = [
  {
    key: 'orders-resting',
    label: 'POST orders, resting limit',
    side: 'broker',
    kind: 'closed',
    requests: [post(ORDERS_PATH, RESTING)],
    baseline: 'bare-post',
    answerBytes: 0,
  },
  {
    key: 'bare-post',
    label: 'bare POST, order-sized',
    side: 'bare',
    kind: 'closed',
    requests: [post(BARE_ROUTES.order, RESTING)],
    answerBytes: 0,
  },
  {
    key: 'orders-marketable',
    label: 'POST orders, marketable (buy/sell)',
    side: 'broker',
    kind: 'closed',
    requests: [post(ORDERS_PATH, MARKET_BUY), post(ORDERS_PATH, MARKET_SELL)],
    baseline: 'bare-post',
    answerBytes: 0,
  },
  {
    key: 'quote',
    label: `GET /v1/quotes/${SYMBOL}`,
    side: 'broker',
    kind: 'closed',
    requests: [get(`/v1/quotes/${SYMBOL}`)],
    baseline: 'bare-get-quote',
    answerBytes: 0,
  },
  {
    key: 'bare-get-quote',
    label: 'bare GET, quote-sized',
    side: 'bare',
    kind: 'closed',
    requests: [get(BARE_ROUTES.quote)],
    answerBytes: 0,
  },
  {
    key: 'account',
    label: `GET /v1/accounts/${ACCOUNT}`,
    side: 'broker',
    kind: 'closed',
    requests: [get(`/v1/accounts/${ACCOUNT}`)],
    baseline: 'bare-get-account',
    answerBytes: 0,
  },
  {
    key: 'bare-get-account',
    label: 'bare GET, account-sized',
    side: 'bare',
    kind: 'closed',
    requests: [get(BARE_ROUTES.account)],
    answerBytes: 0,
  },
  {
    key: 'orders-resting-paced',
    label: 'POST orders, resting, 5,000/s paced',
    side: 'broker',
    kind: 'paced',
    rate: FIXED_RATE,
    requests: [post(ORDERS_PATH, RESTING)],
    baseline: 'bare-post-paced',
    answerBytes: 0,
  },
  {
    key: 'bare-post-paced',
    label: 'bare POST, 5,000/s paced',
    side: 'bare',
    kind: 'paced',
    rate: FIXED_RATE,
    requests: [post(BARE_ROUTES.order, RESTING)],
    answerBytes: 0,
  },
  {
    // Not a budget: the latency of a broker that keeps up, to tell queueing from service time.
    key: 'orders-resting-paced-low',
    label: `POST orders, resting, ${LOW_RATE.toLocaleString('en-US')}/s paced`,
    side: 'broker',
    kind: 'paced',
    rate: LOW_RATE,
    requests: [post(ORDERS_PATH, RESTING)],
    answerBytes: 0,
  },
  {
    key: 'orders-resting-rate',
    label: 'POST orders, resting, 5,000/s autocannon overallRate',
    side: 'broker',
    kind: 'autocannon-rate',
    rate: FIXED_RATE,
    requests: [post(ORDERS_PATH, RESTING)],
    baseline: 'bare-post-rate',
    answerBytes: 0,
  },
  {
    key: 'bare-post-rate',
    label: 'bare POST, 5,000/s autocannon overallRate',
    side: 'bare',
    kind: 'autocannon-rate',
    rate: FIXED_RATE,
    requests: [post(BARE_ROUTES.order, RESTING)],
    answerBytes: 0,
  },
]

/** autocannon's per-connection client, as far as pacing needs it (not in its types). */
interface ClientInternals {
  _doRequest(): void
  destroyed: boolean
}

/**
 * Spreads `rate` requests a second evenly over the connections. autocannon's own limiter sends
 * each connection's quota back to back at the top of every second, which is a burst, not a rate.
 * Each connection's next send is due `connections / rate` after its previous one; a send the
 * timer can make on time is measured from when it went (the timer's own lateness is the client's,
 * not the server's), one the previous answer held back is measured from when it was due.
 */
function pacer(rate: number, connections: number) {
  const intervalMs = (1000 * connections) / rate
  // Lets every connection be opened before the first send is due.
  const startMs = performance.now() + 20
  const origins = new Map<autocannon.Client, number[]>()
  let index = 0
  return {
    setupClient(client: autocannon.Client): void {
      const internals = client as unknown as ClientInternals
      const send = internals._doRequest.bind(client)
      const phaseMs = (index++ * intervalMs) / connections
      const queue: number[] = []
      origins.set(client, queue)
      let sent = 0
      internals._doRequest = () => {
        const dueMs = startMs + phaseMs + sent++ * intervalMs
        const waitMs = dueMs - performance.now()
        if (waitMs > 0) {
          setTimeout(() => {
            if (internals.destroyed) return
            queue.push(performance.now())
            send()
          }, waitMs)
        } else if (!internals.destroyed) {
          queue.push(dueMs)
          send()
        }
      }
    },
    /** The latency of the answer `client` just received. */
    latency(client: autocannon.Client, nowMs: number): number {
      const origin = origins.get(client)?.shift()
      return origin === undefined ? Number.NaN : nowMs - origin
    },
  }
}

interface Round {
  key: string
  seconds: number
  /** 2xx answers completed within the round's duration, a second. */
  reqPerS: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  answers: number
  non2xx: number
  errors: number
  timeouts: number
  /** 2xx answers completed in each second of the round (the last one may be partial). */
  perSecond: number[]
  serverCpuMs: number
  /** Of which in the kernel (loopback TCP: a send also delivers to the client's socket). */
  serverSystemMs: number
  /** The server's event-loop utilisation over the round (1: never idle). */
  serverElu: number
  clientCpuMs: number
  /** Of the broker's world after the round. */
  orders?: number
  openOrders?: number
  statuses?: Record<string, number>
  positionQty?: string
  loadAvg1m: number
}

async function cannon(server: ServerChild, target: Target, seconds: number): Promise<Round> {
  const base = target.side === 'broker' ? server.brokerUrl : server.bareUrl
  const latencies: number[] = []
  const perSecond: number[] = []
  let non2xx = 0
  let inWindow = 0
  const rate = target.rate ?? FIXED_RATE
  const paced = target.kind === 'paced' ? pacer(rate, CONNECTIONS) : null
  await server.request({ type: 'mark' }, 'marked')
  const cpuMark = process.cpuUsage()
  const startMs = performance.now()
  const endMs = startMs + seconds * 1000
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${base}${target.requests[0]?.path ?? '/'}`,
        connections: CONNECTIONS,
        duration: seconds,
        // autocannon checks for the end of the round once a sample: often, for short rounds.
        sampleInt: 100,
        timeout: REQUEST_TIMEOUT_S,
        requests: target.requests,
        ...(target.kind === 'autocannon-rate' ? { overallRate: rate } : {}),
        ...(paced === null ? {} : { setupClient: paced.setupClient }),
      },
      (error: unknown, result) => (error ? reject(error as Error) : resolve(result)),
    )
    instance.on('response', (client, statusCode, _bytes, responseTimeMs) => {
      const nowMs = performance.now()
      const latencyMs = paced === null ? responseTimeMs : paced.latency(client, nowMs)
      if (statusCode < 200 || statusCode >= 300) {
        non2xx++
        return
      }
      latencies.push(latencyMs)
      if (nowMs > endMs) return
      inWindow++
      const second = Math.floor((nowMs - startMs) / 1000)
      perSecond[second] = (perSecond[second] ?? 0) + 1
    })
  })
  const cpu = process.cpuUsage(cpuMark)
  const usage = await server.request({ type: 'usage' }, 'usage')
  const sorted = Float64Array.from(latencies).sort()
  const round: Round = {
    key: target.key,
    seconds,
    reqPerS: inWindow / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    answers: latencies.length,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    perSecond: Array.from(perSecond, (n) => n ?? 0),
    serverCpuMs: usage.cpuMs,
    serverSystemMs: usage.systemMs,
    serverElu: usage.elu,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    loadAvg1m: loadavg()[0] ?? Number.NaN,
  }
  if (target.side === 'broker') {
    const stats = await server.request(
      { type: 'stats', accountId: ACCOUNT, symbol: SYMBOL },
      'stats',
    )
    round.orders = stats.orders
    round.openOrders = stats.openOrders
    round.statuses = stats.statuses
    round.positionQty = stats.positionQty
  }
  return round
}

/** Nearest-rank percentile of sorted values. */
// The broker over HTTP, outside the measured rounds.

async function http(url: string, method: string, path: string, body?: string): Promise<string> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: JSON_HEADERS,
    ...(body === undefined ? {} : { body }),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text
}

async function freshWorld(server: ServerChild): Promise<void> {
  await http(server.brokerUrl, 'POST', '/mock/configure', JSON.stringify(WORLD))
}

/** Gives the bare routes the broker's answers, so both sides send the same bytes. */
async function takeSamples(server: ServerChild): Promise<void> {
  await freshWorld(server)
  const quote = await http(server.brokerUrl, 'GET', `/v1/quotes/${SYMBOL}`)
  const account = await http(server.brokerUrl, 'GET', `/v1/accounts/${ACCOUNT}`)
  const order = await http(server.brokerUrl, 'POST', ORDERS_PATH, RESTING)
  const marketOrder = await http(server.brokerUrl, 'POST', ORDERS_PATH, MARKET_BUY)
  await server.request({ type: 'samples', order, quote, account }, 'samples')
  const bytes: Record<string, number> = {
    'orders-resting': order.length,
    'orders-marketable': marketOrder.length,
    quote: quote.length,
    account: account.length,
  }
  for (const target of TARGETS) {
    const like = target.requests[0]?.path
    target.answerBytes =
      bytes[target.key] ??
      (like === BARE_ROUTES.quote
        ? quote.length
        : like === BARE_ROUTES.account
          ? account.length
          : order.length)
  }
}

async function round(server: ServerChild, target: Target, seconds: number): Promise<Round> {
  if (target.side === 'broker') await freshWorld(server)
  const result = await cannon(server, target, seconds)
  const open = result.openOrders === undefined ? '' : `, ${result.openOrders} open orders`
  console.error(
    `  ${target.key}: ${Math.round(result.reqPerS)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
      `p99 ${result.p99Ms.toFixed(2)} ms, server ELU ${result.serverElu.toFixed(2)}${open}` +
      (result.non2xx + result.errors > 0
        ? `, ${result.non2xx} non-2xx, ${result.errors} errors`
        : ''),
  )
  return result
}

// The report.

function summary(target: Target, rounds: Round[]) {
  const of = (pick: (r: Round) => number) => median(rounds.map(pick))
  const reqPerS = of((r) => r.reqPerS)
  return {
    key: target.key,
    label: target.label,
    side: target.side,
    kind: target.kind,
    rate: target.kind === 'closed' ? null : (target.rate ?? FIXED_RATE),
    requestBytes: Buffer.byteLength(target.requests[0]?.body?.toString() ?? ''),
    answerBytes: target.answerBytes,
    reqPerS,
    p50Ms: of((r) => r.p50Ms),
    p99Ms: of((r) => r.p99Ms),
    serverCpuUsPerReq: of((r) => (r.serverCpuMs * 1000) / Math.max(1, r.answers)),
    serverSystemUsPerReq: of((r) => (r.serverSystemMs * 1000) / Math.max(1, r.answers)),
    serverElu: of((r) => r.serverElu),
    clientCpuUsPerReq: of((r) => (r.clientCpuMs * 1000) / Math.max(1, r.answers)),
    openOrders: target.side === 'broker' ? of((r) => r.openOrders ?? Number.NaN) : null,
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
  }
}

type Summary = ReturnType<typeof summary>

/** The broker target over its baseline, per round pair (same position in the run), median. */
function pairedRatio(
  rounds: Map<string, Round[]>,
  key: string,
  baseline: string,
  pick: (r: Round) => number,
): { median: number; each: number[] } {
  const ours = rounds.get(key) ?? []
  const theirs = rounds.get(baseline) ?? []
  const each = ours.flatMap((r, i) => {
    const b = theirs[i]
    return b === undefined ? [] : [pick(r) / pick(b)]
  })
  return { median: median(each), each }
}

const int = (n: number) => (Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'))
const ms = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(2))
const x = (n: number) => (Number.isNaN(n) ? '–' : `×${n.toFixed(2)}`)

function printTable(rows: Summary[]): void {
  const date = new Date().toISOString().slice(0, 10)
  console.log(
    `${CONNECTIONS} connections on loopback; per target ${WARM_S > 0 ? 'a warm-up round, then ' : ''}` +
      `the median of ${ROUNDS} round(s) of ${CLOSED_S} s (fixed rate: ${FIXED_S} s), broker and ` +
      'bare rounds interleaved',
  )
  console.log(
    '| date | node | target | offered | req B | answer B | req/s | p50 ms | p99 ms | server CPU µs/req | server ELU | open orders at end |',
  )
  console.log('| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const s of rows) {
    const offered = s.rate === null ? `${CONNECTIONS} conns` : `${int(s.rate)}/s`
    console.log(
      `| ${date} | ${process.version} | ${s.label} | ${offered} | ${s.requestBytes} | ` +
        `${s.answerBytes} | ${int(s.reqPerS)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ` +
        `${int(s.serverCpuUsPerReq)} | ${s.serverElu.toFixed(2)} | ` +
        `${s.openOrders === null ? '' : int(s.openOrders)} |`,
    )
  }
}

interface Budget {
  name: string
  measured: string
  pass: boolean
}

function budgets(rows: Map<string, Summary>, rounds: Map<string, Round[]>): Budget[] {
  const out: Budget[] = []
  const ratioBudget = (key: string, baseline: string, floor: number, what: string) => {
    if (!rows.has(key) || !rows.has(baseline)) return
    const ratio = pairedRatio(rounds, key, baseline, (r) => r.reqPerS).median
    out.push({
      name: `${what} req/s ≥ ${x(floor)} bare`,
      measured: x(ratio),
      pass: ratio >= floor,
    })
  }
  ratioBudget('orders-resting', 'bare-post', 0.6, 'order submit (resting)')
  ratioBudget('orders-marketable', 'bare-post', 0.6, 'order submit (marketable)')
  ratioBudget('quote', 'bare-get-quote', 0.8, 'quote read')
  ratioBudget('account', 'bare-get-account', 0.8, 'account read')
  const paced = rows.get('orders-resting-paced')
  if (paced !== undefined) {
    // A p99 is only one at the rate asked for: a server that falls behind has not met it.
    const kept = paced.reqPerS >= 0.98 * FIXED_RATE
    out.push({
      name: `order submit p99 ≤ 5 ms at ${int(FIXED_RATE)}/s (paced; achieved ≥ 98% of it)`,
      measured: `p99 ${ms(paced.p99Ms)} ms at ${int(paced.reqPerS)}/s`,
      pass: paced.p99Ms <= 5 && kept,
    })
  }
  return out
}

async function main(): Promise<void> {
  const startedMs = performance.now()
  const loadBefore = loadavg()
  const targets =
    ONLY !== undefined
      ? TARGETS.filter((t) => ONLY.includes(t.key))
      : TARGETS.filter((t) => !SMOKE || t.kind !== 'autocannon-rate')
  if (targets.length === 0) throw new Error(`--only matches none of ${TARGETS.map((t) => t.key)}`)
  const server = await startServer()
  const rounds = new Map<string, Round[]>(targets.map((t) => [t.key, []]))
  const warmUps: Round[] = []
  let decay: { resting: Round; loadedAccount: Round } | null = null
  try {
    await takeSamples(server)
    for (let i = WARM_S > 0 ? 0 : 1; i <= ROUNDS; i++) {
      console.error(i === 0 ? 'warm-up' : `round ${i} of ${ROUNDS}`)
      for (const target of targets) {
        const seconds = i === 0 ? WARM_S : target.kind === 'closed' ? CLOSED_S : FIXED_S
        const result = await round(server, target, seconds)
        if (i === 0) warmUps.push(result)
        else rounds.get(target.key)?.push(result)
      }
    }
    const resting = targets.find((t) => t.key === 'orders-resting')
    const account = targets.find((t) => t.key === 'account')
    if (!SMOKE && resting !== undefined && account !== undefined) {
      console.error(`${DECAY_S} s of resting orders, then the account of that world`)
      const restingRound = await round(server, resting, DECAY_S)
      // No fresh world: the point is reading the account while those orders are open.
      decay = { resting: restingRound, loadedAccount: await cannon(server, account, LOADED_READ_S) }
    }
  } finally {
    await server.stop()
  }
  report(targets, rounds, warmUps, decay, startedMs, loadBefore)
}

function report(
  targets: Target[],
  rounds: Map<string, Round[]>,
  warmUps: Round[],
  decay: { resting: Round; loadedAccount: Round } | null,
  startedMs: number,
  loadBefore: number[],
): void {
  const loadAfter = loadavg()
  const rows = new Map(targets.map((t) => [t.key, summary(t, rounds.get(t.key) ?? [])]))
  printTable([...rows.values()])

  const ratios: Record<
    string,
    { reqPerS: number; p99: number; eachReqPerS: number[]; cpuPerReq: number }
  > = {}
  for (const target of targets) {
    if (target.baseline === undefined || !rows.has(target.baseline)) continue
    const reqPerS = pairedRatio(rounds, target.key, target.baseline, (r) => r.reqPerS)
    const p99 = pairedRatio(rounds, target.key, target.baseline, (r) => r.p99Ms)
    // Bare CPU per request over the broker's: the req/s ratio of two servers bound by their CPU,
    // which moves less with the machine's load than req/s does.
    const cpu = pairedRatio(rounds, target.key, target.baseline, (r) => r.answers / r.serverCpuMs)
    ratios[target.key] = {
      reqPerS: reqPerS.median,
      p99: p99.median,
      eachReqPerS: reqPerS.each,
      cpuPerReq: cpu.median,
    }
  }
  console.log('')
  console.log('broker / bare, median of the interleaved round pairs:')
  for (const [key, ratio] of Object.entries(ratios)) {
    const each = ratio.eachReqPerS.map((n) => n.toFixed(2)).join(', ')
    console.log(
      `- ${key}: req/s ${x(ratio.reqPerS)} (rounds ${each}), p99 ${x(ratio.p99)}, ` +
        `server CPU per request (bare / broker) ${x(ratio.cpuPerReq)}`,
    )
  }

  const checked = SMOKE ? [] : budgets(rows, rounds)
  if (checked.length > 0) {
    console.log('')
    console.log('| budget (issue 10) | measured | |')
    console.log('| --- | --- | --- |')
    for (const b of checked)
      console.log(`| ${b.name} | ${b.measured} | ${b.pass ? 'pass' : 'miss'} |`)
  }

  if (decay !== null) {
    const { resting, loadedAccount } = decay
    console.log('')
    console.log(
      `resting orders for ${DECAY_S} s: req/s each second ${resting.perSecond.map(int).join(', ')}; ` +
        `${int(resting.openOrders ?? Number.NaN)} open orders at the end`,
    )
    console.log(
      `GET /v1/accounts/${ACCOUNT} with those orders open: ${int(loadedAccount.reqPerS)} req/s, ` +
        `p50 ${ms(loadedAccount.p50Ms)} ms, p99 ${ms(loadedAccount.p99Ms)} ms`,
    )
  }

  const fmtLoad = (l: number[]) => l.map((n) => n.toFixed(2)).join(' ')
  console.log('')
  console.log(`load average: ${fmtLoad(loadBefore)} before, ${fmtLoad(loadAfter)} after`)

  const all = [...rounds.values()].flat().concat(warmUps, decay ? [decay.resting] : [])
  const broken = all.filter(
    (r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r.answers === 0,
  )
  for (const r of broken)
    console.log(
      `ERROR: ${r.key}: ${r.answers} answers, ${r.non2xx} non-2xx, ${r.errors} errors, ` +
        `${r.timeouts} timeouts`,
    )

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    smoke: SMOKE,
    connections: CONNECTIONS,
    fixedRate: FIXED_RATE,
    roundsPerTarget: ROUNDS,
    seconds: { closed: CLOSED_S, fixed: FIXED_S, warmUp: WARM_S },
    loadAvg: { before: loadBefore, after: loadAfter },
    wallMs: Math.round(performance.now() - startedMs),
    summary: [...rows.values()],
    ratios,
    budgets: checked,
    decay,
    rounds: Object.fromEntries(rounds),
    warmUps,
  }
  // bench/results/ is gitignored.
  mkdirSync(RESULT_DIR, { recursive: true })
  // A smoke or partial run must not replace the last full one.
  const file = SMOKE ? 'http-smoke.json' : ONLY !== undefined ? 'http-partial.json' : 'http.json'
  writeFileSync(`${RESULT_DIR}${file}`, `${JSON.stringify(result, null, 2)}\n`)
  console.log(`wrote bench/results/${file}; ${(result.wallMs / 1000).toFixed(1)} s in all`)
  if (broken.length > 0) process.exitCode = 1
}

try {
  await main()
} finally {
  kill('SIGKILL')
}
// autocannon leaves a request-timeout timer armed for up to REQUEST_TIMEOUT_S after its last
// round; nothing is left to wait for.
process.exit()
