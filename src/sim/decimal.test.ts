import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal, DecimalFormatError, type RoundingMode } from './decimal.js'
import { InvariantError } from './invariant.js'

const d = (text: string) => Decimal.parse(text)
const ROUNDING_MODES: readonly RoundingMode[] = [
  'half_even',
  'half_up',
  'down',
  'up',
  'floor',
  'ceil',
]

// Decimals with up to 12 fractional digits and magnitudes well beyond any price.
const decimalArbitrary = fc
  .tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 12 }))
  .map(([coefficient, scale]) => Decimal.fromParts(coefficient, scale))

describe('Decimal', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(d('0.1').add(d('0.2')).eq(d('0.3'))).toBe(true)
    expect(d('0.1').add(d('0.2')).toString()).toBe('0.3')
  })

  it('normalizes trailing zeros so equal values have equal fields', () => {
    expect(d('1.50').toString()).toBe('1.5')
    expect(d('1.50')).toEqual(d('1.5'))
    expect(d('100.000')).toEqual(Decimal.fromInt(100))
    expect(d('-0.0')).toEqual(Decimal.ZERO)
    expect(d('2.5').mul(d('2'))).toEqual(d('5'))
    expect(d('2.5').mul(d('2')).scale).toBe(0)
  })

  it('prints plain notation', () => {
    const cases = ['150.25', '100', '0.3', '-0.5', '0', '0.000001', '-1234567890123456789.01']
    for (const text of cases) expect(d(text).toString()).toBe(text)
    expect(d('007.10').toString()).toBe('7.1')
    expect(JSON.stringify({ price: d('150.250') })).toBe('{"price":"150.25"}')
  })

  it('rejects text that is not plain decimal notation', () => {
    for (const text of [
      '1e5',
      '',
      '.5',
      '1.',
      'abc',
      '+1',
      ' 1',
      '1 ',
      '1,5',
      '--1',
      '0x10',
      '1.2.3',
    ]) {
      expect(() => Decimal.parse(text), text).toThrow(DecimalFormatError)
      expect(Decimal.tryParse(text), text).toBeUndefined()
    }
  })

  it('accepts integers only when they are safe', () => {
    expect(Decimal.fromInt(-42).toString()).toBe('-42')
    expect(() => Decimal.fromInt(1.5)).toThrow(InvariantError)
    expect(() => Decimal.fromInt(2 ** 53)).toThrow(InvariantError)
    expect(() => Decimal.fromInt(Number.NaN)).toThrow(InvariantError)
  })

  it('rounds the exact binary value of a double', () => {
    expect(Decimal.fromNumber(0.1 + 0.2, 2).toString()).toBe('0.3')
    // 150.125 = 150 + 1/8 is exact in binary, so it is a true tie.
    expect(Decimal.fromNumber(150.125, 2, 'half_even').toString()).toBe('150.12')
    expect(Decimal.fromNumber(150.125, 2, 'half_up').toString()).toBe('150.13')
    // 1.005 and 150.135 are stored slightly below the literal, so they are not ties.
    expect(Decimal.fromNumber(1.005, 2, 'half_up').toString()).toBe('1')
    expect(Decimal.fromNumber(150.135, 2, 'half_up').toString()).toBe('150.13')
    expect(Decimal.fromNumber(0.1, 30, 'down').toString()).toBe('0.100000000000000005551115123125')
    expect(Decimal.fromNumber(-123.456, 0, 'floor').toString()).toBe('-124')
    expect(Decimal.fromNumber(-0, 2, 'up')).toEqual(Decimal.ZERO)
    expect(Decimal.fromNumber(1e21, 2).toString()).toBe('1000000000000000000000')
    expect(Decimal.fromNumber(Number.MIN_VALUE, 2, 'up').toString()).toBe('0.01')
  })

  it('refuses non-finite doubles and bad scales', () => {
    expect(() => Decimal.fromNumber(Number.NaN, 2)).toThrow(InvariantError)
    expect(() => Decimal.fromNumber(Infinity, 2)).toThrow(InvariantError)
    expect(() => Decimal.fromNumber(1, -1)).toThrow(InvariantError)
    expect(() => Decimal.fromNumber(1, 1.5)).toThrow(InvariantError)
  })

  it('multiplies exactly', () => {
    expect(d('1.25').mul(d('-0.04')).toString()).toBe('-0.05')
    expect(d('-3').mul(d('-0.5')).toString()).toBe('1.5')
    expect(d('150.25').mul(d('100')).toString()).toBe('15025')
  })

  it('divides with each rounding mode, including negatives', () => {
    const table: [string, string, Record<RoundingMode, string>][] = [
      [
        '1',
        '3',
        {
          half_even: '0.33',
          half_up: '0.33',
          down: '0.33',
          up: '0.34',
          floor: '0.33',
          ceil: '0.34',
        },
      ],
      [
        '-1',
        '3',
        {
          half_even: '-0.33',
          half_up: '-0.33',
          down: '-0.33',
          up: '-0.34',
          floor: '-0.34',
          ceil: '-0.33',
        },
      ],
      [
        '2',
        '3',
        {
          half_even: '0.67',
          half_up: '0.67',
          down: '0.66',
          up: '0.67',
          floor: '0.66',
          ceil: '0.67',
        },
      ],
      [
        '0.125',
        '1',
        {
          half_even: '0.12',
          half_up: '0.13',
          down: '0.12',
          up: '0.13',
          floor: '0.12',
          ceil: '0.13',
        },
      ],
      [
        '0.135',
        '1',
        {
          half_even: '0.14',
          half_up: '0.14',
          down: '0.13',
          up: '0.14',
          floor: '0.13',
          ceil: '0.14',
        },
      ],
      [
        '0.125',
        '-1',
        {
          half_even: '-0.12',
          half_up: '-0.13',
          down: '-0.12',
          up: '-0.13',
          floor: '-0.13',
          ceil: '-0.12',
        },
      ],
      [
        '10',
        '4',
        { half_even: '2.5', half_up: '2.5', down: '2.5', up: '2.5', floor: '2.5', ceil: '2.5' },
      ],
    ]
    for (const [dividend, divisor, expected] of table) {
      for (const mode of ROUNDING_MODES) {
        const quotient = d(dividend).div(d(divisor), 2, mode).toString()
        expect(quotient, `${dividend} / ${divisor} ${mode}`).toBe(expected[mode])
      }
    }
    expect(d('7').div(d('2'), 0).toString()).toBe('4')
    expect(d('5').div(d('2'), 0).toString()).toBe('2')
    expect(d('-5').div(d('2'), 0).toString()).toBe('-2')
  })

  it('refuses to divide by zero', () => {
    expect(() => d('1').div(Decimal.ZERO, 2)).toThrow(InvariantError)
  })

  it('rounds to a number of digits with each mode', () => {
    expect(d('2.345').round(2, 'half_even').toString()).toBe('2.34')
    expect(d('2.355').round(2, 'half_even').toString()).toBe('2.36')
    expect(d('-2.345').round(2, 'half_up').toString()).toBe('-2.35')
    expect(d('-2.341').round(2, 'floor').toString()).toBe('-2.35')
    expect(d('-2.349').round(2, 'ceil').toString()).toBe('-2.34')
    expect(d('-2.349').round(2, 'down').toString()).toBe('-2.34')
    expect(d('-2.341').round(2, 'up').toString()).toBe('-2.35')
    expect(d('2.5').round(0).toString()).toBe('2')
    expect(d('1.2').round(4, 'up').toString()).toBe('1.2')
  })

  it('rounds to a multiple of a tick or a lot', () => {
    const tick = d('0.01')
    expect(d('150.125').roundToStep(tick, 'half_even').toString()).toBe('150.12')
    expect(d('150.125').roundToStep(tick, 'half_up').toString()).toBe('150.13')
    expect(d('150.237').roundToStep(d('0.05'), 'floor').toString()).toBe('150.2')
    expect(d('150.237').roundToStep(d('0.05'), 'ceil').toString()).toBe('150.25')
    expect(d('-150.237').roundToStep(d('0.05'), 'floor').toString()).toBe('-150.25')
    expect(d('250').roundToStep(d('100'), 'half_even').toString()).toBe('200')
    expect(d('350').roundToStep(d('100'), 'half_even').toString()).toBe('400')
    expect(d('149').roundToStep(d('100'), 'down').toString()).toBe('100')
    expect(d('0.3').roundToStep(d('0.25'), 'half_up').toString()).toBe('0.25')
    expect(() => d('1').roundToStep(Decimal.ZERO, 'down')).toThrow(InvariantError)
    expect(() => d('1').roundToStep(d('-0.01'), 'down')).toThrow(InvariantError)
  })

  it('tells whether a value is a multiple of a step', () => {
    expect(d('150.25').isMultipleOf(d('0.05'))).toBe(true)
    expect(d('150.26').isMultipleOf(d('0.05'))).toBe(false)
    expect(d('-300').isMultipleOf(d('100'))).toBe(true)
    expect(d('350').isMultipleOf(d('100'))).toBe(false)
    expect(Decimal.ZERO.isMultipleOf(d('0.01'))).toBe(true)
    expect(() => d('1').isMultipleOf(Decimal.ZERO)).toThrow(InvariantError)
  })

  it('applies percentages and basis points exactly', () => {
    expect(d('150.25').mulPct(d('10')).toString()).toBe('15.025')
    expect(d('1000').mulBps(d('2.5')).toString()).toBe('0.25')
    expect(d('-3').mulBps(d('1')).toString()).toBe('-0.0003')
  })

  it('compares, signs and picks extremes', () => {
    expect(d('-1.5').cmp(d('-1.49'))).toBe(-1)
    expect(d('10').cmp(d('9.99'))).toBe(1)
    expect(d('1.10').cmp(d('1.1'))).toBe(0)
    expect(d('1').lt(d('2')) && d('2').lte(d('2')) && d('3').gt(d('2')) && d('2').gte(d('2'))).toBe(
      true,
    )
    expect([d('-0.1').sign(), Decimal.ZERO.sign(), d('0.1').sign()]).toEqual([-1, 0, 1])
    expect(d('-0.1').isNegative() && d('0.1').isPositive() && d('0').isZero()).toBe(true)
    expect(Decimal.min(d('2'), d('1.5')).toString()).toBe('1.5')
    expect(Decimal.max(d('2'), d('1.5')).toString()).toBe('2')
    expect(Decimal.sum([d('0.1'), d('0.2'), d('-0.3')])).toEqual(Decimal.ZERO)
    expect(Decimal.sum([])).toEqual(Decimal.ZERO)
    expect(d('-2.5').abs().toString()).toBe('2.5')
    expect(d('2.5').neg().toString()).toBe('-2.5')
    expect([d('10'), d('-1'), d('9.5')].sort(Decimal.compare).map(String)).toEqual([
      '-1',
      '9.5',
      '10',
    ])
  })

  it('formats with a fixed number of digits', () => {
    expect(d('150.1').toFixed(2)).toBe('150.10')
    expect(d('150').toFixed(2)).toBe('150.00')
    expect(d('150.125').toFixed(2, 'half_up')).toBe('150.13')
    expect(d('-0.5').toFixed(0)).toBe('0')
    expect(d('1.5').toFixed(0)).toBe('2')
  })

  it('converts to the nearest double', () => {
    expect(d('150.25').toNumber()).toBe(150.25)
    expect(d('0.3').toNumber()).toBe(0.3)
    expect(d('-0.000001').toNumber()).toBe(-0.000001)
  })

  it('throws when used with relational or arithmetic operators but prints in templates', () => {
    const price = d('150.25')
    expect(`${price}`).toBe('150.25')
    expect(String(price)).toBe('150.25')
    // TypeScript accepts `<` on objects, so only this runtime guard catches the mistake.
    expect(() => price < d('9')).toThrow(InvariantError)
    expect(() => `${price + ''}`).toThrow(InvariantError)
  })

  it('round-trips any value through its text', () => {
    fc.assert(
      fc.property(decimalArbitrary, (x) => {
        expect(Decimal.parse(x.toString())).toEqual(x)
      }),
    )
  })

  it('undoes an addition with a subtraction', () => {
    fc.assert(
      fc.property(decimalArbitrary, decimalArbitrary, (a, b) => {
        expect(a.add(b).sub(b).eq(a)).toBe(true)
      }),
    )
  })

  it('multiplies commutatively', () => {
    fc.assert(
      fc.property(decimalArbitrary, decimalArbitrary, (a, b) => {
        expect(a.mul(b)).toEqual(b.mul(a))
      }),
    )
  })

  it('keeps division within one unit of the last digit and agrees with mul', () => {
    fc.assert(
      fc.property(
        decimalArbitrary,
        decimalArbitrary,
        fc.constantFrom(...ROUNDING_MODES),
        (a, b, mode) => {
          fc.pre(!b.isZero())
          const quotient = a.div(b, 6, mode)
          const error = quotient.mul(b).sub(a).abs()
          expect(error.lte(d('0.000001').mul(b.abs()))).toBe(true)
        },
      ),
    )
  })

  it('orders consistently with subtraction', () => {
    fc.assert(
      fc.property(decimalArbitrary, decimalArbitrary, (a, b) => {
        expect(a.cmp(b)).toBe(a.sub(b).sign())
      }),
    )
  })

  it('rounds to a step it then is a multiple of, never further than one step away', () => {
    const stepArbitrary = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: 0, max: 6 }))
      .map(([coefficient, scale]) => Decimal.fromParts(coefficient, scale))
    fc.assert(
      fc.property(
        decimalArbitrary,
        stepArbitrary,
        fc.constantFrom(...ROUNDING_MODES),
        (x, step, mode) => {
          const rounded = x.roundToStep(step, mode)
          expect(rounded.isMultipleOf(step)).toBe(true)
          expect(rounded.sub(x).abs().lt(step)).toBe(true)
        },
      ),
    )
  })
})
