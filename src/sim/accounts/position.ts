/**
 * A net position in one symbol, by the average-cost method.
 *
 * `costBasis` is signed (long: cash paid; short: cash received, negative) and exact. Reducing a
 * position releases the closed share of the cost basis, rounded to `LIMITS.priceScaleDigits`;
 * closing it completely releases all of it. Hence, exactly and whatever the rounding:
 * cash - startingCash + commissions = realizedPnl - costBasis (summed over symbols), and a flat
 * position has costBasis 0.
 */
import { Decimal } from '../decimal.js'
import { LIMITS } from '../limits.js'

export interface PositionState {
  symbol: string
  qty: string
  costBasis: string
  realizedPnl: string
}

export type PositionView = {
  symbol: string
  qty: string
  side: 'long' | 'short' | 'flat'
  avgEntryPrice: string
  marketValue: string
  costBasis: string
  unrealizedPnl: string
  realizedPnl: string
  lastPrice: string
}

export class Position {
  readonly symbol: string
  qty: Decimal
  costBasis: Decimal
  realizedPnl: Decimal

  constructor(state: PositionState) {
    this.symbol = state.symbol
    this.qty = Decimal.parse(state.qty)
    this.costBasis = Decimal.parse(state.costBasis)
    this.realizedPnl = Decimal.parse(state.realizedPnl)
  }

  static flat(symbol: string): Position {
    return new Position({ symbol, qty: '0', costBasis: '0', realizedPnl: '0' })
  }

  /** Books a fill of `signedQty` (buy positive) at `price`; returns the realized P&L it made. */
  applyFill(signedQty: Decimal, price: Decimal): Decimal {
    const sameDirection = this.qty.isZero() || this.qty.sign() === signedQty.sign()
    if (sameDirection) {
      this.qty = this.qty.add(signedQty)
      this.costBasis = this.costBasis.add(signedQty.mul(price))
      return Decimal.ZERO
    }
    const closing = Decimal.min(signedQty.abs(), this.qty.abs())
    const closingSigned = signedQty.isNegative() ? closing.neg() : closing
    const released = closing.eq(this.qty.abs())
      ? this.costBasis
      : this.costBasis.mul(closing).div(this.qty.abs(), LIMITS.priceScaleDigits)
    const proceeds = closingSigned.mul(price).neg()
    const realized = proceeds.sub(released)
    this.qty = this.qty.add(closingSigned)
    this.costBasis = this.costBasis.sub(released)
    this.realizedPnl = this.realizedPnl.add(realized)
    const opening = signedQty.sub(closingSigned)
    if (!opening.isZero()) {
      this.qty = this.qty.add(opening)
      this.costBasis = this.costBasis.add(opening.mul(price))
    }
    return realized
  }

  avgEntryPrice(): Decimal {
    if (this.qty.isZero()) return Decimal.ZERO
    return this.costBasis.abs().div(this.qty.abs(), LIMITS.priceScaleDigits)
  }

  marketValue(mark: Decimal): Decimal {
    return this.qty.mul(mark)
  }

  unrealizedPnl(mark: Decimal): Decimal {
    return this.marketValue(mark).sub(this.costBasis)
  }

  view(mark: Decimal): PositionView {
    const side = this.qty.isZero() ? 'flat' : this.qty.isPositive() ? 'long' : 'short'
    return {
      symbol: this.symbol,
      qty: this.qty.toString(),
      side,
      avgEntryPrice: this.avgEntryPrice().toString(),
      marketValue: this.marketValue(mark).toString(),
      costBasis: this.costBasis.toString(),
      unrealizedPnl: this.unrealizedPnl(mark).toString(),
      realizedPnl: this.realizedPnl.toString(),
      lastPrice: mark.toString(),
    }
  }

  snapshot(): PositionState {
    return {
      symbol: this.symbol,
      qty: this.qty.toString(),
      costBasis: this.costBasis.toString(),
      realizedPnl: this.realizedPnl.toString(),
    }
  }
}
