/**
 * Puts a scenario's timeline into the scheduler when a world is created: each entry becomes a
 * `market.event` timer with the next `mev-` id, in the order listed, so a reset (which creates the
 * world again from the same config) replays the same events at the same times with the same ids.
 */
import type { World } from '../world.js'

/** Schedules every timeline entry; answers whether one is due at the start. */
export function scheduleTimeline(world: World): boolean {
  let dueNow = false
  for (const { at, event } of world.config.timeline) {
    const atMs = Date.parse(at)
    dueNow ||= atMs === world.nowMs
    world.schedule(atMs, { kind: 'market.event', eventId: world.ids.next('mev'), event })
  }
  return dueNow
}
