/**
 * The metrics of CONTRACT.md section 5, in base units, with histogram buckets chosen for what each
 * one measures (docs/METRICS.md lists them with the reasons). One set per registry: every server
 * has its own, so servers in one test process never share a count.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/** Wall-clock HTTP handling: 100 µs (a cached read) to 1 s (a big configure, a latency fault). */
export const HTTP_DURATION_BUCKETS_SECONDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
]

/** Virtual venue latencies: 1 ms (a fast venue) to 10 minutes (a resting order filling late). */
export const VIRTUAL_LATENCY_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
]

/**
 * How far a fill's price is from the touch when its order went to the venue, in bps, by
 * `direction`: `adverse` (worse for the order: configured slippage, book walking, the market
 * moving away during the venue latency) or `favourable`. Magnitudes only, so each series' `_sum`
 * only grows, as Prometheus reads a histogram's sum as a counter.
 */
export const SLIPPAGE_BUCKETS_BPS = [0, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000]

/** The label of a request no route matched (a 404 of `notFound`), so paths never become labels. */
export const UNMATCHED_ROUTE = 'unmatched'

export interface Instruments {
  httpDuration: Histogram<'method' | 'route' | 'status'>
  orders: Counter<'account' | 'type' | 'side' | 'outcome'>
  fills: Counter
  ackLatency: Histogram
  fillLatency: Histogram
  slippage: Histogram<'direction'>
  faults: Counter<'kind' | 'operation'>
  streamEvents: Counter<'channel'>
}

/** Gauges read when scraped. */
export interface GaugeSources {
  virtualTimeSeconds(): number
  journalEvents(): number
  journalEpoch(): number
  openOrders(): number
  streamClients(): number
}

export function registerInstruments(registry: Registry, sources: GaugeSources): Instruments {
  const registers = [registry]
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read())
      },
    })
  gauge(
    'mock_broker_virtual_time_seconds',
    'The simulation clock: virtual time in seconds since the Unix epoch.',
    sources.virtualTimeSeconds,
  )
  gauge(
    'mock_broker_journal_events',
    "Events in the current timeline's journal (its seq); drops to 0 on configure and reset.",
    sources.journalEvents,
  )
  gauge(
    'mock_broker_journal_epoch',
    'The timeline: incremented by each configure, reset and snapshot restore.',
    sources.journalEpoch,
  )
  gauge(
    'mock_broker_open_orders',
    'Orders of the current timeline not yet in a terminal status (not yet in orders_total).',
    sources.openOrders,
  )
  gauge(
    'mock_broker_stream_clients',
    'Connected socket.io clients of the /v1 stream namespace.',
    sources.streamClients,
  )
  return {
    httpDuration: new Histogram({
      name: 'mock_broker_http_request_duration_seconds',
      help: 'Wall-clock time from a request to its answer, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_DURATION_BUCKETS_SECONDS,
      registers,
    }),
    orders: new Counter({
      name: 'mock_broker_orders_total',
      help: 'Orders counted once each when they reach a terminal status (the outcome label).',
      labelNames: ['account', 'type', 'side', 'outcome'] as const,
      registers,
    }),
    fills: new Counter({
      name: 'mock_broker_fills_total',
      help: 'Fills (fill.created journal events).',
      registers,
    }),
    ackLatency: new Histogram({
      name: 'mock_broker_order_ack_latency_seconds',
      help: 'Virtual time from an order going to the venue (order.pending_new) to order.accepted.',
      buckets: VIRTUAL_LATENCY_BUCKETS_SECONDS,
      registers,
    }),
    fillLatency: new Histogram({
      name: 'mock_broker_order_fill_latency_seconds',
      help: 'Virtual time from an order going to the venue to its complete fill (order.filled).',
      buckets: VIRTUAL_LATENCY_BUCKETS_SECONDS,
      registers,
    }),
    slippage: new Histogram({
      name: 'mock_broker_fill_slippage_bps',
      help:
        "How far each fill's price is from the touch (ask for a buy, bid for a sell) when its " +
        'order went to the venue, in basis points, by direction (adverse: worse for the order).',
      labelNames: ['direction'] as const,
      buckets: SLIPPAGE_BUCKETS_BPS,
      registers,
    }),
    faults: new Counter({
      name: 'mock_broker_faults_injected_total',
      help: 'Fault rules applied (fault.applied journal events), by effect kind and operation.',
      labelNames: ['kind', 'operation'] as const,
      registers,
    }),
    streamEvents: new Counter({
      name: 'mock_broker_stream_events_total',
      help: 'Events sent to stream clients, one per socket, by channel (quotes:* is quotes).',
      labelNames: ['channel'] as const,
      registers,
    }),
  }
}
