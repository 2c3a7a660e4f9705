/**
 * Replays a tick series: the quote at a time is the last row at or before it, with bid, ask,
 * sizes and last exactly as in the file. A row without sizes shows `liquidity` in whole lots on
 * both sides; a row without `last` shows the mid rounded half-even to the tick.
 */
import { Decimal } from '../../decimal.js'
import type { Instrument } from '../instrument.js'
import type { QuoteParams } from '../symbol-market.js'
import type { TickRow } from './fixture.js'
import { lastAtOrBefore, touchSize, type ReplayFeed, type ReplayQuote } from './replay-feed.js'

const TWO = Decimal.fromInt(2)

interface ParsedTick {
  bid: Decimal
  ask: Decimal
  bidSize: Decimal | null
  askSize: Decimal | null
  last: Decimal
}

export class TickFeed implements ReplayFeed {
  readonly instrument: Instrument
  readonly #offsets: number[]
  readonly #ticks: ParsedTick[]

  constructor(instrument: Instrument, rows: readonly TickRow[]) {
    this.instrument = instrument
    this.#offsets = rows.map((row) => row.offsetMs)
    this.#ticks = rows.map((row) => {
      const bid = Decimal.parse(row.bid)
      const ask = Decimal.parse(row.ask)
      const mid = bid.add(ask).div(TWO, bid.scale + ask.scale + 1)
      return {
        bid,
        ask,
        bidSize: row.bidSize === null ? null : Decimal.parse(row.bidSize),
        askSize: row.askSize === null ? null : Decimal.parse(row.askSize),
        last:
          row.last === null
            ? mid.roundToStep(instrument.tickSize, 'half_even')
            : Decimal.parse(row.last),
      }
    })
  }

  quoteAt(offsetMs: number, params: QuoteParams): ReplayQuote {
    const tick = this.#ticks[lastAtOrBefore(this.#offsets, offsetMs)] as ParsedTick
    const lot = this.instrument.lotSize
    return {
      bid: tick.bid,
      ask: tick.ask,
      bidSize: tick.bidSize ?? touchSize(params.liquidity, lot),
      askSize: tick.askSize ?? touchSize(params.liquidity, lot),
      last: tick.last,
    }
  }
}
