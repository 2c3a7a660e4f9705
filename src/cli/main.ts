#!/usr/bin/env node
/**
 * `mock-broker serve`: starts the broker for people and containers. Prints where it listens and
 * the seed, so any run can be reproduced.
 */
import { pino, type Logger } from 'pino'
import { startMockBroker, type MockBroker } from '../testing/index.js'
import { USAGE, UsageError, parseServeOptions } from './options.js'
import { runReportCommand } from './report-command.js'

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv
  if (command === 'report') {
    process.exitCode = await runReportCommand(rest, process.env)
    return
  }
  if (command === '-h' || command === '--help' || rest.includes('-h') || rest.includes('--help')) {
    console.log(USAGE)
    return
  }
  if (command !== 'serve') throw new UsageError(`unknown command ${command}`)
  const options = parseServeOptions(rest, process.env)
  const clock =
    options.clock === undefined && options.speed === undefined
      ? undefined
      : { mode: options.clock, speed: options.speed }
  const logger = createLogger(process.env.LOG_LEVEL)
  const broker = await startMockBroker({
    port: options.port,
    host: options.host,
    controlToken: options.controlToken,
    journalRetention: options.journalRetention,
    orderRetention: options.orderRetention,
    stateDir: options.stateDir,
    restore: options.restore,
    headersTimeoutMs: options.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs,
    maxStreamConnections: options.maxStreamConnections,
    maxSubscriptions: options.maxSubscriptions,
    config: { seed: options.seed, scenario: options.scenario, clock },
    logger,
  })
  const { config } = broker.runtime.sim
  logger.info(
    { url: broker.url, seed: config.seed, scenario: config.scenario, clock: config.clock },
    `mock-broker listening on ${broker.url} (seed ${config.seed}, scenario ${config.scenario ?? 'default'}, clock ${config.clock.mode} x${config.clock.speed})`,
  )
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, `mock-broker: ${signal}, shutting down`)
    // A hung shutdown must not keep an orchestrator waiting past its own kill timeout.
    // SIGKILL, not process.exit: exit handlers (the logger flushing into a full pipe) could block.
    setTimeout(() => {
      process.stderr.write('mock-broker: shutdown took too long, killing the process\n')
      process.kill(process.pid, 'SIGKILL')
    }, SHUTDOWN_LIMIT_MS).unref()
    shutdown(broker, options.stateDir !== undefined).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'mock-broker: shutdown failed')
        process.exit(1)
      },
    )
  }
  // `on`, not `once`: a second signal during the shutdown must not fall to Node's default (die).
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

/** Whatever happens, a shutdown ends within this (then the process kills itself). */
const SHUTDOWN_LIMIT_MS = 8_000

/**
 * Stops serving (requests in flight finish, stream clients are told), then, with a state
 * directory, writes the world as the snapshot `shutdown` so `--restore shutdown` resumes it.
 */
async function shutdown(broker: MockBroker, persist: boolean): Promise<void> {
  await broker.close()
  if (persist && broker.snapshots !== undefined)
    await broker.snapshots.take(broker.runtime.sim, 'shutdown')
}

function createLogger(level: string | undefined): Logger {
  const chosen = level ?? 'info'
  if (!(chosen in pino.levels.values) && chosen !== 'silent')
    throw new UsageError(
      `LOG_LEVEL must be one of ${Object.keys(pino.levels.values).join(', ')} or silent, was ${chosen}`,
    )
  return pino({ level: chosen, base: { service: 'mock-broker' } })
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    console.error(`mock-broker: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  console.error('mock-broker: failed to start:', error)
  process.exit(1)
})
