import { describe, expect, it } from 'vitest'
import { InvariantError } from '../invariant.js'
import {
  TERMINAL_STATUSES,
  assertTransition,
  canTransition,
  isTerminal,
  legalTransitions,
} from './order-status.js'
import { ORDER_STATUSES, type OrderStatus } from './order-vocabulary.js'

// The table as CONTRACT.md section 1 and the cancel/replace rules describe it, written out in full
// so a change to the code's table has to be made here on purpose too.
const EXPECTED: Record<OrderStatus, OrderStatus[]> = {
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

const allPairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const))

describe('the order status table', () => {
  it('allows exactly the transitions listed', () => {
    for (const [from, to] of allPairs)
      expect(canTransition(from, to), `${from} -> ${to}`).toBe(EXPECTED[from].includes(to))
  })

  it('publishes the same table through legalTransitions', () => {
    const table = legalTransitions()
    for (const status of ORDER_STATUSES)
      expect([...table[status]].sort(), status).toEqual([...EXPECTED[status]].sort())
  })

  it('gives every terminal status no exit and every other status at least one', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(
      ['canceled', 'expired', 'filled', 'rejected', 'replaced'].sort(),
    )
    for (const status of ORDER_STATUSES) {
      const exits = ORDER_STATUSES.filter((to) => canTransition(status, to))
      expect(isTerminal(status), status).toBe(TERMINAL_STATUSES.includes(status))
      expect(exits.length === 0, status).toBe(TERMINAL_STATUSES.includes(status))
    }
  })

  it('lets a fill win the race against a cancel or a replace', () => {
    expect(canTransition('pending_cancel', 'filled')).toBe(true)
    expect(canTransition('pending_replace', 'filled')).toBe(true)
  })

  it('never leads back to pending_new or new', () => {
    for (const from of ORDER_STATUSES) {
      expect(canTransition(from, 'pending_new'), from).toBe(false)
      if (from !== 'pending_new') expect(canTransition(from, 'new'), from).toBe(false)
    }
  })

  it('passes a legal transition through assertTransition', () => {
    expect(() => assertTransition('new', 'filled', 'ord-000001')).not.toThrow()
  })

  it('throws an InvariantError naming the order and both statuses on an illegal transition', () => {
    expect(() => assertTransition('filled', 'canceled', 'ord-000042')).toThrow(InvariantError)
    expect(() => assertTransition('pending_new', 'filled', 'ord-000042')).toThrow(
      'illegal order transition pending_new -> filled for ord-000042',
    )
  })

  it('refuses every pair outside the table through assertTransition', () => {
    for (const [from, to] of allPairs) {
      if (EXPECTED[from].includes(to)) continue
      expect(() => assertTransition(from, to, 'ord-000001'), `${from} -> ${to}`).toThrow(
        InvariantError,
      )
    }
  })
})
