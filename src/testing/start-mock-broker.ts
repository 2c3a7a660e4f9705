/**
 * Starts a mock-broker in this process, for test suites: `await startMockBroker({ port: 0 })`
 * gives `{ url, close }`. The world is configured exactly as `POST /mock/configure` would with the
 * same body (a scenario name is loaded from scenarios/).
 */
import type { Logger } from 'pino'
import { ConfigureRequest, type ConfigureRequestInput } from '../api/index.js'
import { BrokerRuntime } from '../server/broker-runtime.js'
import { listen, type RunningServer } from '../server/listen.js'
import { fixtureLoader } from '../server/fixtures.js'
import { scenarioLoader, toConfigInput } from '../server/scenarios.js'
import { SnapshotStore } from '../server/snapshots/snapshot-store.js'

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
  /** Closed orders (with their fills) each world keeps; older ones are forgotten (default 20,000). */
  orderRetention?: number | undefined
  /** Where snapshots are written as they are taken, and read back at start. */
  stateDir?: string | undefined
  /** A snapshot (id or name, of `stateDir`) to restore before serving. */
  restore?: string | undefined
  /** Request logs (pino); none by default, so test runs stay quiet. */
  logger?: Logger | undefined
  /** Wall ms a request may take to send its headers (default 10,000; 0: no limit). */
  headersTimeoutMs?: number | undefined
  /** Wall ms a request may take to arrive whole, body included (default 30,000; 0: no limit). */
  requestTimeoutMs?: number | undefined
  /** Wall ms an idle keep-alive connection is kept (default 5,000). */
  keepAliveTimeoutMs?: number | undefined
  /** socket.io connections at once; one more is refused `too_many_connections` (default 1,000). */
  maxStreamConnections?: number | undefined
  /** Channels per stream connection; more is refused `too_many_subscriptions` (default 1,000). */
  maxSubscriptions?: number | undefined
}

export type MockBroker = RunningServer

export async function startMockBroker(options: StartMockBrokerOptions = {}): Promise<MockBroker> {
  const request = ConfigureRequest.parse(options.config ?? {})
  const input = await toConfigInput(
    request,
    scenarioLoader(options.scenariosDir),
    fixtureLoader(options.fixturesDir),
  )
  const runtime = BrokerRuntime.boot(input, {
    journalRetention: options.journalRetention,
    orderRetention: options.orderRetention,
  })
  const loadFixture = fixtureLoader(options.fixturesDir)
  const snapshots = await SnapshotStore.open({ dir: options.stateDir, loadFixture })
  for (const { file, error } of snapshots.damaged)
    console.error(`mock-broker: snapshot file ${file} is damaged and was not loaded: ${error}`)
  if (options.restore !== undefined) await restoreAtBoot(runtime, snapshots, options.restore)
  return listen({
    runtime,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    controlToken: options.controlToken,
    scenariosDir: options.scenariosDir,
    fixturesDir: options.fixturesDir,
    snapshots,
    logger: options.logger,
    limits: {
      headersTimeoutMs: options.headersTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
      maxStreamConnections: options.maxStreamConnections,
      maxSubscriptions: options.maxSubscriptions,
    },
  })
}

async function restoreAtBoot(
  runtime: BrokerRuntime,
  snapshots: SnapshotStore,
  name: string,
): Promise<void> {
  try {
    const { snapshot } = snapshots.get(name)
    const restored = runtime.restore(snapshot, await snapshots.fixtureOf(name))
    if (!restored.ok) throw new Error(restored.error.message)
  } catch (error) {
    const damaged = snapshots.damaged.map((d) => `${d.file} (${d.error})`).join('; ')
    throw new Error(
      `cannot restore ${name}: ${(error as Error).message}${damaged ? `; damaged files, not loaded: ${damaged}` : ''}`,
      { cause: error },
    )
  }
}
