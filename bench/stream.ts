/**
 * Stream fan-out: how many events a second socket.io delivers to 100 clients of one account, and
 * how long an event takes from the moment it happens to a client's handler (p50, p99), for the
 * mock-broker and, as the baseline, a bare socket.io server sending payloads of the same size.
 *
 * The server runs in a child process (`bench/stream-server.ts`) and the 100 clients in this one, so
 * on a 2-core machine each side has a core. Everything is on loopback.
 *
 * Variants, each a warm-up round then `ROUNDS` measured rounds (the table shows their medians):
 * - `broker fills burst`: BURST resting limit buys, then one `price_jump` through them: BURST
 *   fill events from one command (sim cost included: the matching pass, the journal, its hash);
 * - `broker quotes burst`: one `/mock/advance` over BURST quote ticks (cheap in the sim, so this is
 *   closest to the fan-out alone);
 * - `broker fills paced`: PACED market orders over HTTP, one after the other, one fill each: the
 *   latency of an event on a server that is not saturated;
 * - `raw burst` and `raw paced`: the baseline, a bare socket.io server emitting a captured fill
 *   envelope to the same room shape, all at once or at the broker's paced rate.
 *
 * Measured: an event's emit time is when the broker's journal appended it (raw: just before the
 * emit), recorded in the server process; its receive time is when a client's handler ran. The two
 * processes' clocks (`performance.timeOrigin + performance.now()`) are aligned over IPC (the
 * offset with the smallest round trip). Delivered events/s = events received by all clients
 * together / (last receive − first emit). Latency is per event per client.
 *
 * Run by hand (`npm run bench:stream`, under a minute), never in tests. It prints one Markdown row
 * per variant for docs/BENCHMARKS.md and writes the whole result to bench/results/stream.json.
 * Every child it starts is killed by its pid on the way out, also on errors and Ctrl-C.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { io, type Socket } from 'socket.io-client'
import type { FromServer, ToServer } from './stream-server.js'

const CLIENTS = 100
const BURST = 1_000
const PACED = 200
const ROUNDS = 3
/** The whole run's bound; past it the children are killed and the run fails. */
const RUN_DEADLINE_MS = 90_000
/** How long one round may wait for every client to receive every event. */
const ROUND_DEADLINE_MS = 20_000

const SERVER_SCRIPT = fileURLToPath(new URL('./stream-server.ts', import.meta.url))
const RESULT_DIR = fileURLToPath(new URL('./results/', import.meta.url))

/** A flat, deep one-symbol world with cash for every order of a round. */
const WORLD = {
  seed: 7,
  symbols: [{ symbol: 'AAPL', price: '100' }],
  marketConfig: { volatility: 0, spread: 10, liquidity: 1_000_000, updateFrequency: 100 },
  accounts: [{ id: 'DEMO', cash: '1000000000' }],
}

const wallMs = (): number => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// Children, killed by pid whatever happens.

const children = new Set<ChildProcess>()

function running(child: ChildProcess): child is ChildProcess & { pid: number } {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (running(child)) process.kill(child.pid, signal)
  } catch {
    // Already gone.
  }
}

function killChildren(): void {
  for (const child of children) kill(child, 'SIGKILL')
  children.clear()
}

process.on('exit', killChildren)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killChildren()
    process.exit(130)
  })
}
setTimeout(() => {
  console.error(`bench:stream: still running after ${RUN_DEADLINE_MS} ms; giving up`)
  killChildren()
  process.exit(1)
}, RUN_DEADLINE_MS).unref()

interface ServerChild {
  url: string
  request<T extends FromServer['type']>(
    message: ToServer,
    answer: T,
  ): Promise<Extract<FromServer, { type: T }>>
  stop(): Promise<void>
}

async function startServer(mode: 'broker' | 'raw'): Promise<ServerChild> {
  // Inherits this process's execArgv, which carries tsx's loader.
  const child = fork(SERVER_SCRIPT, [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  children.add(child)
  const waiting = new Map<string, (message: FromServer) => void>()
  let stopping = false
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => {
    if (stopping) return
    // A run without its server is void: stop everything now rather than wait for deadlines.
    console.error(
      `bench:stream: the ${mode} server exited (code ${child.exitCode}, signal ${child.signalCode})`,
    )
    killChildren()
    process.exit(1)
  })
  child.on('message', (message: FromServer) => {
    const resolve = waiting.get(message.type)
    waiting.delete(message.type)
    resolve?.(message)
  })
  const next = <T extends FromServer['type']>(type: T) =>
    new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${mode} server: no ${type}`)), 30_000)
      waiting.set(type, (message) => {
        clearTimeout(timer)
        resolve(message as Extract<FromServer, { type: T }>)
      })
    })
  const ready = await next('ready')
  const server: ServerChild = {
    url: ready.url,
    request(message, answer) {
      const reply = next(answer)
      child.send(message)
      return reply
    },
    async stop() {
      stopping = true
      kill(child, 'SIGTERM')
      await Promise.race([exited, sleep(5_000)])
      kill(child, 'SIGKILL')
      children.delete(child)
    },
  }
  return server
}

/**
 * The server's clock minus ours, from the IPC round trip with the smallest delay (which bounds
 * the error: half of it).
 */
async function clockOffset(server: ServerChild): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { rttMs: Number.POSITIVE_INFINITY, offsetMs: 0 }
  for (let id = 0; id < 50; id++) {
    const sentMs = wallMs()
    const { nowMs } = await server.request({ type: 'clock', id }, 'clock')
    const backMs = wallMs()
    const rttMs = backMs - sentMs
    if (rttMs < best.rttMs) best = { rttMs, offsetMs: nowMs - (sentMs + backMs) / 2 }
  }
  return best
}

// The clients.

class Clients {
  readonly sockets: Socket[] = []
  /** Per client, events received this round. */
  counts = new Int32Array(CLIENTS)
  rxSeq: number[] = []
  rxMs: number[] = []
  /** The first envelope received, to give the raw server the same payload. */
  sample: Record<string, unknown> | null = null

  async connect(url: string): Promise<void> {
    for (let i = 0; i < CLIENTS; i++) {
      const socket = io(`${url}/v1`, {
        auth: { accountId: 'DEMO' },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      })
      const onEvent = (envelope: { seq: number }) => {
        this.rxMs.push(wallMs())
        this.rxSeq.push(envelope.seq)
        this.counts[i] = (this.counts[i] as number) + 1
        this.sample ??= envelope as unknown as Record<string, unknown>
      }
      socket.on('fill', onEvent)
      socket.on('quote', onEvent)
      this.sockets.push(socket)
    }
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve())
            socket.once('connect_error', reject)
          }),
      ),
    )
  }

  async call(event: 'subscribe' | 'unsubscribe', channels: string[]): Promise<void> {
    const acks = await Promise.all(
      this.sockets.map((s) => s.timeout(10_000).emitWithAck(event, { channels })),
    )
    const bad = acks.find((ack: { ok?: boolean }) => ack.ok !== true)
    if (bad !== undefined) throw new Error(`${event} refused: ${JSON.stringify(bad)}`)
  }

  reset(): void {
    this.counts = new Int32Array(CLIENTS)
    this.rxSeq = []
    this.rxMs = []
  }

  /** Waits until every client has `expected` events, or the round's deadline. */
  async settle(expected: number): Promise<void> {
    const deadline = performance.now() + ROUND_DEADLINE_MS
    while (this.counts.some((n) => n < expected) && performance.now() < deadline) await sleep(2)
  }

  close(): void {
    for (const socket of this.sockets) socket.close()
    this.sockets.length = 0
  }
}

// Rounds.

interface Round {
  events: number
  delivered: number
  lost: number
  spanMs: number
  eventsPerSecond: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** The median over events of the latency to the first client that got it. */
  firstClientP50Ms: number
  serverCpuMs: number
  clientsCpuMs: number
  /** The IPC round trip the clocks were aligned with (the alignment is within half of it). */
  clockRttMs: number
}

async function measure(
  server: ServerChild,
  clients: Clients,
  events: number,
  trigger: () => Promise<void>,
): Promise<Round> {
  const clock = await clockOffset(server)
  clients.reset()
  await server.request({ type: 'mark' }, 'marked')
  const cpuMark = process.cpuUsage()
  await trigger()
  await clients.settle(events)
  const cpu = process.cpuUsage(cpuMark)
  const { seqs, times, cpuMs } = await server.request({ type: 'times' }, 'times')
  const emitMs = new Map<number, number>()
  seqs.forEach((seq, i) => emitMs.set(seq, (times[i] as number) - clock.offsetMs))
  const latencies = new Float64Array(clients.rxSeq.length)
  const firstClientMs = new Map<number, number>()
  let firstEmitMs = Number.POSITIVE_INFINITY
  let lastRxMs = Number.NEGATIVE_INFINITY
  clients.rxSeq.forEach((seq, i) => {
    const emitted = emitMs.get(seq)
    const received = clients.rxMs[i] as number
    if (emitted === undefined) throw new Error(`received seq ${seq}, which the server never sent`)
    latencies[i] = received - emitted
    firstClientMs.set(seq, Math.min(firstClientMs.get(seq) ?? Infinity, received - emitted))
    firstEmitMs = Math.min(firstEmitMs, emitted)
    lastRxMs = Math.max(lastRxMs, received)
  })
  latencies.sort()
  const delivered = latencies.length
  const spanMs = lastRxMs - firstEmitMs
  return {
    events,
    delivered,
    lost: events * CLIENTS - delivered,
    spanMs,
    eventsPerSecond: delivered / (spanMs / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[delivered - 1] ?? Number.NaN,
    firstClientP50Ms: percentile(Float64Array.from(firstClientMs.values()).sort(), 0.5),
    serverCpuMs: cpuMs,
    clientsCpuMs: (cpu.user + cpu.system) / 1000,
    clockRttMs: clock.rttMs,
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

// The broker over HTTP.

async function http(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return JSON.parse(text)
}

/** Runs `task(0..count-1)`, `width` at a time. */
async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++)
    }),
  )
}

const ORDERS = '/v1/accounts/DEMO/orders'
const LIMIT_BUY = { symbol: 'AAPL', side: 'buy', qty: '1', type: 'limit', limitPrice: '99' }
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', qty: '1', type: 'market' }

// The variants.

interface Variant {
  label: string
  events: number
  /** One round: set-up (not measured), then `measure`. */
  round(): Promise<Round>
  /** A payload this variant delivered, once a round has run. */
  payload(): Record<string, unknown> | null
  rounds: Round[]
  warmUp: Round | null
  /** Wall time of all its rounds, set-up and warm-up included. */
  wallMs: number
}

interface Side {
  server: ServerChild
  clients: Clients
}

function brokerVariants({ server, clients }: Side): Variant[] {
  const { url } = server
  const configure = () => http(url, 'POST', '/mock/configure', WORLD)
  /** A payload each variant delivered, by label. */
  const samples = new Map<string, Record<string, unknown>>()
  /** Subscribes the clients to `channel` for one round of `label`, and keeps a payload. */
  const on = async (channel: string, label: string, run: () => Promise<Round>) => {
    await clients.call('subscribe', [channel])
    clients.sample = null
    try {
      return await run()
    } finally {
      if (!samples.has(label) && clients.sample !== null) samples.set(label, clients.sample)
      await clients.call('unsubscribe', [channel])
    }
  }
  const variantOn = (
    label: string,
    events: number,
    channel: string,
    prepare: () => Promise<unknown>,
    trigger: () => Promise<void>,
  ) =>
    variant(
      label,
      events,
      () => samples.get(label) ?? null,
      async () => {
        await prepare()
        return on(channel, label, () => measure(server, clients, events, trigger))
      },
    )
  return [
    variantOn(
      'broker fills burst',
      BURST,
      'fills',
      async () => {
        await configure()
        // Resting buys below the ask (100.05)...
        await inParallel(BURST, 16, () => http(url, 'POST', ORDERS, LIMIT_BUY))
      },
      // ...all filled by the one command that moves the market through them.
      async () => {
        await http(url, 'POST', '/mock/inject', {
          type: 'market',
          event: { kind: 'price_jump', symbol: 'AAPL', price: '98' },
        })
      },
    ),
    variantOn('broker quotes burst', BURST, 'quotes:AAPL', configure, async () => {
      await http(url, 'POST', '/mock/advance', { ms: BURST * WORLD.marketConfig.updateFrequency })
    }),
    variantOn('broker fills paced', PACED, 'fills', configure, async () => {
      for (let i = 0; i < PACED; i++) await http(url, 'POST', ORDERS, MARKET_BUY)
    }),
  ]
}

/**
 * The baseline: a bare socket.io server sending what the broker sent in the variant of the same
 * index (its payload; for paced, at the rate of the broker's last paced round).
 */
function rawVariants({ server, clients }: Side, broker: Variant[]): Variant[] {
  const [fills, quotes, paced] = broker as [Variant, Variant, Variant]
  const of = (source: Variant) => {
    const payload = source.payload()
    if (payload === null) throw new Error(`${source.label} delivered nothing`)
    return payload
  }
  const burst = (source: Variant) => () =>
    measure(server, clients, BURST, async () => {
      await server.request({ type: 'burst', count: BURST, payload: of(source) }, 'sent')
    })
  return [
    variant('raw socket.io burst, fill-sized', BURST, () => fills.payload(), burst(fills)),
    variant('raw socket.io burst, quote-sized', BURST, () => quotes.payload(), burst(quotes)),
    variant(
      'raw socket.io paced, fill-sized',
      PACED,
      () => paced.payload(),
      () => {
        const last = paced.rounds.at(-1) ?? paced.warmUp
        if (last === null) throw new Error(`${paced.label} has not run`)
        const intervalMs = last.spanMs / PACED
        return measure(server, clients, PACED, async () => {
          await server.request(
            { type: 'paced', count: PACED, intervalMs, payload: of(paced) },
            'sent',
          )
        })
      },
    ),
  ]
}

function variant(
  label: string,
  events: number,
  payload: () => Record<string, unknown> | null,
  run: () => Promise<Round>,
): Variant {
  const out: Variant = {
    label,
    events,
    payload,
    rounds: [],
    warmUp: null,
    wallMs: 0,
    async round() {
      const startedMs = performance.now()
      const round = await run()
      out.wallMs += Math.round(performance.now() - startedMs)
      return round
    },
  }
  return out
}

// The report.

function summary(variant: Variant) {
  const of = (key: keyof Round) => median(variant.rounds.map((r) => r[key]))
  const payload = variant.payload()
  return {
    label: variant.label,
    events: variant.events,
    payloadBytes: payload === null ? 0 : Buffer.byteLength(JSON.stringify(payload)),
    eventsPerSecond: of('eventsPerSecond'),
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    firstClientP50Ms: of('firstClientP50Ms'),
    spanMs: of('spanMs'),
    serverCpuMs: of('serverCpuMs'),
    clientsCpuMs: of('clientsCpuMs'),
    lost: variant.rounds.reduce((sum, r) => sum + r.lost, 0),
  }
}

type Summary = ReturnType<typeof summary>

function printTable(rows: Summary[]): void {
  const date = new Date().toISOString().slice(0, 10)
  const int = (n: number) => Math.round(n).toLocaleString('en-US')
  const ms = (n: number) => n.toFixed(1)
  console.log(
    `${CLIENTS} clients of one account on loopback; per variant a warm-up round, then the ` +
      `median of ${ROUNDS} rounds (broker and raw rounds interleaved)`,
  )
  console.log(
    '| date | node | variant | events × clients | payload B | delivered events/s | p50 ms | p99 ms | first client p50 ms | server CPU ms | clients CPU ms |',
  )
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const s of rows) {
    console.log(
      `| ${date} | ${process.version} | ${s.label} | ${int(s.events)} × ${CLIENTS} | ` +
        `${int(s.payloadBytes)} | ${int(s.eventsPerSecond)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ` +
        `${ms(s.firstClientP50Ms)} | ${int(s.serverCpuMs)} | ${int(s.clientsCpuMs)} |`,
    )
  }
}

async function startSide(mode: 'broker' | 'raw'): Promise<Side> {
  const server = await startServer(mode)
  const clients = new Clients()
  await clients.connect(server.url)
  return { server, clients }
}

async function main(): Promise<void> {
  const startedMs = performance.now()
  const sides: Side[] = []
  try {
    const brokerSide = await startSide('broker')
    sides.push(brokerSide)
    const rawSide = await startSide('raw')
    sides.push(rawSide)
    await rawSide.clients.call('subscribe', ['fills'])
    const broker = brokerVariants(brokerSide)
    const raw = rawVariants(rawSide, broker)
    // Broker and raw take turns, so a change in the machine's load hits both alike.
    const order = [broker[0], raw[0], broker[1], raw[1], broker[2], raw[2]] as Array<Variant>
    for (let i = 0; i <= ROUNDS; i++) {
      for (const v of order) {
        const round = await v.round()
        if (i === 0) v.warmUp = round
        else v.rounds.push(round)
      }
    }
    report([...broker, ...raw], startedMs)
  } finally {
    for (const { server, clients } of sides) {
      clients.close()
      await server.stop()
    }
  }
}

function report(variants: Variant[], startedMs: number): void {
  const rows = variants.map(summary)
  printTable(rows)
  const [fillsBurst, quotesBurst, fillsPaced, rawFills, rawQuotes, rawPaced] = rows as [
    Summary,
    Summary,
    Summary,
    Summary,
    Summary,
    Summary,
  ]
  const ratios = {
    fillsBurstEventsPerSecond: fillsBurst.eventsPerSecond / rawFills.eventsPerSecond,
    quotesBurstEventsPerSecond: quotesBurst.eventsPerSecond / rawQuotes.eventsPerSecond,
    fillsBurstP99: fillsBurst.p99Ms / rawFills.p99Ms,
    quotesBurstP99: quotesBurst.p99Ms / rawQuotes.p99Ms,
    pacedP99: fillsPaced.p99Ms / rawPaced.p99Ms,
  }
  const x = (n: number) => `×${n.toFixed(2)}`
  console.log(
    `broker / raw events/s: fills burst ${x(ratios.fillsBurstEventsPerSecond)}, ` +
      `quotes burst ${x(ratios.quotesBurstEventsPerSecond)}; ` +
      `p99: fills burst ${x(ratios.fillsBurstP99)}, quotes burst ${x(ratios.quotesBurstP99)}, ` +
      `paced ${x(ratios.pacedP99)}`,
  )
  const lost = rows.reduce((sum, s) => sum + s.lost, 0)
  if (lost > 0) console.log(`WARNING: ${lost} deliveries missing after ${ROUND_DEADLINE_MS} ms`)

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    clients: CLIENTS,
    burst: BURST,
    paced: PACED,
    rounds: ROUNDS,
    wallMs: Math.round(performance.now() - startedMs),
    summary: rows,
    ratios,
    variants: variants.map(({ label, events, wallMs, rounds }) => ({
      label,
      events,
      wallMs,
      rounds,
    })),
  }
  // bench/results/ is gitignored.
  mkdirSync(RESULT_DIR, { recursive: true })
  writeFileSync(`${RESULT_DIR}stream.json`, `${JSON.stringify(result, null, 2)}\n`)
  console.log(`wrote bench/results/stream.json; ${(result.wallMs / 1000).toFixed(1)} s in all`)
}

try {
  await main()
} finally {
  killChildren()
}
