/**
 * Order effects of fault rules (CONTRACT.md section 3), applied in execution:
 * - `reject { reason }`: the order is accepted (`pending_new`, 201) and the venue rejects it at
 *   its acknowledgement, `rejectReason` naming the reason and the rule;
 * - `stuck` on a submission: the venue does not acknowledge the order while the rule exists, so it
 *   stays `pending_new` (a cancel sent meanwhile waits behind it, `pending_cancel`); removing the
 *   rule acknowledges it at once, and a cancel that came due meanwhile lands right after;
 * - `stuck` on a cancel: the order stays `pending_cancel` (fills can still win) until the rule is
 *   removed, then the cancel lands at once.
 * Other effects (HTTP, stream) are not execution's, and are ignored here.
 */
import { findRule } from '../faults/fault-engine.js'
import type { FiredFault } from '../faults/fault-rule.js'
import type { Order } from '../orders/order.js'
import type { World } from '../world.js'
import { acceptOrder } from './accept-order.js'
import { completeCancel } from './cancel-order.js'

/** A submission hit by `fault`. */
export function markSubmission(order: Order, fault: FiredFault | null | undefined): void {
  if (fault?.effect.kind === 'reject')
    order.faults.reject = { ruleId: fault.ruleId, reason: fault.effect.reason }
  if (fault?.effect.kind === 'stuck') order.faults.stuckBy = fault.ruleId
}

/** A cancel request hit by `fault`. */
export function markCancel(order: Order, fault: FiredFault | null | undefined): void {
  if (fault?.effect.kind === 'stuck') order.faults.cancelStuckBy = fault.ruleId
}

/** Whether the order's acknowledgement is held by a rule that still exists. */
export function ackStuck(world: World, order: Order): boolean {
  const { stuckBy } = order.faults
  return stuckBy !== null && findRule(world, stuckBy) !== undefined
}

/** Whether a cancel of the order cannot land now (held by a rule, or behind a held ack). */
export function cancelStuck(world: World, order: Order): boolean {
  const { cancelStuckBy } = order.faults
  return (
    ackStuck(world, order) ||
    (cancelStuckBy !== null && findRule(world, cancelStuckBy) !== undefined)
  )
}

/** A rule is gone: what it held proceeds now. */
export function releaseHeldBy(world: World, ruleId: string): void {
  for (const open of world.openOrdersByAccount.values()) {
    for (const order of [...open]) {
      const { faults } = order
      if (faults.stuckBy !== ruleId && faults.cancelStuckBy !== ruleId) continue
      if (faults.stuckBy === ruleId) {
        faults.stuckBy = null
        acceptOrder(world, order)
      }
      if (faults.cancelStuckBy === ruleId) faults.cancelStuckBy = null
      if (faults.cancelHeld && !cancelStuck(world, order)) {
        faults.cancelHeld = false
        completeCancel(world, order)
      }
    }
  }
}
