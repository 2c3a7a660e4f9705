/**
 * The server half of `bench/stream.ts`, forked by it so the server and the 100 clients run on
 * different cores. Not run by hand.
 *
 * `tsx bench/stream-server.ts broker`: a mock-broker on a free loopback port; the parent drives it
 * over HTTP like any user. `tsx bench/stream-server.ts raw`: a bare socket.io server with the same
 * path and namespace, which broadcasts payloads when the parent asks (the baseline).
 *
 * Either way the server records, for every event, the wall time it came to be (the broker: when
 * the journal appended it; raw: just before the emit), as `performance.timeOrigin +
 * performance.now()`, and hands the times to the parent over IPC. It exits when the parent goes.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Server } from 'socket.io'
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

/** Child → parent. */
export type FromServer =
  | { type: 'ready'; url: string }
  | { type: 'clock'; id: number; nowMs: number }
  | { type: 'marked' }
  /** `times[i]` is the wall time of the event with seq `seqs[i]`. */
  | { type: 'times'; seqs: number[]; times: number[]; cpuMs: number }
  | { type: 'sent' }

/** The room and event the raw server uses: what the broker uses for DEMO's fills. */
export const RAW_ROOM = 'acct:DEMO:fills'

const wallMs = (): number => performance.timeOrigin + performance.now()

let seqs: number[] = []
let times: number[] = []
let cpuMark = process.cpuUsage()

function record(seq: number): void {
  seqs.push(seq)
  times.push(wallMs())
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
      cpuMark = process.cpuUsage()
      send({ type: 'marked' })
      return true
    case 'times': {
      const cpu = process.cpuUsage(cpuMark)
      send({ type: 'times', seqs, times, cpuMs: (cpu.user + cpu.system) / 1000 })
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
  process.on('message', (message: ToServer) => {
    common(message)
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
