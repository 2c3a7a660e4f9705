/**
 * The server's bounds against slow or greedy clients, next to the core's (sim/limits.ts): how
 * long a request may take to arrive, how long an idle keep-alive connection stays, how many
 * stream connections and subscriptions per connection there may be. Each is a serve flag, an
 * environment variable and a `startMockBroker` option (docs/BEHAVIOUR.md, "Operating it").
 */

export interface ServerLimits {
  /** Wall ms from a request's first byte (or a new connection) until its headers are in; 0: none. */
  headersTimeoutMs: number
  /** Wall ms from a request's first byte until all of it (body included) is in; 0: none. */
  requestTimeoutMs: number
  /**
   * Wall ms an idle keep-alive connection is kept between requests, as `Keep-Alive: timeout=`
   * announces it (Node closes it a second later, so clients keeping to it never race the close);
   * 0: no limit.
   */
  keepAliveTimeoutMs: number
  /** socket.io connections (namespace `/v1`) at the same time; one more is refused. */
  maxStreamConnections: number
  /** Channels one stream connection may be subscribed to at once. */
  maxSubscriptions: number
}

/** Limits as callers give them: any left out (or undefined) is its default. */
export type ServerLimitsInput = { [K in keyof ServerLimits]?: number | undefined }

/**
 * Headers come in one packet from any real client, so 10 s only ever cuts a stalled or hostile
 * one (Node's 60 s lets a slow-loris hold a socket six times longer). A body is at most 1 MiB:
 * 30 s carries that at 300 kbit/s (Node's 300 s). Keep-alive is Node's 5 s, which clients that
 * read the `Keep-Alive: timeout=5` hint (undici, browsers) stay under. A suite opens a handful
 * of sockets and the fan-out bench a few hundred, so 1,000 connections is never reached by
 * accident; a world has at most 500 symbols, so 1,000 channels is every channel of the biggest
 * world with room to spare (only channels kept across configures can pile up beyond it).
 */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxStreamConnections: 1_000,
  maxSubscriptions: 1_000,
}

/** The longest timeout a setting takes: a day (Node's timers stop at 2^31 - 1 ms anyway). */
export const TIMEOUT_MS_MAX = 24 * 60 * 60 * 1000

/** The most of a count a setting takes (connections, subscriptions). */
export const COUNT_MAX = 10_000_000

const TIMEOUTS = ['headersTimeoutMs', 'requestTimeoutMs', 'keepAliveTimeoutMs'] as const
const COUNTS = ['maxStreamConnections', 'maxSubscriptions'] as const

/** The defaults with `given` over them; a RangeError names the first setting out of range. */
export function resolveServerLimits(given: ServerLimitsInput = {}): ServerLimits {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS }
  for (const [key, value] of Object.entries(given) as Array<[keyof ServerLimits, unknown]>)
    if (value !== undefined) limits[key] = value as number
  for (const key of TIMEOUTS) wholeNumber(key, limits[key], 0, TIMEOUT_MS_MAX)
  for (const key of COUNTS) wholeNumber(key, limits[key], 1, COUNT_MAX)
  const { headersTimeoutMs, requestTimeoutMs } = limits
  // Node refuses this pair too (ERR_OUT_OF_RANGE), with a message naming its own options.
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs)
    throw new RangeError(
      `headersTimeoutMs (${headersTimeoutMs}) must be at most requestTimeoutMs (${requestTimeoutMs}): the headers are part of the request`,
    )
  return limits
}

/**
 * How often Node looks for requests past their timeouts: a quarter of the shorter one, so a cut
 * comes at most 25% late, but no more often than every 25 ms and at least every second (Node's
 * default of 30 s would let a 10 s headers timeout run to 40 s).
 */
export function connectionsCheckingIntervalMs(limits: ServerLimits): number {
  const set = [limits.headersTimeoutMs, limits.requestTimeoutMs].filter((ms) => ms > 0)
  if (set.length === 0) return 1_000
  return Math.min(1_000, Math.max(25, Math.floor(Math.min(...set) / 4)))
}

function wholeNumber(key: keyof ServerLimits, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${key} must be a whole number from ${min} to ${max}, was ${value}`)
}
