/**
 * Starts a mock-broker in this process, for test suites: `await startMockBroker({ port: 0 })`
 * gives `{ url, close }`. The world is configured exactly as `POST /mock/configure` would with the
 * same body (a scenario name is loaded from scenarios/).
 */
import { ConfigureRequest, type ConfigureRequestInput } from '../api/index.js'
import { BrokerRuntime } from '../server/broker-runtime.js'
import { listen, type RunningServer } from '../server/listen.js'
import { fixtureLoader } from '../server/fixtures.js'
import { scenarioLoader, toConfigInput } from '../server/scenarios.js'

export interface StartMockBrokerOptions {
  /** 0 (the default here) picks a free port. */
  port?: number
  host?: string
  /** The world to start with, as a configure body. */
  config?: ConfigureRequestInput
  controlToken?: string
  scenariosDir?: string
  /** Where `marketConfig.source` fixtures are read from; default: the package's fixtures/. */
  fixturesDir?: string
  /** Journal events kept for stream replay and `/mock/events` (default 100,000). */
  journalRetention?: number | undefined
}

export type MockBroker = RunningServer

export async function startMockBroker(options: StartMockBrokerOptions = {}): Promise<MockBroker> {
  const request = ConfigureRequest.parse(options.config ?? {})
  const input = await toConfigInput(
    request,
    scenarioLoader(options.scenariosDir),
    fixtureLoader(options.fixturesDir),
  )
  const runtime = BrokerRuntime.boot(input, { journalRetention: options.journalRetention })
  return listen({
    runtime,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    controlToken: options.controlToken,
    scenariosDir: options.scenariosDir,
    fixturesDir: options.fixturesDir,
  })
}
