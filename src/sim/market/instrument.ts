/** A tradable symbol with its tick and lot grid, parsed once from the config. */
import { Decimal } from '../decimal.js'
import type { InstrumentConfig } from '../config/world-config.js'

export interface Instrument {
  readonly symbol: string
  readonly name: string
  readonly tickSize: Decimal
  readonly lotSize: Decimal
  readonly currency: string
}

export function toInstrument(config: InstrumentConfig): Instrument {
  return {
    symbol: config.symbol,
    name: config.name,
    tickSize: Decimal.parse(config.tickSize),
    lotSize: Decimal.parse(config.lotSize),
    currency: config.currency,
  }
}
