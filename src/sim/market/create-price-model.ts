/**
 * Builds one symbol's price model from the market configuration: the symbol's own `model` if it
 * names one, else `marketConfig.model`, with the market's volatility, drift and model parameters.
 * Mean reversion anchors at the symbol's starting price. A historical symbol has no model (null):
 * its quotes come from its fixture (replay/replay-quotes.ts).
 */
import type { InstrumentConfig, MarketConfig } from '../config/world-config.js'
import type { PriceModel, PriceModelParams } from './price-model.js'
import { MeanReversionModel } from './price-models/mean-reversion.js'
import { MomentumModel } from './price-models/momentum.js'
import { RandomWalkModel } from './price-models/random-walk.js'

/** `dayMs`: the trading day that volatility and drift are per (24 h, or one session). */
export function createPriceModel(
  market: MarketConfig,
  instrument: InstrumentConfig,
  dayMs: number,
): PriceModel | null {
  const params: PriceModelParams = {
    volatilityPct: market.volatility,
    driftPct: market.drift,
    dayMs,
    volatilityClustering: market.volatilityClustering,
  }
  const model = instrument.model ?? market.model
  switch (model) {
    case 'random_walk':
      return new RandomWalkModel(params)
    case 'mean_reversion':
      return new MeanReversionModel({
        ...params,
        anchor: Number(instrument.price),
        halfLifeMs: market.halfLife,
      })
    case 'momentum':
      return new MomentumModel({ ...params, momentum: market.momentum })
    case 'historical':
      return null
  }
}
