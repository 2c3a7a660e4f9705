/**
 * Decimals on the wire (CONTRACT.md section 0): requests accept a JSON number or a decimal string,
 * responses always carry a plain decimal string.
 *
 * `DecimalInput` parses to a normalized plain decimal string: no exponent, no leading zeros in the
 * integer part, no trailing zeros in the fraction, no "-0" (`"0.10"` → `"0.1"`, `1e-7` →
 * `"0.0000001"`). Equal amounts therefore compare equal as strings, which the idempotency check of
 * `clientOrderId` relies on. A JSON number is taken at its shortest round-trip text (`0.1` is
 * `"0.1"`, never `0.1000000000000000055…`); exact arithmetic is the core's business.
 *
 * Shape only: positivity, tick and lot sizes are checked by the core (422 `invalid_order`).
 * Known limit: a decimal longer than `DECIMAL_LENGTH_MAX` characters after normalization is refused.
 */
import { z } from '@hono/zod-openapi'

/** A plain decimal: optional minus, digits, optional fraction. No exponent, no plus, no spaces. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/

/** Longest accepted decimal text, sign and point included (bounds parsing work in the core). */
export const DECIMAL_LENGTH_MAX = 64

/** A decimal string as every response carries it. */
export const DecimalString = z.string().regex(DECIMAL_PATTERN).openapi('DecimalString', {
  description: 'A decimal number as a plain string: no exponent, exact.',
  example: '150.25',
})
export type DecimalString = z.infer<typeof DecimalString>

/** A request decimal: a JSON number or a decimal string, parsed to a normalized decimal string. */
export const DecimalInput = z
  .union([
    z.number(),
    z.string().regex(DECIMAL_PATTERN, 'Expected a plain decimal string such as "150.25"'),
  ])
  .transform((value, ctx) => {
    const text = toPlainDecimal(value)
    if (text.length <= DECIMAL_LENGTH_MAX) return text
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `Decimal has ${text.length} characters written out, more than ${DECIMAL_LENGTH_MAX}`,
    })
    return z.NEVER
  })
  .openapi('DecimalInput', {
    description:
      'A decimal number: a JSON number or a decimal string ("150.25"). Strings are preferred: ' +
      'they are exact.',
    example: '150.25',
  })
export type DecimalInput = z.input<typeof DecimalInput>

/**
 * Writes a finite number or a decimal string as a normalized plain decimal.
 * @example toPlainDecimal(1e-7) // '0.0000001'
 */
export function toPlainDecimal(value: number | string): string {
  const text = typeof value === 'number' ? expandExponent(value) : value
  return normalizeDecimal(text)
}

/** `1e-7` → `0.0000001`, `1.5e+21` → `1500000000000000000000`; other texts pass through. */
function expandExponent(value: number): string {
  const text = String(value)
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (match === null) return text
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match
  const digits = whole + fraction
  const pointAt = whole.length + Number(exponent)
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`
}

/** Drops leading zeros of the integer part, trailing zeros of the fraction, and the sign of 0. */
function normalizeDecimal(text: string): string {
  const negative = text.startsWith('-')
  const [whole = '', fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const wholeTrimmed = whole.replace(/^0+(?=\d)/, '')
  const fractionTrimmed = fraction.replace(/0+$/, '')
  const unsigned = fractionTrimmed === '' ? wholeTrimmed : `${wholeTrimmed}.${fractionTrimmed}`
  return negative && unsigned !== '0' ? `-${unsigned}` : unsigned
}
