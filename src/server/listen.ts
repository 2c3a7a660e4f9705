/**
 * Binds the app and the socket.io gateway to one TCP port with @hono/node-server, starts the
 * realtime driver, and stops all three cleanly. Port 0 picks a free port (tests); the bound URL is
 * returned. The server's limits (server-limits.ts) are set on Node's HTTP server and the gateway.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { Server as HttpServer } from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { createApp, type MockBrokerApp } from './app.js'
import type { BrokerRuntime } from './broker-runtime.js'
import { RealtimeDriver } from './realtime-driver.js'
import { fixtureLoader } from './fixtures.js'
import { scenarioLoader } from './scenarios.js'
import type { SnapshotStore } from './snapshots/snapshot-store.js'
import { createMetrics, type BrokerMetrics } from './metrics/index.js'
import type { Logger } from 'pino'
import { attachStreamGateway, type StreamGateway } from './stream/stream-gateway.js'
import { answerClientErrors } from './transport-errors.js'
import {
  connectionsCheckingIntervalMs,
  resolveServerLimits,
  type ServerLimits,
  type ServerLimitsInput,
} from './server-limits.js'

export interface ListenOptions {
  runtime: BrokerRuntime
  port?: number
  host?: string
  controlToken?: string | undefined
  scenariosDir?: string | undefined
  fixturesDir?: string | undefined
  snapshots?: SnapshotStore | undefined
  logger?: Logger | undefined
  /** Timeouts and caps against slow or greedy clients; each left out is its default. */
  limits?: ServerLimitsInput | undefined
}

export interface RunningServer {
  url: string
  port: number
  app: MockBrokerApp
  runtime: BrokerRuntime
  server: ServerType
  stream: StreamGateway
  /** This server's Prometheus metrics (`GET /metrics`). */
  metrics: BrokerMetrics
  /** The snapshot store the routes use (with its state directory, if any). */
  snapshots: SnapshotStore | undefined
  /** The limits in force, defaults filled in. */
  limits: ServerLimits
  /**
   * Graceful: stops accepting connections, lets requests in flight finish (at most `graceMs`,
   * default 3 s), tells stream clients, then closes everything that is left.
   */
  close(options?: { graceMs?: number }): Promise<void>
}

const CLOSE_GRACE_MS = 3_000

/** How long a closing server keeps taking connections the kernel queued before it closed. */
const ACCEPT_QUEUE_MS = 50

/** Quiet time after the last answer before idle keep-alive connections are closed. */
const LINGER_MS = 250

/**
 * Counts requests in flight and open connections, and once draining, marks every answer as its
 * connection's last, so busy clients leave by themselves and only quiet connections remain to
 * be closed (a keep-alive connection closed while its client is sending is a reset).
 */
function trackRequests(server: HttpServer) {
  let inFlight = 0
  let draining = false
  let lastAnswerAt = 0
  const connections = new Set<net.Socket>()
  server.on('connection', (socket) => {
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
  })
  server.on('request', (_req, res) => {
    inFlight++
    if (draining) res.setHeader('Connection', 'close')
    res.once('close', () => {
      inFlight--
      lastAnswerAt = performance.now()
    })
  })
  const settled = () =>
    connections.size === 0 || (inFlight === 0 && performance.now() - lastAnswerAt >= LINGER_MS)
  return {
    start: () => {
      draining = true
    },
    /** Resolves when every connection is gone or quiet, or after `ms`. */
    idle: async (ms: number) => {
      const deadline = performance.now() + ms
      while (!settled() && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20))
    },
  }
}

export async function listen({
  runtime,
  port = 4100,
  host = '127.0.0.1',
  controlToken,
  scenariosDir,
  fixturesDir,
  snapshots,
  logger,
  limits: givenLimits,
}: ListenOptions): Promise<RunningServer> {
  const limits = resolveServerLimits(givenLimits)
  // Assigned before the server listens, so before anything can move the clock.
  let stream: StreamGateway | undefined
  const driver = new RealtimeDriver(runtime, { onStep: () => stream?.clockMoved() })
  const metrics = createMetrics(runtime)
  const app = createApp({
    runtime,
    metrics,
    controlToken,
    loadScenario: scenarioLoader(scenariosDir),
    loadFixture: fixtureLoader(fixturesDir),
    snapshots,
    logger,
    onClockMoved: () => {
      driver.sync()
      stream?.clockMoved()
    },
  })
  runtime.onTimeline(() => driver.sync())
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port,
        hostname: host,
        // Only the arrival of a request is timed: a held answer (a `latency` or `timeout` fault)
        // is not, and Node stops counting once the whole request is in.
        serverOptions: {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: connectionsCheckingIntervalMs(limits),
        },
      },
      () => resolve(s),
    )
    s.once('error', reject)
    stream = attachStreamGateway(s as HttpServer, runtime, metrics.streamObserver, limits)
    answerClientErrors(s as HttpServer)
  })
  const gateway = stream as StreamGateway
  metrics.countStreamClients(() => gateway.clients)
  const drain = trackRequests(server as HttpServer)
  driver.sync()
  const address = server.address() as AddressInfo
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`
  return {
    url,
    port: address.port,
    app,
    runtime,
    server,
    stream: gateway,
    metrics,
    snapshots,
    limits,
    close: async ({ graceMs = CLOSE_GRACE_MS } = {}) => {
      driver.stop()
      // Stop accepting connections, but keep the open ones: a keep-alive connection closed
      // under a client that is just sending on it would be a reset. Each answer from now on
      // says `Connection: close`, so clients move on by themselves.
      drain.start()
      // Connections the kernel already queued would be reset by closing the listener at once:
      // let Node take them first (they are served, and told to close).
      await new Promise((resolve) => setTimeout(resolve, ACCEPT_QUEUE_MS))
      net.Server.prototype.close.call(server)
      await gateway.disconnectAll()
      await drain.idle(graceMs)
      // What is left is idle keep-alive connections and held requests (a `timeout` fault).
      const closed = gateway.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      await closed
      metrics.close()
    },
  }
}
