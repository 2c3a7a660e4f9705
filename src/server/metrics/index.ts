/** Prometheus metrics (CONTRACT.md section 5): `createMetrics(runtime)` and its parts. */
export { createMetrics, type BrokerMetrics } from './metrics.js'
export {
  HTTP_DURATION_BUCKETS_SECONDS,
  SLIPPAGE_BUCKETS_BPS,
  UNMATCHED_ROUTE,
  VIRTUAL_LATENCY_BUCKETS_SECONDS,
} from './instruments.js'
export { routeLabel } from './http-metrics.js'
