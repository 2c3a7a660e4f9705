/**
 * A historical-replay fixture as the core receives it: plain data, parsed from `fixtures/<name>.csv`
 * by the shell (the core does no I/O), times already turned into offsets from the file's first row.
 * The file format is described in fixtures/README.md.
 *
 * Prices and sizes stay decimal strings exactly as written, so a replayed quote is the file's to
 * the last digit; the core checks them against each symbol's tick and lot grid when it configures
 * (check-fixture.ts). Every row keeps its `line` so a refusal can name it.
 *
 * A world keeps the fixture it was built from (`Simulation.fixture`) and a reset reuses it, so
 * editing the file never changes a reset's future. Its configuration names it only by
 * `marketConfig.source`; `fingerprint` lets a stored reference (a future snapshot) check that the
 * file it reloads is the one it was taken with.
 */
import type { InstrumentConfig, WorldConfig } from '../../config/world-config.js'

/** One quote of a tick file: `time,bid,ask[,bidSize,askSize,last]`. */
export interface TickRow {
  /** The row's line in the file (1 is the header). */
  line: number
  /** Milliseconds after the file's first row. */
  offsetMs: number
  bid: string
  ask: string
  /** null when the file has no size columns (or leaves the cell empty): sizes follow `liquidity`. */
  bidSize: string | null
  askSize: string | null
  /** null when not given: the mid rounded half-even to the tick. */
  last: string | null
}

/** One OHLCV bar: `time,open,high,low,close,volume`; `time` is the bar's start. */
export interface BarRow {
  line: number
  offsetMs: number
  open: string
  high: string
  low: string
  close: string
  volume: string
}

/** The rows of one symbol, in time order; `symbol` null when the file has no `symbol` column. */
export interface ReplaySeries<Row> {
  symbol: string | null
  rows: Row[]
}

interface FixtureBase {
  /** The name `marketConfig.source` gives: the file is `fixtures/<name>.csv`. */
  name: string
  /** A digest of the file's bytes (the shell's choice: hex SHA-256). */
  fingerprint: string
}

export interface TickFixture extends FixtureBase {
  format: 'ticks'
  series: ReplaySeries<TickRow>[]
}

export interface BarFixture extends FixtureBase {
  format: 'bars'
  series: ReplaySeries<BarRow>[]
}

export type ReplayFixture = TickFixture | BarFixture

/** The symbols of `config` that replay the fixture: their own `model`, else the market's. */
export function historicalSymbols(config: WorldConfig): InstrumentConfig[] {
  return config.symbols.filter(
    (symbol) => (symbol.model ?? config.marketConfig.model) === 'historical',
  )
}

/** The series `symbol` replays: the file's only series if it has no `symbol` column, else its own. */
export function seriesOf(
  fixture: ReplayFixture,
  symbol: string,
): ReplaySeries<TickRow> | ReplaySeries<BarRow> | undefined {
  const series: readonly (ReplaySeries<TickRow> | ReplaySeries<BarRow>)[] = fixture.series
  return series.find((s) => s.symbol === null || s.symbol === symbol)
}
