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
      stateDir: undefined,
      restore: undefined,
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
      stateDir: '/var/lib/mock-broker',
      restore: 'base',
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
    expect(() => parseServeOptions(['--restore', 'base'], {})).toThrow(/--state-dir/)
  })

  it('refuses unknown flags', () => {
    expect(() => parseServeOptions(['--prot', '1'], {})).toThrow()
  })
})
