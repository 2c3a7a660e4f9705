/** Wire views of the market (CONTRACT.md section 1): quotes and instruments. */
import { isoTime } from '../time/iso-time.js'
import type { SymbolMarket } from './symbol-market.js'

export type QuoteView = {
  symbol: string
  bid: string
  ask: string
  bidSize: string
  askSize: string
  last: string
  time: string
}

export type InstrumentView = {
  symbol: string
  name: string
  tickSize: string
  lotSize: string
  currency: string
  status: 'trading' | 'halted'
}

export function toQuoteView(market: SymbolMarket): QuoteView {
  return {
    symbol: market.instrument.symbol,
    bid: market.bid.toString(),
    ask: market.ask.toString(),
    bidSize: market.bidSize.toString(),
    askSize: market.askSize.toString(),
    last: market.last.toString(),
    time: isoTime(market.quoteTimeMs),
  }
}

export function toInstrumentView(market: SymbolMarket): InstrumentView {
  const { instrument } = market
  return {
    symbol: instrument.symbol,
    name: instrument.name,
    tickSize: instrument.tickSize.toString(),
    lotSize: instrument.lotSize.toString(),
    currency: instrument.currency,
    status: market.halted ? 'halted' : 'trading',
  }
}
