/**
 * Hand-built historical-replay fixtures for tests of the core, in the plain-data shape the shell
 * hands it (src/sim/market/replay/fixture.ts): rows as `[offsetMs, ...cells]`, line numbers
 * counted from 2 as if the rows followed a header line.
 */
import type { BarFixture, BarRow, TickFixture, TickRow } from '../../src/sim/index.js'

/** `[offsetMs, bid, ask, bidSize?, askSize?, last?]`; a missing cell is null. */
export type TickCells = [
  number,
  string,
  string,
  (string | null)?,
  (string | null)?,
  (string | null)?,
]

/** `[offsetMs, open, high, low, close, volume?]`. */
export type BarCells = [number, string, string, string, string, string?]

export function tickRows(cells: readonly TickCells[], firstLine = 2): TickRow[] {
  return cells.map(([offsetMs, bid, ask, bidSize, askSize, last], i) => ({
    line: firstLine + i,
    offsetMs,
    bid,
    ask,
    bidSize: bidSize ?? null,
    askSize: askSize ?? null,
    last: last ?? null,
  }))
}

export function barRows(cells: readonly BarCells[], firstLine = 2): BarRow[] {
  return cells.map(([offsetMs, open, high, low, close, volume], i) => ({
    line: firstLine + i,
    offsetMs,
    open,
    high,
    low,
    close,
    volume: volume ?? '1000',
  }))
}

/** A one-series tick fixture (no `symbol` column) named `name`. */
export function tickFixture(cells: readonly TickCells[], name = 'ticks'): TickFixture {
  return {
    name,
    fingerprint: 'test',
    format: 'ticks',
    series: [{ symbol: null, rows: tickRows(cells) }],
  }
}

/** A one-series bar fixture named `name`. */
export function barFixture(cells: readonly BarCells[], name = 'bars'): BarFixture {
  return {
    name,
    fingerprint: 'test',
    format: 'bars',
    series: [{ symbol: null, rows: barRows(cells) }],
  }
}
