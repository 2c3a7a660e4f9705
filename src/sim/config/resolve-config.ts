/**
 * Merges defaults, a scenario and explicit keys into a complete `WorldConfig`, and checks what
 * the wire schema cannot (positive tick sizes, prices on the tick grid, unique ids...).
 *
 * Precedence, per top-level key: explicit key > scenario's key > default. Objects such as
 * `marketConfig` merge key by key; arrays (`symbols`, `accounts`, `timeline`) replace as a whole.
 */
import { Decimal } from '../decimal.js'
import { LIMITS } from '../limits.js'
import { distributionProblem, type Distribution } from '../random/distribution.js'
import { SessionCalendar } from '../time/session-calendar.js'
import type { ConfigBody, ConfigInput, InstrumentInput } from './config-input.js'
import {
  DEFAULT_ACCOUNT,
  DEFAULT_CLOCK_START,
  DEFAULT_CURRENCY,
  DEFAULT_EXECUTION,
  DEFAULT_LOT_SIZE,
  DEFAULT_MARKET,
  DEFAULT_PRICE,
  DEFAULT_SEED,
  DEFAULT_SYMBOLS,
  DEFAULT_TICK_SIZE,
  KNOWN_SYMBOLS,
} from './defaults.js'
import { checkFixture } from '../market/replay/check-fixture.js'
import { ConfigError } from './config-error.js'
import { checkTimelineSymbols, resolveTimeline } from './timeline.js'
import type {
  AccountConfig,
  CommissionConfig,
  InstrumentConfig,
  LatencyConfig,
  MarketConfig,
  WorldConfig,
} from './world-config.js'

import type { FaultRuleInput } from '../faults/fault-rule-input.js'
import type { FaultRuleSpec } from '../faults/fault-rule.js'
import { resolveFaultRule } from '../faults/resolve-fault-rule.js'

export { ConfigError }

export function resolveConfig(input: ConfigInput): WorldConfig {
  const scenario = input.scenario?.body ?? {}
  const pick = <K extends keyof ConfigBody>(key: K): ConfigBody[K] => input[key] ?? scenario[key]
  const seed = pick('seed') ?? DEFAULT_SEED
  const clock = {
    mode: 'manual' as const,
    start: DEFAULT_CLOCK_START,
    speed: 1,
    ...stripUndefined(scenario.clock),
    ...stripUndefined(input.clock),
  }
  const config: WorldConfig = {
    seed,
    scenario: input.scenario?.name ?? null,
    clock,
    symbols: resolveSymbols(pick('symbols')),
    marketConfig: resolveMarket(scenario, input),
    executionConfig: resolveExecution(scenario, input),
    accounts: pick('accounts')?.map(resolveAccount) ?? [DEFAULT_ACCOUNT],
    session: pick('session') ?? '24x7',
    timeline: resolveTimeline(pick('timeline'), clock.start),
    faults: resolveFaults(pick('faults') ?? []),
  }
  checkConfig(config)
  checkFixture(config, input.fixture ?? null)
  return config
}

function resolveFaults(inputs: readonly FaultRuleInput[]): FaultRuleSpec[] {
  return inputs.map((input, i) => {
    const spec = resolveFaultRule(input)
    if (!spec.ok)
      throw new ConfigError(spec.error.message, `faults[${i}].${spec.error.details.path}`)
    return spec.value
  })
}

/** Key by key; `depthRefillMs` defaults to the resolved `updateFrequency` (one quote). */
function resolveMarket(scenario: ConfigBody, input: ConfigBody): MarketConfig {
  const given = { ...stripUndefined(scenario.marketConfig), ...stripUndefined(input.marketConfig) }
  const updateFrequency = given.updateFrequency ?? DEFAULT_MARKET.updateFrequency
  return { ...DEFAULT_MARKET, depthRefillMs: updateFrequency, ...given }
}

function resolveExecution(scenario: ConfigBody, input: ConfigBody): WorldConfig['executionConfig'] {
  const given = {
    ...DEFAULT_EXECUTION,
    ...stripUndefined(scenario.executionConfig),
    ...stripUndefined(input.executionConfig),
  }
  return {
    ...given,
    latency: resolveLatency(scenario, input, given.latencyMin, given.latencyMax),
    commission: resolveCommission(scenario, input),
  }
}

/**
 * Per action: the explicit distribution, else the scenario's, else uniform [latencyMin,
 * latencyMax] written out, which World.latencyMs draws exactly as before distributions existed.
 * A distribution replaces another as a whole; it is not merged key by key.
 */
function resolveLatency(
  scenario: ConfigBody,
  input: ConfigBody,
  latencyMin: number,
  latencyMax: number,
): LatencyConfig {
  const pickFor = (action: keyof LatencyConfig): Distribution =>
    input.executionConfig?.latency?.[action] ??
    scenario.executionConfig?.latency?.[action] ?? {
      type: 'uniform',
      min: latencyMin,
      max: latencyMax,
    }
  return { submit: pickFor('submit'), cancel: pickFor('cancel'), replace: pickFor('replace') }
}

/** Key by key, `maker` and `taker` too; each side's missing rate is the resolved base rate. */
function resolveCommission(scenario: ConfigBody, input: ConfigBody): CommissionConfig {
  const scenarioGiven = scenario.executionConfig?.commission
  const inputGiven = input.executionConfig?.commission
  const { perShare, bps, minimum } = {
    ...DEFAULT_EXECUTION.commission,
    ...stripUndefined(scenarioGiven),
    ...stripUndefined(inputGiven),
  }
  const side = (liquidity: 'maker' | 'taker') => ({
    perShare,
    bps,
    ...stripUndefined(scenarioGiven?.[liquidity]),
    ...stripUndefined(inputGiven?.[liquidity]),
  })
  return { perShare, bps, minimum, maker: side('maker'), taker: side('taker') }
}

function resolveSymbols(symbols: ConfigBody['symbols']): InstrumentConfig[] {
  return (symbols ?? DEFAULT_SYMBOLS).map(resolveInstrument)
}

function resolveInstrument(input: InstrumentInput): InstrumentConfig {
  const given = typeof input === 'string' ? { symbol: input } : input
  const symbol = given.symbol.toUpperCase()
  const known = KNOWN_SYMBOLS[symbol]
  return {
    symbol,
    name: given.name ?? known?.name ?? symbol,
    price: given.price ?? known?.price ?? DEFAULT_PRICE,
    tickSize: given.tickSize ?? DEFAULT_TICK_SIZE,
    lotSize: given.lotSize ?? DEFAULT_LOT_SIZE,
    currency: given.currency ?? DEFAULT_CURRENCY,
    model: given.model ?? null,
  }
}

function resolveAccount(input: NonNullable<ConfigBody['accounts']>[number]): AccountConfig {
  const limits = input.limits ?? {}
  return {
    id: input.id,
    cash: input.cash,
    currency: input.currency ?? DEFAULT_ACCOUNT.currency,
    apiKey: input.apiKey ?? null,
    leverage: input.leverage ?? DEFAULT_ACCOUNT.leverage,
    allowShort: input.allowShort ?? DEFAULT_ACCOUNT.allowShort,
    positions: (input.positions ?? []).map((p) => ({ ...p, symbol: p.symbol.toUpperCase() })),
    limits: {
      maxOrderQty: limits.maxOrderQty ?? null,
      maxOrderNotional: limits.maxOrderNotional ?? null,
      maxPosition: limits.maxPosition ?? null,
      dailyLossLimit: limits.dailyLossLimit ?? null,
    },
  }
}

function checkConfig(config: WorldConfig): void {
  const { executionConfig: exec, clock } = config
  const startMs = Date.parse(clock.start)
  if (!Number.isFinite(startMs) || startMs < LIMITS.timeMsMin || startMs > LIMITS.timeMsMax) {
    throw new ConfigError('clock.start must be a time from 1970-01-01 to 9999-12-31', 'clock.start')
  }
  if (exec.latencyMin > exec.latencyMax) {
    throw new ConfigError(
      `executionConfig.latencyMin (${exec.latencyMin}) must not exceed latencyMax (${exec.latencyMax})`,
      'executionConfig.latencyMin',
    )
  }
  checkLatency(exec.latency)
  checkCommission(exec.commission)
  try {
    new SessionCalendar(config.session)
  } catch (error) {
    throw new ConfigError(`session is invalid: ${(error as Error).message}`, 'session')
  }
  checkMarket(config.marketConfig)
  checkInstruments(config.symbols)
  checkAccounts(config.accounts, new Set(config.symbols.map((s) => s.symbol)))
  checkTimelineSymbols(config.timeline, new Set(config.symbols.map((s) => s.symbol)))
}

/** Each action's distribution; the wire schema checks the same, this is for direct core callers. */
function checkLatency(latency: LatencyConfig): void {
  for (const [action, dist] of Object.entries(latency) as [string, Distribution][]) {
    const problem = distributionProblem(dist)
    if (problem === null) continue
    throw new ConfigError(
      `executionConfig.latency.${action} (${dist.type}): ${problem.message}`,
      `executionConfig.latency.${action}.${problem.field}`,
    )
  }
}

function checkCommission(commission: CommissionConfig): void {
  const rates: [string, string][] = [
    ['perShare', commission.perShare],
    ['bps', commission.bps],
    ['minimum', commission.minimum],
    ...(['maker', 'taker'] as const).flatMap((side): [string, string][] => [
      [`${side}.perShare`, commission[side].perShare],
      [`${side}.bps`, commission[side].bps],
    ]),
  ]
  for (const [key, value] of rates) {
    if (Decimal.parse(value).isNegative())
      throw new ConfigError(
        `commission.${key} must not be negative`,
        `executionConfig.commission.${key}`,
      )
  }
}

/** The price-model parameters the wire schema bounds too, checked again for direct core callers. */
function checkMarket(market: MarketConfig): void {
  if (!(market.halfLife > 0))
    throw new ConfigError('marketConfig.halfLife must be positive', 'marketConfig.halfLife')
  if (!(market.momentum >= 0 && market.momentum < 1))
    throw new ConfigError('marketConfig.momentum must be in [0, 1)', 'marketConfig.momentum')
  const refillMs = market.depthRefillMs
  if (!(Number.isSafeInteger(refillMs) && refillMs >= 0 && refillMs <= LIMITS.advanceMsMax)) {
    throw new ConfigError(
      'marketConfig.depthRefillMs must be a whole number of ms from 0 to one year',
      'marketConfig.depthRefillMs',
    )
  }
  const clustering = market.volatilityClustering
  if (clustering === null) return
  const { alpha, beta } = clustering
  if (!(alpha >= 0 && beta >= 0 && alpha + beta < 1)) {
    throw new ConfigError(
      `marketConfig.volatilityClustering needs alpha >= 0, beta >= 0 and alpha + beta < 1, was alpha ${alpha}, beta ${beta}`,
      'marketConfig.volatilityClustering',
    )
  }
}

function checkInstruments(symbols: InstrumentConfig[]): void {
  if (symbols.length === 0) throw new ConfigError('at least one symbol is required', 'symbols')
  const seen = new Set<string>()
  symbols.forEach((s, i) => {
    const at = `symbols[${i}]`
    if (seen.has(s.symbol)) throw new ConfigError(`symbol ${s.symbol} is listed twice`, at)
    seen.add(s.symbol)
    const tick = Decimal.parse(s.tickSize)
    if (!tick.isPositive())
      throw new ConfigError(`${s.symbol}: tickSize must be positive`, `${at}.tickSize`)
    if (!Decimal.parse(s.lotSize).isPositive())
      throw new ConfigError(`${s.symbol}: lotSize must be positive`, `${at}.lotSize`)
    const price = Decimal.parse(s.price)
    if (!price.isPositive())
      throw new ConfigError(`${s.symbol}: price must be positive`, `${at}.price`)
    if (!price.isMultipleOf(tick)) {
      throw new ConfigError(
        `${s.symbol}: price ${s.price} is not a multiple of tickSize ${s.tickSize}`,
        `${at}.price`,
      )
    }
  })
}

function checkAccounts(accounts: AccountConfig[], symbols: Set<string>): void {
  if (accounts.length === 0) throw new ConfigError('at least one account is required', 'accounts')
  const seen = new Set<string>()
  accounts.forEach((a, i) => {
    if (seen.has(a.id))
      throw new ConfigError(`account ${a.id} is listed twice`, `accounts[${i}].id`)
    seen.add(a.id)
    if (Decimal.parse(a.cash).isNegative())
      throw new ConfigError(`account ${a.id}: cash must not be negative`, `accounts[${i}].cash`)
    a.positions.forEach((p, j) => {
      if (!symbols.has(p.symbol)) {
        throw new ConfigError(
          `account ${a.id}: position in unknown symbol ${p.symbol}`,
          `accounts[${i}].positions[${j}].symbol`,
        )
      }
    })
    for (const [key, value] of Object.entries(a.limits)) {
      if (value !== null && !Decimal.parse(value).isPositive()) {
        throw new ConfigError(
          `account ${a.id}: limits.${key} must be positive`,
          `accounts[${i}].limits.${key}`,
        )
      }
    }
  })
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {}
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
