/**
 * prom-client's default process metrics (CPU, memory, file descriptors, event loop lag, GC, heap),
 * collected once per process: they describe the process, not a server, and each collection starts
 * a GC observer and an event loop monitor that are never stopped. Every server's registry
 * registers these same metric objects, so several servers in one process (tests) cost nothing more.
 *
 * Left out: `nodejs_active_handles_total`, `nodejs_active_requests_total` and
 * `nodejs_active_resources_total`, gauges whose `_total` suffix `promtool check metrics` rejects
 * (only counters end in `_total`); `nodejs_active_handles`, `nodejs_active_requests` and
 * `nodejs_active_resources` carry the same numbers by type.
 */
import { collectDefaultMetrics, Registry, type Metric } from 'prom-client'

const MISNAMED_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]

let shared: Metric[] | undefined

/** The default metrics, created at the first call. */
export function processMetrics(): readonly Metric[] {
  if (shared === undefined) {
    const register = new Registry()
    collectDefaultMetrics({ register })
    for (const name of MISNAMED_GAUGES) register.removeSingleMetric(name)
    // Typed as plain objects, they are the metric instances themselves (registry.js).
    shared = register.getMetricsAsArray() as unknown as Metric[]
  }
  return shared
}
