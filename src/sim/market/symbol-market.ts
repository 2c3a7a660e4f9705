/**
 * One symbol's market: a floating mid from the price model and the quote derived from it, on the
 * tick grid, with finite sizes at the touch that fills consume until the next quote refreshes them.
 *
 * Invariants: bid >= one tick, ask > bid, sizes are whole lots (at least one lot when quoted,
 * none when liquidity is 0).
 */
import { Decimal } from '../decimal.js'
import { LIMITS } from '../limits.js'
import type { Rng } from '../random/rng.js'
import type { Instrument } from './instrument.js'

export interface SymbolMarketState {
  mid: number
  bid: string
  ask: string
  bidSize: string
  askSize: string
  last: string
  quoteTimeMs: number
  halted: boolean
}

export interface QuoteParams {
  spreadBps: number
  liquidity: number
}

export class SymbolMarket {
  readonly instrument: Instrument
  mid: number
  bid: Decimal
  ask: Decimal
  bidSize: Decimal
  askSize: Decimal
  last: Decimal
  quoteTimeMs: number
  halted: boolean

  constructor(instrument: Instrument, state: SymbolMarketState) {
    this.instrument = instrument
    this.mid = state.mid
    this.bid = Decimal.parse(state.bid)
    this.ask = Decimal.parse(state.ask)
    this.bidSize = Decimal.parse(state.bidSize)
    this.askSize = Decimal.parse(state.askSize)
    this.last = Decimal.parse(state.last)
    this.quoteTimeMs = state.quoteTimeMs
    this.halted = state.halted
  }

  static open(
    instrument: Instrument,
    price: Decimal,
    timeMs: number,
    params: QuoteParams,
    sizes: Rng,
  ): SymbolMarket {
    const market = new SymbolMarket(instrument, {
      mid: price.toNumber(),
      bid: '0',
      ask: '0',
      bidSize: '0',
      askSize: '0',
      last: price.toString(),
      quoteTimeMs: timeMs,
      halted: false,
    })
    market.requote(market.mid, timeMs, params, sizes)
    return market
  }

  /** Moves the mid (floored at one tick) and derives a fresh quote with fresh sizes. */
  requote(mid: number, timeMs: number, params: QuoteParams, sizes: Rng): void {
    const tick = this.instrument.tickSize
    const floor = tick.toNumber()
    // Clamped so a runaway model or a chain of huge jumps can never produce Infinity or zero.
    this.mid = Number.isFinite(mid) ? Math.min(LIMITS.priceMax, Math.max(floor, mid)) : floor
    const halfSpread = (this.mid * params.spreadBps) / 20_000
    this.bid = Decimal.max(
      tick,
      Decimal.fromNumber(this.mid - halfSpread, 8).roundToStep(tick, 'floor'),
    )
    this.ask = Decimal.fromNumber(this.mid + halfSpread, 8).roundToStep(tick, 'ceil')
    if (this.ask.lte(this.bid)) this.ask = this.bid.add(tick)
    this.last = Decimal.max(tick, Decimal.fromNumber(this.mid, 8).roundToStep(tick, 'half_even'))
    this.bidSize = this.#drawSize(params.liquidity, sizes)
    this.askSize = this.#drawSize(params.liquidity, sizes)
    this.quoteTimeMs = timeMs
  }

  /** Takes `qty` from the displayed size on one side, as a fill does. */
  consume(side: 'bid' | 'ask', qty: Decimal): void {
    if (side === 'bid') this.bidSize = Decimal.max(Decimal.ZERO, this.bidSize.sub(qty))
    else this.askSize = Decimal.max(Decimal.ZERO, this.askSize.sub(qty))
  }

  snapshot(): SymbolMarketState {
    return {
      mid: this.mid,
      bid: this.bid.toString(),
      ask: this.ask.toString(),
      bidSize: this.bidSize.toString(),
      askSize: this.askSize.toString(),
      last: this.last.toString(),
      quoteTimeMs: this.quoteTimeMs,
      halted: this.halted,
    }
  }

  #drawSize(liquidity: number, rng: Rng): Decimal {
    const lot = this.instrument.lotSize
    const shares = Decimal.fromNumber(liquidity * (0.5 + rng.nextFloat()), 8)
    // No liquidity (configured 0, or a liquidity factor of 0) quotes no size at all.
    if (liquidity <= 0) return Decimal.ZERO
    return Decimal.max(lot, shares.roundToStep(lot, 'floor'))
  }
}
