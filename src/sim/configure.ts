/** Builds a world from what a caller sent: resolve the config, then start a simulation on it. */
import type { ConfigInput } from './config/config-input.js'
import { ConfigError, resolveConfig } from './config/resolve-config.js'
import type { WorldConfig } from './config/world-config.js'
import { DecimalFormatError } from './decimal.js'
import { fail, ok, type Result } from './result.js'
import { Simulation } from './simulation.js'

export function configureConfig(input: ConfigInput): Result<WorldConfig> {
  try {
    return ok(resolveConfig(input))
  } catch (error) {
    if (error instanceof ConfigError)
      return fail('invalid_request', error.message, { path: error.path })
    if (error instanceof DecimalFormatError) return fail('invalid_request', error.message, {})
    throw error
  }
}

export function configureSimulation(input: ConfigInput, epoch: number): Result<Simulation> {
  const config = configureConfig(input)
  return config.ok
    ? ok(Simulation.create(config.value, { epoch, fixture: input.fixture ?? null }))
    : config
}
