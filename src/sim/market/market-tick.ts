/**
 * The market's heartbeat: every `updateFrequency` ms of virtual time while the session is open,
 * each trading symbol (in configured order) steps its price model, requotes, journals
 * `quote.updated` and runs a matching pass. While the session is closed nothing moves, and the
 * next tick is the next open. Halted symbols keep their last quote.
 */
import { matchSymbol } from '../execution/matching.js'
import type { World } from '../world.js'
import { toQuoteView } from './quote-view.js'

export function scheduleFirstTick(world: World): void {
  world.schedule(nextTickMs(world, world.nowMs), { kind: 'market.tick' })
}

export function marketTick(world: World): void {
  if (world.calendar.isOpen(world.nowMs)) {
    const dtMs = world.config.marketConfig.updateFrequency
    for (const market of world.markets.values()) {
      if (market.halted) continue
      const symbol = market.instrument.symbol
      const mid = world.priceModel.step(market.mid, dtMs, world.streams.get(`prices/${symbol}`))
      market.requote(mid, world.nowMs, world.quoteParams, world.streams.get(`sizes/${symbol}`))
      world.emit('quote.updated', null, { quote: toQuoteView(market) })
      matchSymbol(world, symbol)
    }
  }
  world.schedule(nextTickMs(world, world.nowMs), { kind: 'market.tick' })
}

function nextTickMs(world: World, fromMs: number): number {
  const next = fromMs + world.config.marketConfig.updateFrequency
  if (world.calendar.isOpen(next)) return next
  return world.calendar.nextOpenMs(next) ?? next
}
