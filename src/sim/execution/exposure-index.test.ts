/**
 * The exposure index on worked examples, beside its property test: standalone limits count at
 * their notional, and a position each of them would reduce offsets each on its own, for orders of
 * the same leaves alike (their limits summed), also after one of them leaves.
 */
import { describe, expect, it } from 'vitest'
import { ACCOUNT, flatWorld, submit, unwrap } from '../../../test/support/sim-world.js'
import type { Simulation } from '../index.js'
import { worldOf } from '../simulation.js'
import { heldBuyingPower } from './exposure-index.js'
import { heldBuyingPowerByScan } from './exposure-scan.js'

/** DEMO long 100 TEST at 100.00, which may short; the quote is 100.00 / 100.01. */
function longWorld(): Simulation {
  return flatWorld({
    accounts: [
      {
        id: ACCOUNT,
        cash: '100000',
        allowShort: true,
        positions: [{ symbol: 'TEST', qty: '100', avgEntryPrice: '100' }],
      },
    ],
  })
}

function held(sim: Simulation, excludeKey?: string): string {
  const world = worldOf(sim)
  const value = heldBuyingPower(world, ACCOUNT, excludeKey)
  expect(value.toString(), 'the index against the scan').toBe(
    heldBuyingPowerByScan(world, ACCOUNT, excludeKey).toString(),
  )
  return value.toString()
}

const restingSell = (sim: Simulation, qty: string, limitPrice: string) =>
  submit(sim, { side: 'sell', type: 'limit', qty, limitPrice })

describe('the exposure index', () => {
  it('holds the notional of resting limits while no position offsets them', () => {
    const sim = flatWorld({ allowShort: true })
    submit(sim, { type: 'limit', qty: '10', limitPrice: '99.5' })
    submit(sim, { type: 'limit', qty: '30', limitPrice: '98.25' })
    submit(sim, { side: 'sell', type: 'limit', qty: '5', limitPrice: '101' })
    expect(held(sim)).toBe('4447.5')
    expect(unwrap(sim.account(ACCOUNT)).buyingPower).toBe('95552.5')
  })

  it('offsets each limit by the position it reduces, grouped by leaves, as orders come and go', () => {
    const sim = longWorld()
    const a = restingSell(sim, '150', '101')
    const b = restingSell(sim, '150', '102')
    restingSell(sim, '150', '103')
    // All of it closes the long: it holds nothing.
    restingSell(sim, '40', '104')
    submit(sim, { type: 'limit', qty: '10', limitPrice: '99' })
    // 50 × (101 + 102 + 103) for the sells, 10 × 99 for the buy.
    expect(held(sim)).toBe('16290')
    expect(held(sim, a.id)).toBe('11240')
    unwrap(sim.cancelOrder(ACCOUNT, b.id))
    expect(held(sim)).toBe('11190')
    unwrap(sim.replaceOrder(ACCOUNT, a.id, { qty: '120' }))
    expect(held(sim)).toBe('8160')
    expect(unwrap(sim.account(ACCOUNT)).buyingPower).toBe('91840')
  })
})
