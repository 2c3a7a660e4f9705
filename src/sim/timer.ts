/**
 * Everything the core does later is one of these plain-data timers in the scheduler, so the
 * pending future of a world can be listed, snapshotted and restored like the rest of its state.
 */
import type { MarketEvent } from './market/market-event.js'
import type { CrashStepTimer } from './market/flash-crash.js'
import type { RestoreTimer } from './market/timed-overrides.js'

export type Timer =
  | { kind: 'market.tick' }
  | { kind: 'day.roll' }
  | { kind: 'order.ack'; orderId: string }
  | { kind: 'order.cancel'; orderId: string }
  | {
      kind: 'order.replace'
      orderId: string
      replacementId: string
      /** The old order's filledQty when the replace was sent (a decimal string). */
      oldFilledQty: string
    }
  | { kind: 'order.expire'; orderId: string }
  | { kind: 'market.event'; eventId: string; event: MarketEvent }
  | CrashStepTimer
  | RestoreTimer
