/**
 * Exact decimal numbers: every price, quantity and amount in the core is a `Decimal`.
 *
 * A value is `coefficient / 10^scale`, with a bigint coefficient and an integer scale >= 0.
 *
 * Invariant: values are always normalized. The coefficient has no trailing zero digit while the
 * scale is positive, and zero is `0n` at scale 0. Equal values therefore have equal fields, so
 * vitest's `toEqual` compares them correctly and `toString()` is canonical for the journal hash.
 *
 * `add`, `sub`, `mul`, `mulPct` and `mulBps` are exact. `div`, `round`, `roundToStep` and
 * `fromNumber` round exactly once, in an explicit `RoundingMode`.
 *
 * Relational and arithmetic operators (`a < b`, `a + b`) throw instead of silently comparing or
 * concatenating strings; use `cmp`, `lt`, `add`. Template literals and `String(d)` still work.
 *
 * Known limits: no exponent notation in or out; coefficients are unbounded, so input sizes must
 * be capped at the edge; `toNumber()` is lossy by nature.
 */
import { InvariantError, invariant } from './invariant.js'

/** 'down' rounds toward zero, 'up' away from zero; 'floor' and 'ceil' toward -∞ and +∞. */
export type RoundingMode = 'half_even' | 'half_up' | 'down' | 'up' | 'floor' | 'ceil'

/** A decimal in plain notation, as produced by `Decimal.prototype.toString()`. */
export type DecimalString = string

/** Text that is not a plain decimal. Raised by `Decimal.parse` (an input error, not a bug). */
export class DecimalFormatError extends Error {
  override readonly name = 'DecimalFormatError'
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/
const POWERS_OF_TEN_CACHED = 64
const POWERS_OF_TEN: readonly bigint[] = Array.from(
  { length: POWERS_OF_TEN_CACHED },
  (_, exponent) => 10n ** BigInt(exponent),
)

function pow10(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent)
}

// Checks on hot paths use `if` + `throw` rather than invariant(), whose message would be built
// (with a bigint-to-string) on every call even when the check passes.
function checkScale(scaleDigits: number, operation: string): void {
  if (Number.isSafeInteger(scaleDigits) && scaleDigits >= 0) return
  throw new InvariantError(
    `Failed to ${operation}: scaleDigits must be a non-negative integer, was ${scaleDigits}`,
  )
}

/** `numerator / denominator` rounded to an integer; `denominator` must be positive. */
function roundQuotient(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / denominator
  const remainder = numerator % denominator
  if (remainder === 0n) return quotient
  const negative = numerator < 0n
  const awayFromZero = negative ? quotient - 1n : quotient + 1n
  switch (mode) {
    case 'down':
      return quotient
    case 'up':
      return awayFromZero
    case 'floor':
      return negative ? awayFromZero : quotient
    case 'ceil':
      return negative ? quotient : awayFromZero
    case 'half_up':
    case 'half_even': {
      const twiceRemainder = negative ? -2n * remainder : 2n * remainder
      if (twiceRemainder < denominator) return quotient
      if (twiceRemainder > denominator) return awayFromZero
      if (mode === 'half_up') return awayFromZero
      return quotient % 2n === 0n ? quotient : awayFromZero
    }
    default:
      throw new InvariantError(`Failed to round: unknown rounding mode ${String(mode)}`)
  }
}

/** The coefficient of `value` expressed at the larger-or-equal `scale`. */
function scaledTo(value: Decimal, scale: number): bigint {
  return value.scale === scale ? value.coefficient : value.coefficient * pow10(scale - value.scale)
}

// Big-endian on both sides, so the bit layout does not depend on the platform.
const FLOAT_BITS = new DataView(new ArrayBuffer(8))

/** The exact value of a finite double as `mantissa * 2^exponent`. */
function decomposeDouble(n: number): { mantissa: bigint; exponent: number } {
  FLOAT_BITS.setFloat64(0, n)
  const bits = FLOAT_BITS.getBigUint64(0)
  const biasedExponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & 0xfffffffffffffn
  const isSubnormal = biasedExponent === 0
  const magnitude = isSubnormal ? fraction : fraction | (1n << 52n)
  return {
    mantissa: bits >> 63n === 1n ? -magnitude : magnitude,
    exponent: (isSubnormal ? 1 : biasedExponent) - 1075,
  }
}

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0)
  static readonly ONE = new Decimal(1n, 0)

  /** Digits of the value without the point; the value is `coefficient / 10^scale`. */
  readonly coefficient: bigint
  /** Digits after the point; 0 for integers. */
  readonly scale: number
  // Decimals are immutable, so their text is computed once: quotes print the same prices often.
  #text: string | undefined = undefined

  private constructor(coefficient: bigint, scale: number) {
    while (scale > 0 && coefficient % 10n === 0n) {
      coefficient /= 10n
      scale--
    }
    this.coefficient = coefficient
    this.scale = scale
  }

  /**
   * Parses plain decimal notation (`-?\d+(\.\d+)?`), the only format accepted on the wire.
   *
   * @example Decimal.parse('150.250').toString() === '150.25'
   */
  static parse(text: string): Decimal {
    const parsed = Decimal.tryParse(text)
    if (parsed !== undefined) return parsed
    const shown = String(text).length > 40 ? `${String(text).slice(0, 40)}…` : String(text)
    throw new DecimalFormatError(
      `Failed to parse decimal "${shown}": expected digits with an optional fraction, ` +
        'like "150.25", "100" or "-0.5" (no exponent, no leading or trailing point)',
    )
  }

  /** Like `parse`, but returns undefined for anything that is not plain decimal notation. */
  static tryParse(text: string): Decimal | undefined {
    if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text)) return undefined
    const point = text.indexOf('.')
    if (point < 0) return new Decimal(BigInt(text), 0)
    const digits = text.slice(0, point) + text.slice(point + 1)
    return new Decimal(BigInt(digits), text.length - point - 1)
  }

  /** The integer `n`, which must be a safe integer. */
  static fromInt(n: number): Decimal {
    invariant(
      Number.isSafeInteger(n),
      `Failed to make a decimal: expected a safe integer, was ${n}`,
    )
    return new Decimal(BigInt(n), 0)
  }

  /** `coefficient / 10^scale`, normalized. */
  static fromParts(coefficient: bigint, scale: number): Decimal {
    checkScale(scale, 'make a decimal from parts')
    return new Decimal(coefficient, scale)
  }

  /**
   * The exact binary value of the finite double `n`, rounded once to `scaleDigits` digits.
   *
   * Rounding starts from the double's exact value, not from its shortest printed form, so a
   * literal that is not representable in binary may round the "wrong" way: `1.005` is stored as
   * 1.00499999999999989…, so `fromNumber(1.005, 2, 'half_up')` is 1 and not 1.01. Values with
   * a short binary expansion are exact, e.g. 150.125 = 150 + 1/8 is a true tie, so it gives
   * 150.12 with 'half_even' and 150.13 with 'half_up'. No float arithmetic is involved, so the
   * result is the same on every engine.
   */
  static fromNumber(n: number, scaleDigits: number, mode: RoundingMode = 'half_even'): Decimal {
    invariant(Number.isFinite(n), `Failed to make a decimal: expected a finite number, was ${n}`)
    checkScale(scaleDigits, 'make a decimal from a number')
    const { mantissa, exponent } = decomposeDouble(n)
    if (exponent >= 0) return new Decimal(mantissa << BigInt(exponent), 0)
    const scaled = roundQuotient(mantissa * pow10(scaleDigits), 1n << BigInt(-exponent), mode)
    return new Decimal(scaled, scaleDigits)
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.lte(b) ? a : b
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.gte(b) ? a : b
  }

  static sum(list: Iterable<Decimal>): Decimal {
    let total = Decimal.ZERO
    for (const item of list) total = total.add(item)
    return total
  }

  /** Comparator for `Array.prototype.sort`, ascending. */
  static compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
    return a.cmp(b)
  }

  add(other: Decimal): Decimal {
    if (this.scale === other.scale)
      return new Decimal(this.coefficient + other.coefficient, this.scale)
    const scale = Math.max(this.scale, other.scale)
    return new Decimal(scaledTo(this, scale) + scaledTo(other, scale), scale)
  }

  sub(other: Decimal): Decimal {
    if (this.scale === other.scale)
      return new Decimal(this.coefficient - other.coefficient, this.scale)
    const scale = Math.max(this.scale, other.scale)
    return new Decimal(scaledTo(this, scale) - scaledTo(other, scale), scale)
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.coefficient * other.coefficient, this.scale + other.scale)
  }

  /** `this / other` rounded once to `scaleDigits` digits after the point. */
  div(other: Decimal, scaleDigits: number, mode: RoundingMode = 'half_even'): Decimal {
    checkScale(scaleDigits, 'divide')
    if (other.isZero()) {
      throw new InvariantError(`Failed to divide ${this.toString()}: the divisor is zero`)
    }
    // (a / 10^sa) / (b / 10^sb) * 10^s = a * 10^(sb + s) / (b * 10^sa)
    let numerator = this.coefficient * pow10(other.scale + scaleDigits)
    let denominator = other.coefficient * pow10(this.scale)
    if (denominator < 0n) {
      numerator = -numerator
      denominator = -denominator
    }
    return new Decimal(roundQuotient(numerator, denominator, mode), scaleDigits)
  }

  /** `this * pct / 100`, exact. */
  mulPct(pct: Decimal): Decimal {
    return new Decimal(this.coefficient * pct.coefficient, this.scale + pct.scale + 2)
  }

  /** `this * bps / 10000`, exact. */
  mulBps(bps: Decimal): Decimal {
    return new Decimal(this.coefficient * bps.coefficient, this.scale + bps.scale + 4)
  }

  neg(): Decimal {
    return new Decimal(-this.coefficient, this.scale)
  }

  abs(): Decimal {
    return this.coefficient < 0n ? this.neg() : this
  }

  cmp(other: Decimal): -1 | 0 | 1 {
    const signDifference = this.sign() - other.sign()
    if (signDifference !== 0) return signDifference < 0 ? -1 : 1
    const scale = Math.max(this.scale, other.scale)
    const left = scaledTo(this, scale)
    const right = scaledTo(other, scale)
    return left < right ? -1 : left > right ? 1 : 0
  }

  eq(other: Decimal): boolean {
    return this.coefficient === other.coefficient && this.scale === other.scale
  }

  lt(other: Decimal): boolean {
    return this.cmp(other) < 0
  }

  lte(other: Decimal): boolean {
    return this.cmp(other) <= 0
  }

  gt(other: Decimal): boolean {
    return this.cmp(other) > 0
  }

  gte(other: Decimal): boolean {
    return this.cmp(other) >= 0
  }

  isZero(): boolean {
    return this.coefficient === 0n
  }

  isNegative(): boolean {
    return this.coefficient < 0n
  }

  isPositive(): boolean {
    return this.coefficient > 0n
  }

  isInteger(): boolean {
    return this.scale === 0
  }

  sign(): -1 | 0 | 1 {
    return this.coefficient < 0n ? -1 : this.coefficient > 0n ? 1 : 0
  }

  /** Rounded to at most `scaleDigits` digits after the point. */
  round(scaleDigits: number, mode: RoundingMode = 'half_even'): Decimal {
    checkScale(scaleDigits, 'round')
    if (this.scale <= scaleDigits) return this
    const divisor = pow10(this.scale - scaleDigits)
    return new Decimal(roundQuotient(this.coefficient, divisor, mode), scaleDigits)
  }

  /**
   * The multiple of the positive `step` chosen by `mode`: a tick size (0.01) or a lot size (100).
   *
   * @example Decimal.parse('150.237').roundToStep(Decimal.parse('0.05'), 'floor') // 150.2
   */
  roundToStep(step: Decimal, mode: RoundingMode): Decimal {
    if (!step.isPositive()) {
      throw new InvariantError(
        `Failed to round ${this.toString()} to a step: the step must be positive, was ${step.toString()}`,
      )
    }
    // (a / 10^sa) / (b / 10^sb) = a * 10^sb / (b * 10^sa); round that to a whole number of steps.
    const numerator = this.coefficient * pow10(step.scale)
    const denominator = step.coefficient * pow10(this.scale)
    const steps = roundQuotient(numerator, denominator, mode)
    return new Decimal(steps * step.coefficient, step.scale)
  }

  /** Whether `this` is a whole number of `step`s (any sign); `step` must not be zero. */
  isMultipleOf(step: Decimal): boolean {
    if (step.isZero()) {
      throw new InvariantError(
        `Failed to check ${this.toString()} against a step: the step is zero`,
      )
    }
    const scale = Math.max(this.scale, step.scale)
    return scaledTo(this, scale) % scaledTo(step, scale) === 0n
  }

  /** The nearest double (via the spec's correctly rounded string-to-number conversion). */
  toNumber(): number {
    return Number(this.toString())
  }

  /** Plain notation, normalized: "150.25", "100", "0.3", "-0.5", "0". */
  toString(): DecimalString {
    if (this.#text === undefined) this.#text = this.#format()
    return this.#text
  }

  #format(): DecimalString {
    const negative = this.coefficient < 0n
    let digits = (negative ? -this.coefficient : this.coefficient).toString()
    const sign = negative ? '-' : ''
    if (this.scale === 0) return sign + digits
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits
    const point = digits.length - this.scale
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
  }

  /** Exactly `scaleDigits` digits after the point, padding with zeros: "150.10" at 2 digits. */
  toFixed(scaleDigits: number, mode: RoundingMode = 'half_even'): string {
    const rounded = this.round(scaleDigits, mode)
    const text = rounded.toString()
    if (scaleDigits === 0) return text
    const padding = scaleDigits - rounded.scale
    return rounded.scale === 0 ? `${text}.${'0'.repeat(padding)}` : text + '0'.repeat(padding)
  }

  toJSON(): DecimalString {
    return this.toString()
  }

  /** Allows `${price}` and `String(price)`; rejects `<`, `+` and friends, which would misbehave. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString()
    throw new InvariantError(
      `Failed to convert decimal ${this.toString()} to a ${hint} primitive: ` +
        'use cmp/lt/add/toNumber instead of operators, or a template literal for text',
    )
  }
}
