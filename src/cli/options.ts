/**
 * Command-line flags and their environment variables. A flag wins over its variable, which wins
 * over the default. Unknown flags and bad values are reported, never ignored.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_SERVER_LIMITS, TIMEOUT_MS_MAX } from '../server/server-limits.js'

export interface ServeOptions {
  port: number
  host: string
  seed: number | undefined
  clock: 'manual' | 'realtime' | undefined
  speed: number | undefined
  scenario: string | undefined
  controlToken: string | undefined
  journalRetention: number | undefined
  orderRetention: number | undefined
  stateDir: string | undefined
  restore: string | undefined
  headersTimeoutMs: number | undefined
  requestTimeoutMs: number | undefined
  keepAliveTimeoutMs: number | undefined
  maxStreamConnections: number | undefined
  maxSubscriptions: number | undefined
}

export const USAGE = `Usage: mock-broker serve [options]
       mock-broker report --url URL --out FILE   (mock-broker report --help)

Options (each also settable by the environment variable in brackets):
  --port N            port to listen on, 0 for any free port   [PORT]  (default 4100)
  --host HOST         address to bind                          [HOST]  (default 0.0.0.0)
  --seed N            seed of every random choice               [MOCK_SEED]  (default 42)
  --clock MODE        manual | realtime                         [MOCK_CLOCK]  (default manual)
  --speed X           virtual seconds per wall second (realtime) [MOCK_SPEED]  (default 1)
  --scenario NAME     a scenario of scenarios/ to start with    [MOCK_SCENARIO]
  --journal-retention N  journal events kept for stream replay [MOCK_JOURNAL_RETENTION]  (default 100000)
  --order-retention N    closed orders kept, with their fills  [MOCK_ORDER_RETENTION]  (default 20000)
  --state-dir DIR     write snapshots there as they are taken, load them at start  [MOCK_STATE_DIR]
  --restore NAME      restore this snapshot (id or name) of the state dir at start  [MOCK_RESTORE]
  -h, --help          show this help

Limits against slow or greedy clients (0 turns a timeout off; docs/BEHAVIOUR.md, "Limits"):
  --headers-timeout-ms MS     time to send a request's headers      [MOCK_HEADERS_TIMEOUT_MS]  (default 10000)
  --request-timeout-ms MS     time to send a whole request          [MOCK_REQUEST_TIMEOUT_MS]  (default 30000)
  --keep-alive-timeout-ms MS  idle time of a keep-alive connection  [MOCK_KEEP_ALIVE_TIMEOUT_MS]  (default 5000)
  --max-stream-connections N  socket.io connections at once         [MOCK_MAX_STREAM_CONNECTIONS]  (default 1000)
  --max-subscriptions N       channels per stream connection        [MOCK_MAX_SUBSCRIPTIONS]  (default 1000)

The control plane is open unless MOCK_CONTROL_TOKEN is set. Logs are JSON lines (pino) on stdout;
LOG_LEVEL sets the level (trace, debug, info, warn, error, fatal, silent; debug logs every request).`

export class UsageError extends Error {}

export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv): ServeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      speed: { type: 'string' },
      scenario: { type: 'string' },
      'journal-retention': { type: 'string' },
      'order-retention': { type: 'string' },
      'state-dir': { type: 'string' },
      restore: { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      'keep-alive-timeout-ms': { type: 'string' },
      'max-stream-connections': { type: 'string' },
      'max-subscriptions': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const text = (flag: keyof typeof values, variable: string): string | undefined =>
    values[flag] ?? env[variable] ?? undefined
  const clock = text('clock', 'MOCK_CLOCK')
  if (text('restore', 'MOCK_RESTORE') && !text('state-dir', 'MOCK_STATE_DIR'))
    throw new UsageError('--restore needs --state-dir: the snapshot is read from there')
  if (clock !== undefined && clock !== 'manual' && clock !== 'realtime')
    throw new UsageError(`--clock must be manual or realtime, was ${clock}`)
  const timeout = (flag: keyof typeof values, variable: string) => {
    const value = text(flag, variable)
    return value === undefined ? undefined : integer(value, flag, 0, 0, TIMEOUT_MS_MAX)
  }
  const headersTimeoutMs = timeout('headers-timeout-ms', 'MOCK_HEADERS_TIMEOUT_MS')
  const requestTimeoutMs = timeout('request-timeout-ms', 'MOCK_REQUEST_TIMEOUT_MS')
  // Node refuses the pair otherwise; one left out is its default.
  const headers = headersTimeoutMs ?? DEFAULT_SERVER_LIMITS.headersTimeoutMs
  const request = requestTimeoutMs ?? DEFAULT_SERVER_LIMITS.requestTimeoutMs
  if (request > 0 && headers > request)
    throw new UsageError(
      `--headers-timeout-ms (${headers}) must be at most --request-timeout-ms (${request}): the headers are part of the request`,
    )
  return {
    port: integer(text('port', 'PORT'), 'port', 4100, 0, 65_535),
    host: text('host', 'HOST') ?? '0.0.0.0',
    seed: optionalInteger(text('seed', 'MOCK_SEED'), 'seed'),
    clock,
    speed: optionalNumber(text('speed', 'MOCK_SPEED'), 'speed'),
    scenario: text('scenario', 'MOCK_SCENARIO'),
    controlToken: env.MOCK_CONTROL_TOKEN || undefined,
    journalRetention: optionalCount(
      text('journal-retention', 'MOCK_JOURNAL_RETENTION'),
      'journal-retention',
    ),
    orderRetention: optionalCount(
      text('order-retention', 'MOCK_ORDER_RETENTION'),
      'order-retention',
    ),
    stateDir: text('state-dir', 'MOCK_STATE_DIR') || undefined,
    restore: text('restore', 'MOCK_RESTORE') || undefined,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: timeout('keep-alive-timeout-ms', 'MOCK_KEEP_ALIVE_TIMEOUT_MS'),
    maxStreamConnections: optionalCount(
      text('max-stream-connections', 'MOCK_MAX_STREAM_CONNECTIONS'),
      'max-stream-connections',
    ),
    maxSubscriptions: optionalCount(
      text('max-subscriptions', 'MOCK_MAX_SUBSCRIPTIONS'),
      'max-subscriptions',
    ),
  }
}

function integer(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, was ${value}`)
  return n
}

function optionalInteger(value: string | undefined, name: string): number | undefined {
  return value === undefined
    ? undefined
    : integer(value, name, 0, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
}

function optionalCount(value: string | undefined, name: string): number | undefined {
  return value === undefined ? undefined : integer(value, name, 0, 1, 10_000_000)
}

function optionalNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`--${name} must be a number >= 0, was ${value}`)
  return n
}
