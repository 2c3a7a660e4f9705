/**
 * The fixture CSV parser: both formats from the header, a symbol column, comments, and every
 * syntax refusal as `400 invalid_request` naming the file and the line.
 */
import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/index.js'
import { parseFixtureCsv } from './fixture-csv.js'

const parse = (text: string) => parseFixtureCsv('f', text, 'digest')

/** The refusal of parsing `text`: its message and details. */
function refusal(text: string): { message: string; details: Record<string, unknown> } {
  try {
    parse(text)
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('invalid_request')
    return { message: (error as ApiError).message, details: (error as ApiError).details }
  }
  throw new Error('expected a refusal')
}

describe('a tick file', () => {
  it('becomes one series with offsets from the first row, cells as written', () => {
    const fixture = parse(
      [
        '# synthetic',
        'time,bid,ask,bidSize,askSize,last',
        '2024-01-02T14:30:00Z,187.10,187.12,300,200,187.11',
        '',
        '2024-01-02T09:30:01.500-05:00,187.11,187.13,,,',
      ].join('\r\n'),
    )
    expect(fixture).toEqual({
      name: 'f',
      fingerprint: 'digest',
      format: 'ticks',
      series: [
        {
          symbol: null,
          rows: [
            {
              line: 3,
              offsetMs: 0,
              bid: '187.10',
              ask: '187.12',
              bidSize: '300',
              askSize: '200',
              last: '187.11',
            },
            {
              line: 5,
              offsetMs: 1_500,
              bid: '187.11',
              ask: '187.13',
              bidSize: null,
              askSize: null,
              last: null,
            },
          ],
        },
      ],
    })
  })

  it('takes columns in any order and case, and a symbol column for several symbols', () => {
    const fixture = parse(
      [
        'Symbol,TIME,ask,bid',
        'aapl,2024-01-02T14:30:00Z,1.01,1.00',
        'MSFT,2024-01-02T14:30:00Z,2.01,2.00',
        'AAPL,2024-01-02T14:30:02Z,1.02,1.01',
      ].join('\n'),
    )
    expect(fixture.series.map((s) => [s.symbol, s.rows.map((r) => [r.line, r.offsetMs])])).toEqual([
      [
        'AAPL',
        [
          [2, 0],
          [4, 2_000],
        ],
      ],
      ['MSFT', [[3, 0]]],
    ])
  })
})

it('reads a bar file, dates alone being UTC midnight', () => {
  const fixture = parse(
    'time,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,11,10,10.8,200\n',
  )
  expect(fixture.format).toBe('bars')
  expect(fixture.series[0]?.rows[1]).toEqual({
    line: 3,
    offsetMs: 86_400_000,
    open: '10.5',
    high: '11',
    low: '10',
    close: '10.8',
    volume: '200',
  })
})

describe('a malformed file', () => {
  const HEADER = 'time,bid,ask'
  const ROW = '2024-01-02T14:30:00Z,1.00,1.01'

  it.each([
    ['', 'line 1: the file is empty'],
    [HEADER, 'line 1: the file has a header but no rows'],
    ['time,price\n', 'line 1: unknown column "price"'],
    ['time,volume\n', 'line 1: the header must name tick columns'],
    ['time,bid,ask,open\n', 'line 1: column open does not belong in a ticks file'],
    ['time,bid,ask,bid\n', 'line 1: column bid appears twice'],
    ['bid,ask\n', 'line 1: column time is missing'],
    ['time,bid,ask,bidSize\n', 'line 1: bidSize and askSize come together'],
    [`${HEADER}\n${ROW},3`, 'line 2: expected 3 cells (time,bid,ask), found 4'],
    [`${HEADER}\n${ROW}\n2024-01-02 14:30:01,1,2`, 'line 3: time "2024-01-02 14:30:01" is not'],
    [`${HEADER}\n2024-01-02T14:30:00,1,2`, 'line 2: time "2024-01-02T14:30:00" is not'],
    [`${HEADER}\n2024-13-02T14:30:00Z,1,2`, 'line 2: time "2024-13-02T14:30:00Z" is not'],
    [`${HEADER}\n${ROW}\n2024-01-02T14:30:01Z,1e2,2`, 'line 3: bid "1e2" is not a plain decimal'],
    [`${HEADER}\n${ROW}\n2024-01-02T14:30:01Z,,2`, 'line 3: bid is empty'],
    [`${HEADER}\n${ROW}\n2024-01-02T14:29:59Z,1,2`, 'line 3: time 2024-01-02T14:29:59Z is before'],
    [`${HEADER}\n${ROW}\n${ROW}`, 'line 3: the series already has a row at 2024-01-02T14:30:00Z'],
    ['symbol,time,bid,ask\nA/B,2024-01-02T14:30:00Z,1,2', 'line 2: symbol "A/B" is not'],
  ])('%j is refused: %s', (text, expected) => {
    const { message, details } = refusal(text)
    expect(message).toContain(`fixtures/f.csv, ${expected}`)
    expect(details).toEqual({ source: 'f', line: Number(/line (\d+)/.exec(expected)?.[1]) })
  })
})
