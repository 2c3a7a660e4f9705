/**
 * Prometheus metrics of one server (CONTRACT.md section 5; docs/METRICS.md): a registry of its
 * own with the default process metrics and the contract's metrics, fed by three sources only:
 *
 * - the journal of the current simulation (orders, fills, latencies, slippage, faults), followed
 *   across configure, reset and restore (journal-metrics.ts);
 * - one HTTP middleware (request durations), to be mounted first so it times everything;
 * - the stream gateway's observer (events sent) and its client count, read when scraped.
 *
 * The gauges (virtual time, journal events, stream clients) are read from the runtime when
 * `/metrics` is scraped.
 */
import type { MiddlewareHandler } from 'hono'
import { Registry } from 'prom-client'
import type { BrokerRuntime } from '../broker-runtime.js'
import type { AppEnv } from '../request-context.js'
import type { StreamObserver } from '../stream/stream-gateway.js'
import { httpMetrics } from './http-metrics.js'
import { registerInstruments } from './instruments.js'
import { JournalMetrics } from './journal-metrics.js'
import { processMetrics } from './process-metrics.js'

export interface BrokerMetrics {
  /** This server's registry; `GET /metrics` answers `registry.metrics()`. */
  readonly registry: Registry
  /** Times every request: mount it before any other middleware, `app.use('*', …)`. */
  readonly httpMiddleware: MiddlewareHandler<AppEnv>
  /** For `attachStreamGateway`: counts the events sent to stream clients. */
  readonly streamObserver: StreamObserver
  /** Where `mock_broker_stream_clients` reads the connected clients (0 until given). */
  countStreamClients(read: () => number): void
  /** Stops following the runtime's journal and timelines. */
  close(): void
}

export function createMetrics(runtime: BrokerRuntime): BrokerMetrics {
  const registry = new Registry()
  for (const metric of processMetrics()) registry.registerMetric(metric)
  let streamClients: () => number = () => 0
  const instruments = registerInstruments(registry, {
    virtualTimeSeconds: () => runtime.sim.nowMs / 1000,
    journalEvents: () => runtime.sim.journalPosition().seq,
    journalEpoch: () => runtime.sim.journalPosition().epoch,
    // Read at scrape time only, once `journal` exists.
    openOrders: () => journal.openOrders,
    streamClients: () => streamClients(),
  })
  const journal = new JournalMetrics(runtime, instruments)
  return {
    registry,
    httpMiddleware: httpMetrics(instruments),
    streamObserver: {
      onDelivered: (channel, count) => instruments.streamEvents.inc({ channel }, count),
    },
    countStreamClients: (read) => {
      streamClients = read
    },
    close: () => journal.close(),
  }
}
