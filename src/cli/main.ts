#!/usr/bin/env node
/**
 * `mock-broker serve`: starts the broker for people and containers. Prints where it listens and
 * the seed, so any run can be reproduced.
 */
import { startMockBroker } from '../testing/index.js'
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
  const broker = await startMockBroker({
    port: options.port,
    host: options.host,
    controlToken: options.controlToken,
    journalRetention: options.journalRetention,
    stateDir: options.stateDir,
    restore: options.restore,
    config: { seed: options.seed, scenario: options.scenario, clock },
  })
  const { config } = broker.runtime.sim
  console.log(
    `mock-broker listening on ${broker.url} (seed ${config.seed}, scenario ${config.scenario ?? 'default'}, clock ${config.clock.mode} x${config.clock.speed})`,
  )
  const stop = (signal: string) => {
    console.log(`mock-broker: ${signal}, shutting down`)
    broker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('mock-broker: shutdown failed:', error)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
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
