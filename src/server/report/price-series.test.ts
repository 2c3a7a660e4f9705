import { describe, expect, it } from 'vitest'
import type { PricePoint } from '../../api/schemas/report.js'
import type { JournalEvent, QuoteView } from '../../sim/index.js'
import { downsample, pointsPerSymbol, priceSeries } from './price-series.js'

function point(i: number, mid: number): PricePoint {
  const time = new Date(Date.UTC(2026, 0, 5, 14, 30) + i * 1000).toISOString()
  return { time, bid: (mid - 0.05).toFixed(2), ask: (mid + 0.05).toFixed(2), last: mid.toFixed(2) }
}

describe('downsample', () => {
  it('keeps a short series as it is', () => {
    const points = Array.from({ length: 10 }, (_, i) => point(i, 100 + i))
    expect(downsample(points, 1000)).toEqual(points)
  })

  it('keeps at most the limit, in time order, with the first, last, lowest and highest', () => {
    // A gentle wave with one spike down and one up, each a single quote wide.
    const points = Array.from({ length: 50_000 }, (_, i) => point(i, 100 + Math.sin(i / 500)))
    points[12_345] = point(12_345, 50)
    points[33_333] = point(33_333, 150)
    const kept = downsample(points, 1000)
    expect(kept.length).toBeLessThanOrEqual(1000)
    expect(kept.length).toBeGreaterThan(300)
    expect(kept[0]).toBe(points[0])
    expect(kept[kept.length - 1]).toBe(points[points.length - 1])
    expect(kept).toContain(points[12_345])
    expect(kept).toContain(points[33_333])
    const times = kept.map((p) => Date.parse(p.time))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })
})

describe('priceSeries', () => {
  const quote = (symbol: string, time: string, bid: string): QuoteView => ({
    symbol,
    bid,
    ask: bid,
    bidSize: '100',
    askSize: '100',
    last: bid,
    time,
  })
  const event = (seq: number, q: QuoteView): JournalEvent => ({
    seq,
    type: 'quote.updated',
    timeMs: Date.parse(q.time),
    accountId: null,
    data: { quote: q },
  })

  it('splits the quote events by symbol, and falls back to the current quote', () => {
    const t1 = '2026-01-05T14:30:01.000Z'
    const t2 = '2026-01-05T14:30:02.000Z'
    const series = priceSeries(
      [event(1, quote('A', t1, '10')), event(2, quote('A', t2, '11'))],
      [quote('A', t2, '11'), quote('B', t1, '20')],
    )
    expect(series.map((s) => [s.symbol, s.quotes, s.points.map((p) => p.last)])).toEqual([
      ['A', 2, ['10', '11']],
      ['B', 0, ['20']],
    ])
  })
})

describe('pointsPerSymbol', () => {
  it('gives each symbol 1000 points, fewer when many symbols share 100,000, never below 60', () => {
    expect(pointsPerSymbol(1)).toBe(1000)
    expect(pointsPerSymbol(100)).toBe(1000)
    expect(pointsPerSymbol(400)).toBe(250)
    expect(pointsPerSymbol(10_000)).toBe(60)
  })
})
