/**
 * The realtime clock as a stream client sees it (CONTRACT.md sections 2 and 3): with
 * `clock: { mode: 'realtime', speed }` quotes arrive without any `/mock/advance`, virtual time runs
 * about `speed` times faster than the wall clock, `speed: 0` pauses it, and a configure can switch
 * between manual and realtime without a restart (each configure starts a new timeline: `resync`).
 *
 * These tests wait for the wall clock on purpose (about 2.5 s in all). Every wait is bounded, and
 * every rate is checked in a wide band, because CI runs them on 2 busy cores.
 */
import { performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { FLAT_WORLD, START, at, startClient, type Client } from '../support/broker.js'

/** One symbol ticking every 100 ms of virtual time: ten quotes per virtual second. */
const TICKING = {
  seed: 11,
  symbols: ['AAPL'],
  marketConfig: { updateFrequency: 100 },
}

interface Arrival {
  /** `performance.now()` when the client received the quote. */
  wallMs: number
  /** The quote's virtual time. */
  virtualMs: number
  seq: number
}

let client: Client
let socket: Socket
/** Quotes of AAPL received since the last `resync` notice, in arrival order. */
let quotes: Arrival[] = []
let resyncs = 0

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
  socket = io(`${client.url}/v1`, {
    auth: { accountId: 'DEMO' },
    transports: ['websocket'],
    reconnection: false,
  })
  socket.on('quote', (envelope: any) => {
    quotes.push({
      wallMs: performance.now(),
      virtualMs: Date.parse(envelope.time),
      seq: envelope.seq,
    })
  })
  socket.on('connection', (envelope: any) => {
    if (envelope.type === 'resync') {
      // Quotes before this belong to the previous timeline.
      resyncs++
      quotes = []
    }
  })
  const ack = await socket.timeout(5_000).emitWithAck('subscribe', { channels: ['quotes:AAPL'] })
  expect(ack).toMatchObject({ ok: true, channels: ['quotes:AAPL'] })
})

afterEach(async () => {
  // Park the broker on a manual clock so no ticker runs between tests.
  await configure(FLAT_WORLD)
})

afterAll(async () => {
  socket.close()
  await client.close()
})

/** Configures the world and waits until the socket has seen the new timeline's `resync`. */
async function configure(body: Record<string, unknown>): Promise<void> {
  const before = resyncs
  await client.configure(body)
  await until(() => resyncs > before, 3_000, 'the resync notice of the configure')
}

/** Polls `done` every 10 ms until it holds, failing after `timeoutMs` of wall time. */
async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`)
    await sleep(10)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Collects quotes for `windowMs` of wall time from the first one (which must come within 3 s),
 * and answers them with the virtual ms per wall ms they show.
 *
 * The realtime driver steps every 50 ms of wall time, so quotes come in bursts: at speed 10 each
 * burst carries ~500 ms of virtual time at almost one wall instant. The ratio of the first and
 * the last quote alone would be skewed by a burst's width (more so when a loaded CI stretches the
 * steps), so the rate is the least-squares slope of virtual time over arrival time across every
 * quote, which the bursts do not bias.
 */
async function rateOverWindow(windowMs: number): Promise<{ rate: number; arrivals: Arrival[] }> {
  await until(() => quotes.length > 0, 3_000, 'the first realtime quote')
  const firstMs = (quotes[0] as Arrival).wallMs
  await sleep(Math.max(0, firstMs + windowMs - performance.now()))
  const arrivals = [...quotes]
  return { rate: slope(arrivals), arrivals }
}

function slope(points: readonly Arrival[]): number {
  const n = points.length
  const meanX = points.reduce((s, p) => s + p.wallMs, 0) / n
  const meanY = points.reduce((s, p) => s + p.virtualMs, 0) / n
  let sxy = 0
  let sxx = 0
  for (const p of points) {
    sxy += (p.wallMs - meanX) * (p.virtualMs - meanY)
    sxx += (p.wallMs - meanX) ** 2
  }
  return sxy / sxx
}

async function clockTime(): Promise<string> {
  const res = await client.get('/v1/clock')
  expect(res.status).toBe(200)
  return res.body.time
}

it('streams quotes without advance, virtual time running about speed × the wall clock', async () => {
  await configure({ ...TICKING, clock: { mode: 'realtime', speed: 10 } })
  const { rate, arrivals } = await rateOverWindow(1_000)

  // ~1 s of wall time at speed 10 is ~10 s of virtual time: ~100 quotes. The driver catches up
  // from the wall clock, so even a starved event loop delivers the time's quotes, in bigger bursts.
  expect(arrivals.length).toBeGreaterThanOrEqual(50)
  const first = arrivals[0] as Arrival
  const last = arrivals[arrivals.length - 1] as Arrival
  expect(last.wallMs - first.wallMs).toBeGreaterThan(500)
  // Nominally 10; 7–13 leaves room for timer jitter on a loaded machine.
  expect(rate).toBeGreaterThan(7)
  expect(rate).toBeLessThan(13)
  // In order, one quote per 100 ms of virtual time, none skipped.
  for (let i = 1; i < arrivals.length; i++) {
    const [a, b] = [arrivals[i - 1] as Arrival, arrivals[i] as Arrival]
    expect(b.seq).toBeGreaterThan(a.seq)
    expect(b.virtualMs - a.virtualMs).toBe(100)
  }
})

it('pauses at speed 0: no quotes, and the clock stays put', async () => {
  await configure({ ...TICKING, clock: { mode: 'realtime', speed: 0 } })
  const before = await clockTime()
  await sleep(300)
  expect(await clockTime()).toBe(before)
  expect(before).toBe(START)
  expect(quotes).toEqual([])
  expect((await client.get('/v1/clock')).body).toMatchObject({ mode: 'realtime', speed: 0 })
})

it('switches to manual (only advance moves time) and back to realtime without a restart', async () => {
  await configure({ ...TICKING, clock: { mode: 'realtime', speed: 10 } })
  await until(() => quotes.length > 0, 3_000, 'the first realtime quote')

  // Manual: the ticker stops; time moves by exactly what is advanced.
  await configure({ ...TICKING, clock: { mode: 'manual' } })
  expect(await clockTime()).toBe(START)
  await sleep(300)
  expect(await clockTime()).toBe(START)
  expect(quotes).toEqual([])
  await client.advance(1_000)
  expect(await clockTime()).toBe(at(1_000))
  await until(() => quotes.length >= 10, 3_000, 'the quotes of the advance')
  expect(quotes.map((q) => q.virtualMs - Date.parse(START))).toEqual([
    100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000,
  ])

  // Back to realtime, faster: a new timeline whose time moves by itself again.
  await configure({ ...TICKING, clock: { mode: 'realtime', speed: 60 } })
  const { rate, arrivals } = await rateOverWindow(500)
  // ~500 ms at speed 60 is ~30 s of virtual time: ~300 quotes; the band is loose on purpose.
  expect(arrivals.length).toBeGreaterThanOrEqual(100)
  expect(rate).toBeGreaterThan(40)
  expect(rate).toBeLessThan(80)
  expect(Date.parse(await clockTime()) - Date.parse(START)).toBeGreaterThan(15_000)
})
