/**
 * The access log: one JSON line per request at debug with the route pattern (never the raw
 * path as the route), errors at error, nothing for plain requests at the default info level.
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { BrokerRuntime } from './broker-runtime.js'

function appLogging(level: string) {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  const runtime = BrokerRuntime.boot({ symbols: ['AAPL'] })
  const app = createApp({
    runtime,
    loadScenario: () => Promise.reject(new Error('no scenarios here')),
    logger: pino({ level }, sink),
  })
  return { app, lines }
}

describe('request log', () => {
  it('logs each request at debug with its id, route pattern, status and latency', async () => {
    const { app, lines } = appLogging('debug')
    await app.request('/v1/accounts/DEMO', { headers: { 'X-Request-Id': 'log-1' } })
    await app.request('/v1/nothing-here')
    expect(lines).toEqual([
      expect.objectContaining({
        level: 20,
        requestId: 'log-1',
        method: 'GET',
        route: '/v1/accounts/{accountId}',
        path: '/v1/accounts/DEMO',
        status: 200,
        ms: expect.any(Number),
      }),
      expect.objectContaining({ route: 'unmatched', status: 404 }),
    ])
  })

  it('stays quiet at info about requests that were answered', async () => {
    const { app, lines } = appLogging('info')
    await app.request('/v1/accounts/DEMO')
    await app.request('/v1/accounts/NOPE')
    expect(lines).toEqual([])
  })
})
