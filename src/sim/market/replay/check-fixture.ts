/**
 * Checks, when a world is configured, that the fixture its historical symbols replay can be
 * replayed: it is the one `marketConfig.source` names, it has rows for each of them, its times
 * never go back, and its prices and sizes make valid quotes on each symbol's tick and lot grid.
 * Misaligned rows are refused rather than rounded, so a replay shows exactly the file's prices.
 *
 * The shell has already parsed the file (syntax, columns, ISO times, time order); these are the
 * checks that need the configuration, repeated where cheap for callers of the core that build a
 * fixture by hand. Every refusal names the file and the line.
 */
import { ConfigError } from '../../config/config-error.js'
import type { InstrumentConfig, WorldConfig } from '../../config/world-config.js'
import { Decimal } from '../../decimal.js'
import {
  historicalSymbols,
  seriesOf,
  type BarRow,
  type ReplayFixture,
  type TickRow,
} from './fixture.js'

const PATH = 'marketConfig.source'

/** A symbol's grids, parsed once. */
interface Grid {
  symbol: string
  tickSize: string
  lotSize: string
  tick: Decimal
  lot: Decimal
}

function toGrid(symbol: InstrumentConfig): Grid {
  const { tickSize, lotSize } = symbol
  const [tick, lot] = [Decimal.parse(tickSize), Decimal.parse(lotSize)]
  return { symbol: symbol.symbol, tickSize, lotSize, tick, lot }
}

export function checkFixture(config: WorldConfig, fixture: ReplayFixture | null): void {
  const symbols = historicalSymbols(config)
  if (symbols.length === 0) return
  const names = symbols.map((s) => s.symbol).join(', ')
  const source = config.marketConfig.source
  if (source === null) {
    throw new ConfigError(
      `${names} use the historical model, which replays a fixture: set marketConfig.source to the name of a file in fixtures/`,
      PATH,
    )
  }
  if (fixture === null || fixture.name !== source) {
    throw new ConfigError(
      `fixture ${source} was not loaded: the shell reads marketConfig.source from fixtures/ and hands it to the core`,
      PATH,
    )
  }
  for (const symbol of symbols) {
    const series = seriesOf(fixture, symbol.symbol)
    if (series === undefined) {
      const has = fixture.series.map((s) => s.symbol).join(', ')
      throw new ConfigError(
        `fixture ${source} has no rows for ${symbol.symbol} (it has ${has})`,
        PATH,
      )
    }
    const at = (line: number) => `fixture ${source}, line ${line}`
    checkTimes(series.rows, fixture.format === 'bars' ? 2 : 1, symbol.symbol, at)
    const grid = toGrid(symbol)
    if (fixture.format === 'ticks') {
      for (const row of series.rows as TickRow[]) checkTick(row, grid, at(row.line))
    } else {
      for (const row of series.rows as BarRow[]) checkBar(row, grid, at(row.line))
    }
  }
}

function checkTimes(
  rows: readonly { line: number; offsetMs: number }[],
  least: number,
  symbol: string,
  at: (line: number) => string,
): void {
  if (rows.length < least) {
    const what =
      least === 1 ? 'at least one row' : `at least ${least} bars (a bar lasts until the next)`
    throw new ConfigError(`${at(rows[0]?.line ?? 1)}: ${symbol} needs ${what}`, PATH)
  }
  let previous = -1
  for (const { line, offsetMs } of rows) {
    if (!Number.isSafeInteger(offsetMs) || offsetMs <= previous) {
      throw new ConfigError(
        `${at(line)}: time must be later than the previous ${symbol} row's`,
        PATH,
      )
    }
    previous = offsetMs
  }
}

function checkTick(row: TickRow, symbol: Grid, at: string): void {
  const bid = price(row.bid, 'bid', symbol, at)
  const ask = price(row.ask, 'ask', symbol, at)
  if (!bid.lt(ask))
    throw new ConfigError(`${at}: bid ${row.bid} must be below ask ${row.ask}`, PATH)
  if (row.last !== null) price(row.last, 'last', symbol, at)
  if (row.bidSize !== null) size(row.bidSize, 'bidSize', symbol, at)
  if (row.askSize !== null) size(row.askSize, 'askSize', symbol, at)
}

function checkBar(row: BarRow, symbol: Grid, at: string): void {
  const open = price(row.open, 'open', symbol, at)
  const high = price(row.high, 'high', symbol, at)
  const low = price(row.low, 'low', symbol, at)
  const close = price(row.close, 'close', symbol, at)
  if (high.lt(Decimal.max(open, close)) || low.gt(Decimal.min(open, close))) {
    throw new ConfigError(
      `${at}: high ${row.high} and low ${row.low} must enclose open ${row.open} and close ${row.close}`,
      PATH,
    )
  }
  const volume = Decimal.tryParse(row.volume)
  if (volume === undefined || volume.isNegative())
    throw new ConfigError(`${at}: volume ${row.volume} must be a non-negative decimal`, PATH)
}

/** A positive price on the symbol's tick grid. */
function price(text: string, column: string, symbol: Grid, at: string): Decimal {
  const value = Decimal.tryParse(text)
  if (value === undefined || !value.isPositive())
    throw new ConfigError(`${at}: ${column} ${text} must be a positive decimal`, PATH)
  if (!value.isMultipleOf(symbol.tick)) {
    throw new ConfigError(
      `${at}: ${column} ${text} is not on ${symbol.symbol}'s tick grid (tickSize ${symbol.tickSize})`,
      PATH,
    )
  }
  return value
}

/** A non-negative size in whole lots of the symbol. */
function size(text: string, column: string, symbol: Grid, at: string): void {
  const value = Decimal.tryParse(text)
  if (value === undefined || value.isNegative())
    throw new ConfigError(`${at}: ${column} ${text} must be a non-negative decimal`, PATH)
  if (!value.isMultipleOf(symbol.lot)) {
    throw new ConfigError(
      `${at}: ${column} ${text} is not a whole number of ${symbol.symbol}'s lots (lotSize ${symbol.lotSize})`,
      PATH,
    )
  }
}
