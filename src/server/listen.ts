/**
 * Binds the app to a TCP port with @hono/node-server, starts the realtime driver, and stops both
 * cleanly. Port 0 picks a free port (tests); the bound URL is returned.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp, type MockBrokerApp } from './app.js'
import type { BrokerRuntime } from './broker-runtime.js'
import { RealtimeDriver } from './realtime-driver.js'
import { fixtureLoader } from './fixtures.js'
import { scenarioLoader } from './scenarios.js'

export interface ListenOptions {
  runtime: BrokerRuntime
  port?: number
  host?: string
  controlToken?: string | undefined
  scenariosDir?: string | undefined
  fixturesDir?: string | undefined
}

export interface RunningServer {
  url: string
  port: number
  app: MockBrokerApp
  runtime: BrokerRuntime
  server: ServerType
  close(): Promise<void>
}

export async function listen({
  runtime,
  port = 4100,
  host = '127.0.0.1',
  controlToken,
  scenariosDir,
  fixturesDir,
}: ListenOptions): Promise<RunningServer> {
  const driver = new RealtimeDriver(runtime)
  const app = createApp({
    runtime,
    controlToken,
    loadScenario: scenarioLoader(scenariosDir),
    loadFixture: fixtureLoader(fixturesDir),
    onClockMoved: () => driver.sync(),
  })
  runtime.onTimeline(() => driver.sync())
  driver.sync()
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s))
    s.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`
  return {
    url,
    port: address.port,
    app,
    runtime,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        driver.stop()
        server.close((error) => (error ? reject(error) : resolve()))
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
