import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SERVER_LIMITS,
  connectionsCheckingIntervalMs,
  resolveServerLimits,
} from './server-limits.js'

describe('resolveServerLimits', () => {
  it('fills in the defaults for what is left out or undefined', () => {
    expect(resolveServerLimits()).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxStreamConnections: 1_000,
      maxSubscriptions: 1_000,
    })
    expect(resolveServerLimits({ maxSubscriptions: 3, headersTimeoutMs: undefined })).toEqual({
      ...DEFAULT_SERVER_LIMITS,
      maxSubscriptions: 3,
    })
  })

  it('takes 0 as no timeout, but no count below 1', () => {
    expect(resolveServerLimits({ headersTimeoutMs: 0, requestTimeoutMs: 0 })).toMatchObject({
      headersTimeoutMs: 0,
      requestTimeoutMs: 0,
    })
    expect(() => resolveServerLimits({ maxStreamConnections: 0 })).toThrow(/maxStreamConnections/)
    expect(() => resolveServerLimits({ maxSubscriptions: 1.5 })).toThrow(/maxSubscriptions/)
    expect(() => resolveServerLimits({ keepAliveTimeoutMs: -1 })).toThrow(/keepAliveTimeoutMs/)
  })

  it('refuses a headers timeout longer than the request timeout, as Node would', () => {
    expect(() => resolveServerLimits({ headersTimeoutMs: 40_000 })).toThrow(
      /headersTimeoutMs \(40000\) must be at most requestTimeoutMs \(30000\)/,
    )
    expect(resolveServerLimits({ headersTimeoutMs: 40_000, requestTimeoutMs: 0 })).toMatchObject({
      headersTimeoutMs: 40_000,
    })
  })
})

describe('connectionsCheckingIntervalMs', () => {
  it('checks every quarter of the shorter timeout, from 25 ms to a second', () => {
    expect(connectionsCheckingIntervalMs(DEFAULT_SERVER_LIMITS)).toBe(1_000)
    const limits = { ...DEFAULT_SERVER_LIMITS, headersTimeoutMs: 300, requestTimeoutMs: 600 }
    expect(connectionsCheckingIntervalMs(limits)).toBe(75)
    expect(connectionsCheckingIntervalMs({ ...limits, headersTimeoutMs: 40 })).toBe(25)
    expect(connectionsCheckingIntervalMs({ ...limits, headersTimeoutMs: 0 })).toBe(150)
    expect(
      connectionsCheckingIntervalMs({ ...limits, headersTimeoutMs: 0, requestTimeoutMs: 0 }),
    ).toBe(1_000)
  })
})
