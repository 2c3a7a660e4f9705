/**
 * One symbol's market: a floating mid from the price model and the quote derived from it, on the
 * tick grid, with finite sizes at the touch and a synthetic depth behind it (book-depth.ts) that
 * fills consume and that refills over `depthRefillMs`, as of each new quote.
 *
 * Invariants: bid >= one tick, ask > bid, sizes are whole lots (at least one lot when quoted,
 * none when liquidity is 0); `bidSize`/`askSize` are what the touch offers now, level 0 of the
 * depth (`depth(side, n)`).
 */
import { Decimal } from '../decimal.js'
import { LIMITS } from '../limits.js'
import type { Rng } from '../random/rng.js'
import {
  afterTake,
  availableAt,
  depthStep,
  fromDepletionState,
  levelPrice,
  levelSize,
  stillRefilling,
  toDepletionState,
  type BookDepthState,
  type BookSide,
  type DepthLevel,
  type DepthRefill,
  type LevelDepletion,
} from './book-depth.js'
import { Grid } from './grid.js'
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
  /** The depth behind the quote; absent: a full book with the quoted sizes at the touch. */
  depth?: BookDepthState
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
  /** The full touch sizes drawn for the quote; deeper levels decay from them. */
  bidTouchSize: Decimal
  askTouchSize: Decimal
  /** What fills took from each level, per side, still refilling (book-depth.ts). */
  depletion: { bid: LevelDepletion[]; ask: LevelDepletion[] }
  readonly #ticks: Grid
  readonly #lots: Grid

  constructor(instrument: Instrument, state: SymbolMarketState) {
    this.instrument = instrument
    this.#ticks = new Grid(instrument.tickSize)
    this.#lots = new Grid(instrument.lotSize)
    this.mid = state.mid
    this.bid = Decimal.parse(state.bid)
    this.ask = Decimal.parse(state.ask)
    this.bidSize = Decimal.parse(state.bidSize)
    this.askSize = Decimal.parse(state.askSize)
    this.last = Decimal.parse(state.last)
    this.quoteTimeMs = state.quoteTimeMs
    this.halted = state.halted
    this.bidTouchSize = Decimal.parse(state.depth?.bidTouchSize ?? state.bidSize)
    this.askTouchSize = Decimal.parse(state.depth?.askTouchSize ?? state.askSize)
    this.depletion = {
      bid: (state.depth?.bid ?? []).map(fromDepletionState),
      ask: (state.depth?.ask ?? []).map(fromDepletionState),
    }
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
    // bid >= one tick, ask > bid, last >= one tick, all on the tick grid: counted in steps of
    // the grid (grid.ts), or in Decimal where a tiny tick on a huge price has too many.
    const bidSteps = this.#ticks.steps(this.mid - halfSpread, 'floor')
    const askSteps = this.#ticks.steps(this.mid + halfSpread, 'ceil')
    const lastSteps = this.#ticks.steps(this.mid, 'half_even')
    if (bidSteps !== null && askSteps !== null && lastSteps !== null) {
      const bid = Math.max(1, bidSteps)
      this.bid = this.#ticks.at(bid)
      this.ask = this.#ticks.at(Math.max(bid + 1, askSteps))
      this.last = this.#ticks.at(Math.max(1, lastSteps))
    } else {
      this.bid = Decimal.max(
        tick,
        Decimal.fromNumber(this.mid - halfSpread, 8).roundToStep(tick, 'floor'),
      )
      this.ask = Decimal.fromNumber(this.mid + halfSpread, 8).roundToStep(tick, 'ceil')
      if (this.ask.lte(this.bid)) this.ask = this.bid.add(tick)
      this.last = Decimal.max(tick, Decimal.fromNumber(this.mid, 8).roundToStep(tick, 'half_even'))
    }
    this.bidTouchSize = this.#drawSize(params.liquidity, sizes)
    this.askTouchSize = this.#drawSize(params.liquidity, sizes)
    this.#publishTouch(timeMs)
  }

  /**
   * Takes `qty` from `level` of one side, as a fill does: the level's missing size grows by it
   * and comes back as `refill` says (book-depth.ts).
   */
  consume(side: BookSide, qty: Decimal, level: number, refill: DepthRefill): void {
    const others = this.depletion[side].filter((d) => d.level !== level)
    const current = this.depletion[side].find((d) => d.level === level)
    const taken = afterTake(current, level, qty, this.quoteTimeMs, refill)
    this.depletion[side] = [...others, taken].sort((a, b) => a.level - b.level)
    if (level !== 0) return
    if (side === 'bid') this.bidSize = this.#available('bid', 0)
    else this.askSize = this.#available('ask', 0)
  }

  /** The first `count` levels of one side, best first, with what each offers now. */
  depth(side: BookSide, count: number): DepthLevel[] {
    const tick = this.instrument.tickSize
    const step = depthStep(this.bid, this.ask, tick)
    const touch = side === 'bid' ? this.bid : this.ask
    const levels: DepthLevel[] = []
    for (let level = 0; level < count; level++) {
      const price = levelPrice(side, touch, step, level, tick)
      if (price === null) break
      levels.push({ level, price, available: this.#available(side, level) })
    }
    return levels
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
      depth: {
        bidTouchSize: this.bidTouchSize.toString(),
        askTouchSize: this.askTouchSize.toString(),
        bid: this.depletion.bid.map(toDepletionState),
        ask: this.depletion.ask.map(toDepletionState),
      },
    }
  }

  /** What `level` of `side` offers as of the current quote. */
  /** Stamps a new quote: refill clocks move on, and the touch shows what its level offers now. */
  #publishTouch(timeMs: number): void {
    this.quoteTimeMs = timeMs
    // Fills are rare next to quotes: most quotes have nothing refilling to carry over.
    if (this.depletion.bid.length > 0 || this.depletion.ask.length > 0) {
      this.depletion = {
        bid: stillRefilling(this.depletion.bid, timeMs),
        ask: stillRefilling(this.depletion.ask, timeMs),
      }
    }
    this.bidSize = this.#available('bid', 0)
    this.askSize = this.#available('ask', 0)
  }

  #available(side: BookSide, level: number): Decimal {
    const lot = this.instrument.lotSize
    const touchSize = side === 'bid' ? this.bidTouchSize : this.askTouchSize
    const depletion = this.depletion[side].find((d) => d.level === level)
    return availableAt(levelSize(touchSize, level, lot), depletion, this.quoteTimeMs, lot)
  }

  #drawSize(liquidity: number, rng: Rng): Decimal {
    const shares = liquidity * (0.5 + rng.nextFloat())
    // No liquidity (configured 0, or a liquidity factor of 0) quotes no size at all.
    if (liquidity <= 0) return Decimal.ZERO
    const lots = this.#lots.steps(shares, 'floor')
    if (lots !== null) return this.#lots.at(Math.max(1, lots))
    const lot = this.instrument.lotSize
    return Decimal.max(lot, Decimal.fromNumber(shares, 8).roundToStep(lot, 'floor'))
  }

  /**
   * Shows a quote exactly as given (a historical replay's row, replay/replay-quotes.ts) instead of
   * one derived from a mid: its sizes are the full touch sizes, and the mid follows as the
   * midpoint. The caller keeps bid >= one tick, ask > bid and sizes in whole lots.
   */
  setQuote(
    quote: Pick<SymbolMarket, 'bid' | 'ask' | 'bidSize' | 'askSize' | 'last'>,
    timeMs: number,
  ): void {
    this.mid = (quote.bid.toNumber() + quote.ask.toNumber()) / 2
    this.bid = quote.bid
    this.ask = quote.ask
    this.last = quote.last
    this.bidTouchSize = quote.bidSize
    this.askTouchSize = quote.askSize
    this.#publishTouch(timeMs)
  }
}
