/**
 * `executionConfig.commission.maker` / `.taker`: a fill pays the rates of its liquidity (a
 * missing rate is the base one), the per-order minimum stays, and the resolved configuration
 * writes both sides out. Amounts are checked to the last digit.
 *
 * The flat world quotes TEST at bid 100.00 / ask 100.01. A marketable limit executes on arrival
 * (taker, at the ask); a resting limit reached by a later quote fills at that quote's touch
 * (maker).
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  fillsOf,
  flatWorld,
  jump,
  refusal,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import { configureConfig } from '../configure.js'
import type { ConfigBody } from '../config/config-input.js'

type Commission = NonNullable<NonNullable<ConfigBody['executionConfig']>['commission']>

/** Base: 0.005/share + 1 bp, minimum 1. Makers pay 0.001/share (bps: the base 1), takers 2.5 bps. */
const COMMISSION: Commission = {
  perShare: '0.005',
  bps: '1',
  minimum: '1',
  maker: { perShare: '0.001' },
  taker: { bps: '2.5' },
}

const world = (commission: Commission = COMMISSION) =>
  flatWorld({ execution: { commission }, market: { liquidity: 100_000 } })

describe('maker and taker commission', () => {
  it('charges a limit that executes on arrival the taker rates', () => {
    const sim = world()
    const order = submit(sim, { type: 'limit', limitPrice: '100.05', qty: '100' })
    const [fill] = fillsOf(sim, order.id)
    // 0.005 × 100 + 100 × 100.01 × 2.5 / 10000 = 0.5 + 2.50025
    expect(fill).toMatchObject({ liquidity: 'taker', price: '100.01', commission: '3.00025' })
    const account = unwrap(sim.account(ACCOUNT))
    expect(account.commissionsPaid).toBe('3.00025')
    // 100000 − 100 × 100.01 − 3.00025
    expect(account.cash).toBe('89995.99975')
  })

  it('charges the same limit resting until a later quote reaches it the maker rates', () => {
    const sim = world()
    const order = submit(sim, { type: 'limit', limitPrice: '99.50', qty: '100' })
    expect(fillsOf(sim, order.id)).toEqual([])
    jump(sim, '99.40')
    const [fill] = fillsOf(sim, order.id)
    // 0.001 × 100 + 100 × 99.41 × 1 / 10000 = 0.1 + 0.9941 (maker bps falls back to the base 1)
    expect(fill).toMatchObject({ liquidity: 'maker', price: '99.41', commission: '1.0941' })
    expect(unwrap(sim.account(ACCOUNT)).commissionsPaid).toBe('1.0941')
  })

  it('tops small maker and taker fills up to the per-order minimum alike', () => {
    const sim = world()
    const taker = submit(sim, { type: 'limit', limitPrice: '100.05', qty: '10' })
    // raw 0.05 + 0.250025 = 0.300025 < 1
    expect(fillsOf(sim, taker.id)[0]).toMatchObject({ liquidity: 'taker', commission: '1' })
    const maker = submit(sim, { type: 'limit', limitPrice: '99.50', qty: '10' })
    jump(sim, '99.40')
    // raw 0.01 + 0.09941 = 0.10941 < 1
    expect(fillsOf(sim, maker.id)[0]).toMatchObject({ liquidity: 'maker', commission: '1' })
    expect(unwrap(sim.account(ACCOUNT)).commissionsPaid).toBe('2')
  })

  it('charges the base rates on both sides when maker and taker are not given', () => {
    const sim = world({ perShare: '0.005', bps: '1', minimum: '1' })
    const taker = submit(sim, { type: 'limit', limitPrice: '100.05', qty: '100' })
    // 0.5 + 100 × 100.01 × 1 / 10000 = 0.5 + 1.0001
    expect(fillsOf(sim, taker.id)[0]).toMatchObject({ liquidity: 'taker', commission: '1.5001' })
    const maker = submit(sim, { type: 'limit', limitPrice: '99.50', qty: '100' })
    jump(sim, '99.40')
    // 0.5 + 0.9941
    expect(fillsOf(sim, maker.id)[0]).toMatchObject({ liquidity: 'maker', commission: '1.4941' })
  })

  it('resolves both sides in the config, each missing rate from the base one', () => {
    expect(world().config.executionConfig.commission).toEqual({
      perShare: '0.005',
      bps: '1',
      minimum: '1',
      maker: { perShare: '0.001', bps: '1' },
      taker: { perShare: '0.005', bps: '2.5' },
    })
    expect(unwrap(configureConfig({})).executionConfig.commission).toEqual({
      perShare: '0',
      bps: '0',
      minimum: '0',
      maker: { perShare: '0', bps: '0' },
      taker: { perShare: '0', bps: '0' },
    })
  })

  it('merges key by key: explicit over the scenario, the side over the base', () => {
    const config = unwrap(
      configureConfig({
        executionConfig: { commission: { bps: '3', maker: { bps: '0.2' } } },
        scenario: {
          name: 'fees',
          body: {
            executionConfig: {
              commission: { perShare: '0.01', maker: { perShare: '0.002', bps: '9' } },
            },
          },
        },
      }),
    ).executionConfig.commission
    expect(config).toEqual({
      perShare: '0.01',
      bps: '3',
      minimum: '0',
      maker: { perShare: '0.002', bps: '0.2' },
      taker: { perShare: '0.01', bps: '3' },
    })
  })

  it('refuses a negative rate on either side, naming its path', () => {
    for (const [commission, path] of [
      [{ maker: { perShare: '-0.001' } }, 'executionConfig.commission.maker.perShare'],
      [{ taker: { bps: '-1' } }, 'executionConfig.commission.taker.bps'],
      [{ perShare: '-1' }, 'executionConfig.commission.perShare'],
    ] as const) {
      const error = refusal(configureConfig({ executionConfig: { commission } }))
      expect(error.code).toBe('invalid_request')
      expect(error.details.path).toBe(path)
    }
  })
})
