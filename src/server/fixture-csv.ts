/**
 * Parses a fixture CSV (the formats are in fixtures/README.md) into the plain data the core
 * replays: the format from the header, one series per symbol, times as offsets from the file's
 * first row. This is the syntax half of the checks: columns, cells, ISO times, time order. The
 * core checks the values against the configuration (tick grid, bid below ask; check-fixture.ts).
 *
 * Kept deliberately small: commas only, no quoting (no cell needs a comma), `#` comment lines
 * and blank lines skipped, column names case-insensitive and in any order. Every refusal is a
 * `400 invalid_request` naming the file and the line, with both in `details`.
 */
import { ApiError } from '../api/index.js'
import type { BarRow, ReplayFixture, ReplaySeries, TickRow } from '../sim/index.js'

/** Most data rows one fixture may hold (about 60 MB of ticks). */
export const FIXTURE_ROWS_MAX = 1_000_000

const TICK_COLUMNS = ['time', 'bid', 'ask', 'bidSize', 'askSize', 'last'] as const
const BAR_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const
const OPTIONAL = new Set(['symbol', 'bidSize', 'askSize', 'last'])

/** ISO-8601 with a zone (`Z` or `±hh:mm`), or a date alone (UTC midnight); at most ms. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/
const DECIMAL = /^-?\d{1,20}(\.\d{1,12})?$/
const SYMBOL = /^[A-Za-z0-9.-]{1,16}$/

type Cells = Record<string, string>

export function parseFixtureCsv(name: string, text: string, fingerprint: string): ReplayFixture {
  const file = `fixtures/${name}.csv`
  const fail = (line: number, problem: string): never => {
    throw new ApiError('invalid_request', `${file}, line ${line}: ${problem}`, {
      source: name,
      line,
    })
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const rows = lines
    .map((content, i) => ({ line: i + 1, content: content.trim() }))
    .filter(({ content }) => content.length > 0 && !content.startsWith('#'))
  const [header, ...data] = rows
  if (header === undefined) return fail(1, 'the file is empty: it needs a header and rows')
  const { format, columns } = readHeader(header.content, (problem) => fail(header.line, problem))
  if (data.length === 0) return fail(header.line, 'the file has a header but no rows')
  if (data.length > FIXTURE_ROWS_MAX)
    return fail(data[FIXTURE_ROWS_MAX]?.line ?? 1, `more than ${FIXTURE_ROWS_MAX} rows`)

  const series = new Map<string | null, ReplaySeries<TickRow | BarRow>>()
  const lastTime = new Map<string | null, { ms: number; line: number }>()
  let firstMs: number | undefined
  let previous: { ms: number; line: number } | undefined
  for (const { line, content } of data) {
    const cells = readCells(content, columns, (problem) => fail(line, problem))
    const ms = readTime(cells.time as string, (problem) => fail(line, problem))
    if (previous !== undefined && ms < previous.ms)
      fail(line, `time ${cells.time} is before the previous row's (line ${previous.line})`)
    const symbol = cells.symbol === undefined ? null : cells.symbol.toUpperCase()
    const before = lastTime.get(symbol)
    if (before !== undefined && ms === before.ms)
      fail(
        line,
        `${symbol ?? 'the series'} already has a row at ${cells.time} (line ${before.line})`,
      )
    firstMs ??= ms
    previous = { ms, line }
    lastTime.set(symbol, previous)
    const row =
      format === 'ticks' ? tickRow(line, ms - firstMs, cells) : barRow(line, ms - firstMs, cells)
    const own = series.get(symbol) ?? { symbol, rows: [] }
    own.rows.push(row)
    series.set(symbol, own)
  }
  return { name, fingerprint, format, series: [...series.values()] } as ReplayFixture
}

function readHeader(
  content: string,
  fail: (problem: string) => never,
): { format: 'ticks' | 'bars'; columns: string[] } {
  const known = [...TICK_COLUMNS, ...BAR_COLUMNS, 'symbol']
  const columns = content.split(',').map((cell) => {
    const column = known.find((k) => k.toLowerCase() === cell.trim().toLowerCase())
    return column ?? fail(`unknown column "${cell.trim()}"`)
  })
  const format = columns.includes('bid') ? 'ticks' : columns.includes('open') ? 'bars' : null
  if (format === null) {
    return fail(
      'the header must name tick columns (time,bid,ask[,bidSize,askSize,last]) or bar columns (time,open,high,low,close,volume), plus symbol for several symbols',
    )
  }
  const allowed: readonly string[] = format === 'ticks' ? TICK_COLUMNS : BAR_COLUMNS
  for (const column of columns) {
    if (column !== 'symbol' && !allowed.includes(column))
      fail(`column ${column} does not belong in a ${format} file`)
    if (columns.indexOf(column) !== columns.lastIndexOf(column))
      fail(`column ${column} appears twice`)
  }
  for (const column of allowed) {
    if (!OPTIONAL.has(column) && !columns.includes(column)) fail(`column ${column} is missing`)
  }
  if (columns.includes('bidSize') !== columns.includes('askSize'))
    fail('bidSize and askSize come together')
  return { format, columns }
}

function readCells(content: string, columns: string[], fail: (problem: string) => never): Cells {
  const values = content.split(',').map((cell) => cell.trim())
  if (values.length !== columns.length) {
    fail(`expected ${columns.length} cells (${columns.join(',')}), found ${values.length}`)
  }
  const cells: Cells = {}
  columns.forEach((column, i) => {
    const value = values[i] as string
    if (value === '') {
      if (OPTIONAL.has(column) && column !== 'symbol') return
      fail(`${column} is empty`)
    }
    if (column === 'symbol' && !SYMBOL.test(value))
      fail(`symbol "${value}" is not 1 to 16 letters, digits, "." or "-"`)
    if (column !== 'time' && column !== 'symbol' && !DECIMAL.test(value))
      fail(`${column} "${value}" is not a plain decimal such as 185.25`)
    cells[column] = value
  })
  return cells
}

function readTime(text: string, fail: (problem: string) => never): number {
  const ms = ISO_TIME.test(text) ? Date.parse(text) : NaN
  if (!Number.isFinite(ms)) {
    fail(`time "${text}" is not ISO-8601 with a zone, such as 2024-01-02T14:30:00Z, or a date`)
  }
  return ms
}

function tickRow(line: number, offsetMs: number, cells: Cells): TickRow {
  return {
    line,
    offsetMs,
    bid: cells.bid as string,
    ask: cells.ask as string,
    bidSize: cells.bidSize ?? null,
    askSize: cells.askSize ?? null,
    last: cells.last ?? null,
  }
}

function barRow(line: number, offsetMs: number, cells: Cells): BarRow {
  return {
    line,
    offsetMs,
    open: cells.open as string,
    high: cells.high as string,
    low: cells.low as string,
    close: cells.close as string,
    volume: cells.volume as string,
  }
}
