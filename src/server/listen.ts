/**
 * Binds the app and the socket.io gateway to one TCP port with @hono/node-server, starts the
 * realtime driver, and stops all three cleanly. Port 0 picks a free port (tests); the bound URL is
 * returned.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, type MockBrokerApp } from './app.js'
import type { BrokerRuntime } from './broker-runtime.js'
import { RealtimeDriver } from './realtime-driver.js'
import { fixtureLoader } from './fixtures.js'
import { scenarioLoader } from './scenarios.js'
import type { SnapshotStore } from './snapshots/snapshot-store.js'
import { attachStreamGateway, type StreamGateway } from './stream/stream-gateway.js'

export interface ListenOptions {
  runtime: BrokerRuntime
  port?: number
  host?: string
  controlToken?: string | undefined
  scenariosDir?: string | undefined
  fixturesDir?: string | undefined
  snapshots?: SnapshotStore | undefined
}

export interface RunningServer {
  url: string
  port: number
  app: MockBrokerApp
  runtime: BrokerRuntime
  server: ServerType
  stream: StreamGateway
  close(): Promise<void>
}

export async function listen({
  runtime,
  port = 4100,
  host = '127.0.0.1',
  controlToken,
  scenariosDir,
  fixturesDir,
  snapshots,
}: ListenOptions): Promise<RunningServer> {
  // Assigned before the server listens, so before anything can move the clock.
  let stream: StreamGateway | undefined
  const driver = new RealtimeDriver(runtime, { onStep: () => stream?.clockMoved() })
  const app = createApp({
    runtime,
    controlToken,
    loadScenario: scenarioLoader(scenariosDir),
    loadFixture: fixtureLoader(fixturesDir),
    snapshots,
    onClockMoved: () => {
      driver.sync()
      stream?.clockMoved()
    },
  })
  runtime.onTimeline(() => driver.sync())
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s))
    s.once('error', reject)
    stream = attachStreamGateway(s as HttpServer, runtime)
  })
  const gateway = stream as StreamGateway
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
    close: async () => {
      driver.stop()
      await gateway.disconnectAll()
      // Closes the HTTP server too; held requests (a `timeout` fault) are cut off below.
      const closed = gateway.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      await closed
    },
  }
}
