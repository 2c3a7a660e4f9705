/**
 * The trading day, for `dailyLossLimit`: it starts at each session open (or 00:00 UTC in a 24x7
 * market), when every account's equity is recorded as the day's starting equity.
 */
import type { World } from '../world.js'

export function scheduleDayRoll(world: World): void {
  const next = world.calendar.nextOpenMs(world.nowMs) ?? world.calendar.sessionCloseMs(world.nowMs)
  world.schedule(next, { kind: 'day.roll' })
}

export function rollTradingDay(world: World): void {
  for (const account of world.accounts.values())
    account.dayStartEquity = account.equity(world.markOf)
  scheduleDayRoll(world)
}
