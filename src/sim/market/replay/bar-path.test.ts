/**
 * The bar path rule of fixtures/README.md, point by point: open, the two extremes and the close at
 * 0, L/4, L/2 and 3L/4 of the bar length, low first on an up bar, and the length taken from the
 * smallest gap between bars.
 */
import { expect, it } from 'vitest'
import { Decimal } from '../../decimal.js'
import { barLengthMs, barPath, type BarPrices } from './bar-path.js'

const bar = (offsetMs: number, o: string, h: string, l: string, c: string): BarPrices => ({
  offsetMs,
  open: Decimal.parse(o),
  high: Decimal.parse(h),
  low: Decimal.parse(l),
  close: Decimal.parse(c),
})

const plain = (points: ReturnType<typeof barPath>) =>
  points.map((p) => [p.offsetMs, p.price.toString(), p.glides])

it('visits open, high, low, close on a down bar and open, low, high, close on an up bar', () => {
  const down = bar(0, '10', '12', '8', '9')
  const up = bar(60_000, '9', '13', '7', '11')
  expect(plain(barPath([down, up]))).toEqual([
    [0, '10', true],
    [15_000, '12', true],
    [30_000, '8', true],
    [45_000, '9', false],
    [60_000, '9', true],
    [75_000, '7', true],
    [90_000, '13', true],
    [105_000, '11', false],
  ])
})

it('treats a flat bar (close equal to open) as a down bar: high first', () => {
  const flat = bar(0, '10', '11', '9', '10')
  expect(plain(barPath([flat, bar(4, '10', '10', '10', '10')])).slice(0, 4)).toEqual([
    [0, '10', true],
    [1, '11', true],
    [2, '9', true],
    [3, '10', false],
  ])
})

it('takes the bar length from the smallest gap, so a weekend is a hold', () => {
  const day = 86_400_000
  const bars = [
    bar(0, '1', '1', '1', '1'),
    bar(3 * day, '1', '1', '1', '1'),
    bar(4 * day, '1', '1', '1', '1'),
  ]
  expect(barLengthMs(bars)).toBe(day)
  expect(
    barPath(bars)
      .map((p) => p.offsetMs)
      .slice(0, 4),
  ).toEqual([0, day / 4, day / 2, (3 * day) / 4])
})

it('rounds the fractions down to the millisecond', () => {
  const path = barPath([bar(0, '1', '1', '1', '1'), bar(10, '1', '1', '1', '1')])
  expect(path.map((p) => p.offsetMs).slice(0, 4)).toEqual([0, 2, 5, 7])
})
