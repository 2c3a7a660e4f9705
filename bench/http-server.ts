/**
 * The server half of `bench/http.ts`, forked by it so the server and the load generator run on
 * different cores. Not run by hand.
 *
 * Two servers in this one process, both on free loopback ports:
 * - the mock-broker as `mock-broker serve` starts it: `startMockBroker` (the app of src/server
 *   bound by `listen`, request journal, metrics, socket.io gateway) with the CLI's pino logger at
 *   `info`, whose per-request middleware runs even when it writes nothing;
 * - the baseline: a bare hono app on the same @hono/node-server, with routes that parse and
 *   answer JSON of the sizes the broker's routes do, so the two differ only by what the broker
 *   does per request. It has its own port: mounted on the broker's app it would run under the
 *   broker's global middleware, which is part of what is being measured.
 *
 * The parent drives the broker over HTTP like any user, and asks over IPC for what HTTP cannot
 * give cheaply: CPU time and event-loop utilisation since a mark, and the orders of the current
 * world by status (`/mock/state` would serialise every order). It exits when the parent goes.
 */
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { performance, type EventLoopUtilization } from 'node:perf_hooks'
import { pino } from 'pino'
import { startMockBroker } from '../src/testing/index.js'

/** Parent → child. */
export type ToServer =
  /** Answers the bare routes give from now on: JSON texts captured from the broker. */
  | { type: 'samples'; order: string; quote: string; account: string }
  /** Start counting CPU time and event-loop utilisation. */
  | { type: 'mark' }
  /** CPU time and event-loop utilisation since the last mark. */
  | { type: 'usage' }
  /** The current world's orders by status, and the account's position in `symbol`. */
  | { type: 'stats'; accountId: string; symbol: string }

/** Child → parent. */
export type FromServer =
  | { type: 'ready'; brokerUrl: string; bareUrl: string }
  | { type: 'samples' }
  | { type: 'marked' }
  | { type: 'usage'; cpuMs: number; systemMs: number; elu: number }
  | {
      type: 'stats'
      orders: number
      openOrders: number
      statuses: Record<string, number>
      positionQty: string
      cash: string
      journalSeq: number
    }

/** The bare routes; the parent repeats them, checked against this type (importing runs this file). */
export const BARE_ROUTES = {
  order: '/bench/bare/orders',
  quote: '/bench/bare/quote',
  account: '/bench/bare/account',
} as const

const TERMINAL = new Set(['filled', 'canceled', 'replaced', 'rejected', 'expired'])

function send(message: FromServer): void {
  process.send?.(message)
}

let samples: { order: object; quote: object; account: object } = {
  order: {},
  quote: {},
  account: {},
}

function bareApp(): Hono {
  const app = new Hono()
  app.post(BARE_ROUTES.order, async (c) => {
    // Reads a field so the parse cannot be skipped, and answers a fresh object as a route would.
    const body = (await c.req.json()) as { symbol?: unknown }
    return c.json({ ...samples.order, symbol: body.symbol }, 201)
  })
  app.get(BARE_ROUTES.quote, (c) => c.json({ ...samples.quote }))
  app.get(BARE_ROUTES.account, (c) => c.json({ ...samples.account }))
  return app
}

async function serveBare(): Promise<ServerType> {
  const app = bareApp()
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(server),
    )
    server.once('error', reject)
  })
}

// The parent's IPC channel is this process's lifeline: without it, go. A normal exit (not a
// signal) also lets `--cpu-prof` write its profile.
process.on('disconnect', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))

// The CLI's logger (src/cli/main.ts): `info` unless LOG_LEVEL says otherwise.
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'mock-broker' } })
// Starts with the default world: the parent configures each round's world over HTTP.
const broker = await startMockBroker({ port: 0, host: '127.0.0.1', logger })
const bare = await serveBare()
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`

let cpuMark = process.cpuUsage()
let eluMark: EventLoopUtilization = performance.eventLoopUtilization()

process.on('message', (message: ToServer) => {
  switch (message.type) {
    case 'samples':
      samples = {
        order: JSON.parse(message.order) as object,
        quote: JSON.parse(message.quote) as object,
        account: JSON.parse(message.account) as object,
      }
      send({ type: 'samples' })
      return
    case 'mark':
      cpuMark = process.cpuUsage()
      eluMark = performance.eventLoopUtilization()
      send({ type: 'marked' })
      return
    case 'usage': {
      const cpu = process.cpuUsage(cpuMark)
      const elu = performance.eventLoopUtilization(eluMark).utilization
      send({
        type: 'usage',
        cpuMs: (cpu.user + cpu.system) / 1000,
        systemMs: cpu.system / 1000,
        elu,
      })
      return
    }
    case 'stats': {
      const sim = broker.runtime.sim
      const statuses: Record<string, number> = {}
      let openOrders = 0
      const orders = sim.allOrders()
      for (const order of orders) {
        statuses[order.status] = (statuses[order.status] ?? 0) + 1
        if (!TERMINAL.has(order.status)) openOrders++
      }
      const position = sim.position(message.accountId, message.symbol)
      const account = sim.account(message.accountId)
      send({
        type: 'stats',
        orders: orders.length,
        openOrders,
        statuses,
        positionQty: position.ok ? position.value.qty : '0',
        cash: account.ok ? account.value.cash : '?',
        journalSeq: sim.journalPosition().seq,
      })
      return
    }
  }
})

send({ type: 'ready', brokerUrl: broker.url, bareUrl })
