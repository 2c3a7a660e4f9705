import { describe, expect, it } from 'vitest'
import { parseServeOptions, UsageError } from './options.js'

describe('parseServeOptions', () => {
  it('defaults to port 4100 on all interfaces with no seed or clock override', () => {
    expect(parseServeOptions([], {})).toEqual({
      port: 4100,
      host: '0.0.0.0',
      seed: undefined,
      clock: undefined,
      speed: undefined,
      scenario: undefined,
      controlToken: undefined,
      journalRetention: undefined,
      orderRetention: undefined,
      stateDir: undefined,
      restore: undefined,
      headersTimeoutMs: undefined,
      requestTimeoutMs: undefined,
      keepAliveTimeoutMs: undefined,
      maxStreamConnections: undefined,
      maxSubscriptions: undefined,
    })
  })

  it('reads every option from its environment variable', () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      MOCK_SEED: '7',
      MOCK_CLOCK: 'realtime',
      MOCK_SPEED: '60',
      MOCK_SCENARIO: 'normal',
      MOCK_CONTROL_TOKEN: 't',
      MOCK_JOURNAL_RETENTION: '500',
      MOCK_STATE_DIR: '/var/lib/mock-broker',
      MOCK_RESTORE: 'base',
      MOCK_HEADERS_TIMEOUT_MS: '2000',
      MOCK_REQUEST_TIMEOUT_MS: '4000',
      MOCK_KEEP_ALIVE_TIMEOUT_MS: '65000',
      MOCK_MAX_STREAM_CONNECTIONS: '20',
      MOCK_MAX_SUBSCRIPTIONS: '30',
      MOCK_ORDER_RETENTION: '2500',
    }
    expect(parseServeOptions([], env)).toEqual({
      port: 0,
      host: '127.0.0.1',
      seed: 7,
      clock: 'realtime',
      speed: 60,
      scenario: 'normal',
      controlToken: 't',
      journalRetention: 500,
      orderRetention: 2500,
      stateDir: '/var/lib/mock-broker',
      restore: 'base',
      headersTimeoutMs: 2_000,
      requestTimeoutMs: 4_000,
      keepAliveTimeoutMs: 65_000,
      maxStreamConnections: 20,
      maxSubscriptions: 30,
    })
  })

  it('reads the limits from their flags, over their environment variables', () => {
    const flags = [
      ['--headers-timeout-ms', '100'],
      ['--request-timeout-ms', '0'],
      ['--keep-alive-timeout-ms', '0'],
      ['--max-stream-connections', '1'],
      ['--max-subscriptions', '2'],
    ].flat()
    const env = { MOCK_HEADERS_TIMEOUT_MS: '5', MOCK_MAX_STREAM_CONNECTIONS: '9' }
    expect(parseServeOptions(flags, env)).toMatchObject({
      headersTimeoutMs: 100,
      requestTimeoutMs: 0,
      keepAliveTimeoutMs: 0,
      maxStreamConnections: 1,
      maxSubscriptions: 2,
    })
  })

  it('lets a flag win over its environment variable', () => {
    const options = parseServeOptions(['--port', '5000', '--seed', '3', '--clock', 'manual'], {
      PORT: '6000',
      MOCK_SEED: '9',
      MOCK_CLOCK: 'realtime',
    })
    expect(options).toMatchObject({ port: 5000, seed: 3, clock: 'manual' })
  })

  it('refuses bad values with a message naming the option', () => {
    expect(() => parseServeOptions(['--port', 'x'], {})).toThrow(UsageError)
    expect(() => parseServeOptions(['--port', '70000'], {})).toThrow(/--port/)
    expect(() => parseServeOptions(['--clock', 'fast'], {})).toThrow(/--clock/)
    expect(() => parseServeOptions(['--speed', '-1'], {})).toThrow(/--speed/)
    expect(() => parseServeOptions(['--seed', '1.5'], {})).toThrow(/--seed/)
    expect(() => parseServeOptions(['--journal-retention', '0'], {})).toThrow(/--journal-retention/)
    expect(() => parseServeOptions(['--order-retention', '0'], {})).toThrow(/--order-retention/)
    expect(() => parseServeOptions(['--restore', 'base'], {})).toThrow(/--state-dir/)
    expect(() => parseServeOptions(['--headers-timeout-ms', '-1'], {})).toThrow(
      /--headers-timeout-ms/,
    )
    expect(() => parseServeOptions([], { MOCK_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(
      /--request-timeout-ms/,
    )
    expect(() => parseServeOptions(['--max-stream-connections', '0'], {})).toThrow(
      /--max-stream-connections/,
    )
    expect(() => parseServeOptions(['--max-subscriptions', '2.5'], {})).toThrow(
      /--max-subscriptions/,
    )
    // The headers are part of the request: their timeout cannot be the longer one.
    expect(() => parseServeOptions(['--request-timeout-ms', '5000'], {})).toThrow(
      /--headers-timeout-ms \(10000\) must be at most --request-timeout-ms \(5000\)/,
    )
  })

  it('refuses unknown flags', () => {
    expect(() => parseServeOptions(['--prot', '1'], {})).toThrow()
  })
})
