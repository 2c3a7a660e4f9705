/**
 * The order state machine. Every status change goes through `transition`, which refuses anything
 * not in this table, so an illegal transition is an invariant failure rather than a wrong answer.
 *
 * A fill can win the race against a cancel or a replace (`pending_cancel -> filled`); partial
 * fills while a cancel or replace is in flight keep the pending status.
 */
import { invariant } from '../invariant.js'
import type { OrderStatus } from './order-vocabulary.js'

const LEGAL: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_new: ['new', 'rejected', 'pending_cancel'],
  new: ['partially_filled', 'filled', 'pending_cancel', 'pending_replace', 'canceled', 'expired'],
  partially_filled: [
    'partially_filled',
    'filled',
    'pending_cancel',
    'pending_replace',
    'canceled',
    'expired',
  ],
  pending_cancel: ['canceled', 'filled', 'expired'],
  pending_replace: ['replaced', 'filled', 'expired', 'canceled'],
  filled: [],
  canceled: [],
  replaced: [],
  rejected: [],
  expired: [],
}

export const TERMINAL_STATUSES: readonly OrderStatus[] = [
  'filled',
  'canceled',
  'replaced',
  'rejected',
  'expired',
]

export function isTerminal(status: OrderStatus): boolean {
  return LEGAL[status].length === 0
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return LEGAL[from].includes(to)
}

export function assertTransition(from: OrderStatus, to: OrderStatus, orderId: string): void {
  invariant(canTransition(from, to), `illegal order transition ${from} -> ${to} for ${orderId}`)
}

export function legalTransitions(): Readonly<Record<OrderStatus, readonly OrderStatus[]>> {
  return LEGAL
}
