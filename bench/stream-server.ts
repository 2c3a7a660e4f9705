/**
 * The server half of `bench/stream.ts`, forked by it so the server and the 100 clients run on
 * different cores. Not run by hand.
 *
 * `tsx bench/stream-server.ts broker`: a mock-broker on a free loopback port; the parent drives it
 * over HTTP like any user, except in fixed-rate rounds (below). `tsx bench/stream-server.ts raw`:
 * a bare socket.io server with the same path and namespace, which broadcasts payloads when the
 * parent asks (the baseline).
 *
 * Either way the server records, for every event, the wall time it came to be (the broker: when
 * the journal appended it; raw: just before the emit), as `performance.timeOrigin +
 * performance.now()`, and hands the times to the parent over IPC. It exits when the parent goes.
 *
 * Fixed-rate rounds (`rate`) are driven from here by a timer, not by the parent over HTTP: a round
 * trip per order would cap the rate below 500 a second and measure the HTTP path, which
 * `bench/http.ts` covers. The broker's fills come from `sim.submitOrder` on the running broker,
 * which is what the order route calls, so each goes the real delivery path: the journal, the
 * stream gateway, socket.io. Each event then also has a due time (when the schedule wanted it).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Server } from 'socket.io'
import { SubmitOrderRequest } from '../src/api/index.js'
import type { OrderRequest } from '../src/sim/index.js'
import { startMockBroker } from '../src/testing/index.js'

/** Parent → child. */
export type ToServer =
  | { type: 'clock'; id: number }
  /** Forget the recorded times and start counting CPU time. */
  | { type: 'mark' }
  /** The recorded times and the CPU time since the last mark. */
  | { type: 'times' }
  /** raw only: emit `count` copies of `payload` (seq 1..count) in one synchronous loop. */
  | { type: 'burst'; count: number; payload: Record<string, unknown> }
  /** raw only: emit them one at a time, `intervalMs` apart. */
  | { type: 'paced'; count: number; intervalMs: number; payload: Record<string, unknown> }
  /** `count` events, one due every `intervalMs` from now (see `atFixedRate`). */
  | { type: 'rate'; count: number; intervalMs: number; event: RateEvent }

/** What one event of a fixed-rate round is. */
export type RateEvent =
  /** raw only: one emit of `payload`. */
  | { kind: 'payload'; payload: Record<string, unknown> }
  /** broker only: a 1-share market buy of AAPL by DEMO, which fills at once (one `fill`). */
  | { kind: 'fill' }
  /** broker only: the manual clock advanced by `stepMs`, one quote tick (one `quote`). */
  | { kind: 'quote'; stepMs: number }

/** Child → parent. */
export type FromServer =
  | { type: 'ready'; url: string }
  | { type: 'clock'; id: number; nowMs: number }
  | { type: 'marked' }
  /**
   * `times[i]` is the wall time of the event with seq `seqs[i]`, `dues[i]` when it was due: in a
   * fixed-rate round its slot in the schedule, otherwise its time.
   */
  | { type: 'times'; seqs: number[]; times: number[]; dues: number[]; cpuMs: number }
  | { type: 'sent' }

/** The room and event the raw server uses: what the broker uses for DEMO's fills. */
export const RAW_ROOM = 'acct:DEMO:fills'

const wallMs = (): number => performance.timeOrigin + performance.now()

let seqs: number[] = []
let times: number[] = []
let dues: number[] = []
/** The slot of the fixed-rate event being made, while it is; null outside fixed-rate rounds. */
let dueMs: number | null = null
let cpuMark = process.cpuUsage()

function record(seq: number): void {
  const nowMs = wallMs()
  seqs.push(seq)
  times.push(nowMs)
  dues.push(dueMs ?? nowMs)
}

/**
 * Makes `count` events with `fire`, the i-th due at start + i × `intervalMs`, then calls `done`.
 * An open loop: when the timer comes late (its ~1 ms granularity, or a server busy writing to
 * sockets) every event already due goes at once, so a slow server cannot lower the offered rate,
 * and latency measured from the due time includes the lateness (no coordinated omission).
 */
function atFixedRate(count: number, intervalMs: number, fire: () => void, done: () => void): void {
  const startMs = wallMs()
  let fired = 0
  const tick = () => {
    while (fired < count && startMs + fired * intervalMs <= wallMs()) {
      dueMs = startMs + fired * intervalMs
      try {
        fire()
      } finally {
        dueMs = null
      }
      fired++
    }
    if (fired >= count) return done()
    setTimeout(tick, Math.max(0, startMs + fired * intervalMs - wallMs()))
  }
  tick()
}

function send(message: FromServer): void {
  process.send?.(message)
}

/** Answers the messages both servers understand; false for the others. */
function common(message: ToServer): boolean {
  switch (message.type) {
    case 'clock':
      send({ type: 'clock', id: message.id, nowMs: wallMs() })
      return true
    case 'mark':
      seqs = []
      times = []
      dues = []
      cpuMark = process.cpuUsage()
      send({ type: 'marked' })
      return true
    case 'times': {
      const cpu = process.cpuUsage(cpuMark)
      send({ type: 'times', seqs, times, dues, cpuMs: (cpu.user + cpu.system) / 1000 })
      return true
    }
    default:
      return false
  }
}

async function startBroker(): Promise<string> {
  // Starts empty: the parent configures each round's world over HTTP.
  const broker = await startMockBroker({ port: 0 })
  let stop = broker.runtime.sim.onEvent((event) => record(event.seq))
  broker.runtime.onTimeline((sim) => {
    stop()
    stop = sim.onEvent((event) => record(event.seq))
  })
  // What the order route hands the core for this body: the wire schema's defaults applied (and,
  // as there, the metadata typed as JSON: here there is none).
  const { metadata: _none, ...parsed } = SubmitOrderRequest.parse({
    symbol: 'AAPL',
    side: 'buy',
    qty: '1',
    type: 'market',
  })
  const marketBuy: OrderRequest = parsed
  const fireOf = (event: RateEvent): (() => void) => {
    switch (event.kind) {
      case 'fill':
        return () => {
          const submitted = broker.runtime.sim.submitOrder('DEMO', marketBuy)
          // Thrown in a timer: the child dies, and the parent fails the run at once.
          if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.message}`)
        }
      case 'quote':
        return () => {
          const advanced = broker.runtime.sim.advanceBy(event.stepMs)
          if (!advanced.ok) throw new Error(`advance refused: ${advanced.error.message}`)
          // As the advance route does after moving the clock (releases delayed stream events).
          broker.stream.clockMoved()
        }
      default:
        throw new Error(`the broker cannot make ${event.kind} events`)
    }
  }
  process.on('message', (message: ToServer) => {
    if (common(message)) return
    if (message.type === 'rate') {
      const { count, intervalMs, event } = message
      atFixedRate(count, intervalMs, fireOf(event), () => send({ type: 'sent' }))
    }
  })
  return broker.url
}

async function startRaw(): Promise<string> {
  const httpServer = createServer()
  const io = new Server(httpServer, { path: '/socket.io', serveClient: false })
  const nsp = io.of('/v1')
  nsp.on('connection', (socket) => {
    socket.on('subscribe', (_payload: unknown, ack: unknown) => {
      void socket.join(RAW_ROOM)
      if (typeof ack === 'function') ack({ ok: true })
    })
    socket.on('unsubscribe', (_payload: unknown, ack: unknown) => {
      void socket.leave(RAW_ROOM)
      if (typeof ack === 'function') ack({ ok: true })
    })
  })
  const emit = (seq: number, payload: Record<string, unknown>) => {
    // A fresh envelope per event, as the broker builds one per journal event.
    const envelope = { ...payload, seq }
    record(seq)
    nsp.to(RAW_ROOM).emit('fill', envelope)
  }
  process.on('message', (message: ToServer) => {
    if (common(message)) return
    if (message.type === 'burst') {
      for (let seq = 1; seq <= message.count; seq++) emit(seq, message.payload)
      send({ type: 'sent' })
    } else if (message.type === 'paced') {
      const { count, intervalMs, payload } = message
      const startMs = performance.now()
      let seq = 0
      const next = () => {
        emit(++seq, payload)
        if (seq >= count) return send({ type: 'sent' })
        setTimeout(next, Math.max(0, startMs + seq * intervalMs - performance.now()))
      }
      next()
    } else if (message.type === 'rate') {
      const { count, intervalMs, event } = message
      if (event.kind !== 'payload') throw new Error(`raw cannot make ${event.kind} events`)
      let seq = 0
      atFixedRate(
        count,
        intervalMs,
        () => emit(++seq, event.payload),
        () => send({ type: 'sent' }),
      )
    }
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
}

// The parent's IPC channel is this process's lifeline: without it, go.
process.on('disconnect', () => process.exit(0))
const mode = process.argv[2]
if (mode !== 'broker' && mode !== 'raw') {
  console.error('usage: stream-server.ts broker|raw (forked by bench/stream.ts)')
  process.exit(2)
}
const url = mode === 'broker' ? await startBroker() : await startRaw()
send({ type: 'ready', url })
