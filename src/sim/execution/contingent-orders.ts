/**
 * Order classes (CONTRACT.md section 1): the legs of a bracket, an oto and an oco are orders of
 * their own, linked to their parent by `parentId` and `legs`.
 *
 * - bracket / oto: the exits are created with the entry, `held` (`pending_new`, not at the venue),
 *   and go to the venue, risk-checked like any order, when the entry is completely filled. If the
 *   entry ends any other way (canceled, expired, rejected) its held exits are canceled with it; a
 *   cancel that loses the race to the entry's fill leaves them to be released.
 *   The two exits of a bracket are a one-cancels-other set.
 * - oco: the order is the take-profit and its one leg the stop-loss; both go to the venue at once.
 *   Cancelling the parent cancels the leg (whatever replaced it); a parent that ends without
 *   filling (canceled, expired, rejected) takes the leg with it.
 * - In a one-cancels-other set a fill of one member reduces every other member by its quantity,
 *   and a member that fills completely cancels the others, at the venue, in the same instant.
 */
import type { Decimal } from '../decimal.js'
import { exitSide, type ValidExits } from '../orders/order-class-validation.js'
import type { OrderRequest } from '../orders/order-request.js'
import { isTerminal } from '../orders/order-status.js'
import type { ValidOrder } from '../orders/order-validation.js'
import type { Order } from '../orders/order.js'
import type { World } from '../world.js'
import { exposureKey } from './buying-power.js'
import { exposureChanged } from './exposure-index.js'
import { newOrder } from './new-order.js'
import { emitOrder, moveTo, registerOrder } from './order-lifecycle.js'
import { checkRisk } from './risk-checks.js'
import { sendToVenue } from './send-to-venue.js'

/** Creates, registers and journals the legs of a just-submitted parent. */
export function createLegs(
  world: World,
  parent: Order,
  request: OrderRequest,
  exits: ValidExits,
): void {
  if (parent.orderClass === 'simple') return
  const oco = parent.orderClass === 'oco'
  const group = parent.orderClass === 'oto' ? undefined : parent.id
  if (oco) joinGroup(world, parent, parent.id)
  const legs: Array<[OrderRequest, ValidOrder]> = []
  if (exits.takeProfit && !oco) legs.push(exitLeg(parent, request, 'takeProfit', exits))
  if (exits.stopLoss) legs.push(exitLeg(parent, request, 'stopLoss', exits))
  for (const [legRequest, valid] of legs) {
    const leg = newOrder(world, parent.accountId, legRequest, valid, 'pending_new', {
      parentId: parent.id,
      held: !oco,
    })
    if (group !== undefined) joinGroup(world, leg, group)
    parent.legs.push(leg.id)
    registerOrder(world, leg)
    emitOrder(world, leg, 'order.pending_new')
    if (oco) sendToVenue(world, leg)
  }
}

/** Adds an order to a one-cancels-other set (a replacement joins the set of the order it replaces). */
export function joinGroup(world: World, order: Order, group: string): void {
  order.ocoGroup = group
  const members = world.ocoGroups.get(group)
  if (members) members.push(order)
  else world.ocoGroups.set(group, [order])
  exposureChanged(world, order)
}

/** The entry filled completely: its held exits go to the venue, or are canceled if asked to. */
export function armLegs(world: World, parent: Order): void {
  for (const leg of heldLegs(world, parent)) {
    leg.held = false
    exposureChanged(world, leg)
    if (leg.status === 'pending_cancel') {
      moveTo(world, leg, 'canceled')
      continue
    }
    const risk = checkRisk(world, leg.accountId, leg, exposureKey(world, leg))
    if (!risk.ok) {
      leg.rejectReason = `${risk.error.code}: ${risk.error.message}`
      moveTo(world, leg, 'rejected')
      continue
    }
    sendToVenue(world, leg)
  }
}

/**
 * A parent ended without filling completely: the exits that waited for it go with it, and so do
 * the working legs of an oco, which protect nothing once their parent is gone.
 */
export function parentEnded(world: World, parent: Order): void {
  for (const leg of liveLegs(world, parent)) {
    if (!leg.held && parent.orderClass !== 'oco') continue
    leg.held = false
    exposureChanged(world, leg)
    cancelAtVenue(world, leg)
  }
}

/** The working legs a cancel of an oco parent takes along (bracket and oto exits wait instead). */
export function cancelableLegs(world: World, parent: Order): Order[] {
  if (parent.orderClass !== 'oco') return []
  return liveLegs(world, parent).filter((leg) => leg.status !== 'pending_cancel')
}

/**
 * A member of a one-cancels-other set filled `qty`: the others shrink by as much, and a member
 * that filled completely cancels them. A replacement in flight shrinks with the order it
 * replaces, which stands for it until the replace lands (and which cuts it again by what it
 * fills itself in the meantime, replace-order.ts).
 */
export function reduceOcoPartners(world: World, order: Order, qty: Decimal): void {
  const members = order.ocoGroup === null ? undefined : world.ocoGroups.get(order.ocoGroup)
  if (!members) return
  const complete = order.status === 'filled'
  // Decided before anything changes: canceling an old order below must not make its
  // replacement look like a landed member.
  const inFlight = new Set(members.filter((member) => replaceInFlight(world, member)))
  for (const other of [...members]) {
    if (other === order || other.replaces === order.id || isTerminal(other.status)) continue
    if (inFlight.has(other)) {
      // The old order stands for it: canceling the old one fails the replacement when it lands.
      if (complete) continue
      const rest = other.qty.sub(qty)
      if (rest.isPositive()) shrink(world, other, rest)
      else cancelAtVenue(world, world.orders.get(other.replaces!)!)
      continue
    }
    const rest = other.qty.sub(qty)
    if (complete || !rest.gt(other.filledQty)) cancelAtVenue(world, other)
    else shrink(world, other, rest)
  }
}

/** A replacement sent but not landed: its old order has not been replaced by it yet. */
function replaceInFlight(world: World, order: Order): boolean {
  if (order.replaces === null || order.acceptedAtMs !== null) return false
  return world.orders.get(order.replaces)?.replacedBy !== order.id
}

function shrink(world: World, order: Order, qty: Decimal): void {
  order.qty = qty
  order.updatedAtMs = world.nowMs
  exposureChanged(world, order)
  emitOrder(world, order, 'order.reduced')
}

/** The venue cancels an order itself, at once (no cancel latency: nothing travels). */
function cancelAtVenue(world: World, order: Order): void {
  if (isTerminal(order.status)) return
  if (order.status === 'pending_new') moveTo(world, order, 'pending_cancel')
  moveTo(world, order, 'canceled')
}

/**
 * Each leg as it is now: followed through its replacements (a leg being replaced is stood for by
 * its replacement in flight), and only while it can still fill.
 */
function liveLegs(world: World, parent: Order): Order[] {
  const live: Order[] = []
  for (const id of parent.legs) {
    let leg = world.orders.get(id)
    while (leg?.replacedBy) leg = world.orders.get(leg.replacedBy)
    if (leg?.status === 'pending_replace') leg = replacementOf(world, leg)
    if (leg && !isTerminal(leg.status)) live.push(leg)
  }
  return live
}

function replacementOf(world: World, old: Order): Order | undefined {
  for (const order of world.openOrdersByAccount.get(old.accountId) ?? [])
    if (order.replaces === old.id) return order
  return undefined
}

function heldLegs(world: World, parent: Order): Order[] {
  return liveLegs(world, parent).filter((leg) => leg.held)
}

/** The request and checked values of one exit leg: opposite side (oco: same), entry's size. */
function exitLeg(
  parent: Order,
  request: OrderRequest,
  exit: 'takeProfit' | 'stopLoss',
  exits: ValidExits,
): [OrderRequest, ValidOrder] {
  const tif = request.timeInForce
  const stopLoss = exits.stopLoss
  const limitPrice = exit === 'takeProfit' ? exits.takeProfit!.limitPrice : stopLoss!.limitPrice
  const stopPrice = exit === 'stopLoss' ? stopLoss!.stopPrice : null
  const type = exit === 'takeProfit' ? 'limit' : limitPrice === null ? 'stop' : 'stop_limit'
  const legRequest: OrderRequest = {
    symbol: parent.symbol,
    side: exitSide(request),
    qty: parent.qty.toString(),
    type,
    ...(limitPrice && { limitPrice: limitPrice.toString() }),
    ...(stopPrice && { stopPrice: stopPrice.toString() }),
    timeInForce: tif,
    ...(tif === 'gtd' && request.expireAt !== undefined && { expireAt: request.expireAt }),
    ...(request.strategyId !== undefined && { strategyId: request.strategyId }),
    orderClass: parent.orderClass,
  }
  return [
    legRequest,
    {
      qty: parent.qty,
      limitPrice,
      stopPrice,
      trailPrice: null,
      trailPercent: null,
      expireAtMs: tif === 'gtd' ? parent.expireAtMs : null,
    },
  ]
}
