/**
 * Route definition of the Prometheus exposition (CONTRACT.md section 5). Like the other ops
 * routes it needs no token (Prometheus scrapes it) and is never subject to fault rules. The
 * handler is in server/routes/metrics-routes.ts; docs/METRICS.md lists the metrics.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { NO_SECURITY, headerRef } from '../openapi-info.js'
import { errorResponses } from './responses.js'

/** What a scrape looks like (abridged): one histogram and one counter of the contract. */
export const METRICS_EXAMPLE = [
  '# HELP mock_broker_orders_total Orders counted once each when they reach a terminal status (the outcome label).',
  '# TYPE mock_broker_orders_total counter',
  'mock_broker_orders_total{account="DEMO",type="market",side="buy",outcome="filled"} 3',
  '',
  '# HELP mock_broker_order_ack_latency_seconds Virtual time from an order going to the venue (order.pending_new) to order.accepted.',
  '# TYPE mock_broker_order_ack_latency_seconds histogram',
  'mock_broker_order_ack_latency_seconds_bucket{le="0.001"} 0',
  'mock_broker_order_ack_latency_seconds_bucket{le="0.025"} 3',
  'mock_broker_order_ack_latency_seconds_bucket{le="+Inf"} 3',
  'mock_broker_order_ack_latency_seconds_sum 0.045',
  'mock_broker_order_ack_latency_seconds_count 3',
  '',
].join('\n')

export const metricsRoute = createRoute({
  tags: ['ops'],
  // Prometheus scrapes it without credentials.
  security: NO_SECURITY,
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  description:
    'The Prometheus text exposition format (`text/plain; version=0.0.4`): HTTP request ' +
    'durations by route pattern, orders by outcome, fills, virtual ack and fill latencies, fill ' +
    'slippage, injected faults, stream clients and events, virtual time and journal size, plus ' +
    'the default process metrics. No token needed; never faulted. Counters count what this ' +
    'process saw: they do not go back when configure, reset or a restore rewinds the timeline.',
  responses: {
    200: {
      description: 'The metrics, in the Prometheus text format.',
      headers: {
        'X-Request-Id': headerRef('X-Request-Id'),
        'X-Mock-Time': headerRef('X-Mock-Time'),
      },
      content: {
        'text/plain': {
          schema: z.string().openapi({ description: 'Prometheus text format 0.0.4.' }),
          example: METRICS_EXAMPLE,
        },
      },
    },
    ...errorResponses('internal'),
  },
})
