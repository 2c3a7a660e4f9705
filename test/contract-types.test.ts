/**
 * The core's views and vocabularies are declared once in src/sim and once as zod schemas in
 * src/api (so the client never loads the simulator). These type tests turn any drift between
 * the two into a compile error, and the runtime checks catch drift in the literal lists.
 */
import type { z } from '@hono/zod-openapi'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as api from '../src/api/index.js'
import * as sim from '../src/sim/index.js'

describe('wire schemas and core views', () => {
  it('agree on the shape of every view', () => {
    // metadata is JSON in the core and `Record<string, unknown>` on the wire; JSON is a subset.
    expectTypeOf<Omit<sim.OrderView, 'metadata'>>().toEqualTypeOf<
      Omit<z.output<typeof api.Order>, 'metadata'>
    >()
    expectTypeOf<sim.OrderView['metadata']>().toExtend<z.output<typeof api.Order>['metadata']>()
    expectTypeOf<sim.FillView>().toEqualTypeOf<z.output<typeof api.Fill>>()
    expectTypeOf<sim.AccountView>().toEqualTypeOf<z.output<typeof api.Account>>()
    expectTypeOf<sim.PositionView>().toEqualTypeOf<z.output<typeof api.Position>>()
    expectTypeOf<sim.QuoteView>().toEqualTypeOf<z.output<typeof api.Quote>>()
    expectTypeOf<sim.InstrumentView>().toEqualTypeOf<z.output<typeof api.Instrument>>()
    expectTypeOf<sim.ClockView>().toEqualTypeOf<z.output<typeof api.Clock>>()
    expectTypeOf<sim.WorldConfig>().toEqualTypeOf<z.output<typeof api.ResolvedConfig>>()
    expectTypeOf<sim.MarketEvent>().toEqualTypeOf<z.output<typeof api.MarketEvent>>()
    expectTypeOf<sim.Distribution>().toEqualTypeOf<z.output<typeof api.LatencyDistribution>>()
    expectTypeOf<sim.FaultRuleInput>().toEqualTypeOf<z.output<typeof api.FaultRuleInput>>()
    expectTypeOf<sim.FaultRuleSpec>().toEqualTypeOf<z.output<typeof api.FaultRuleSpec>>()
    expectTypeOf<sim.FaultRuleView>().toEqualTypeOf<z.output<typeof api.FaultRule>>()
  })

  it('agree on the closed vocabularies', () => {
    expect(api.Side.options).toEqual([...sim.SIDES])
    expect(api.OrderType.options).toEqual([...sim.ORDER_TYPES])
    expect(api.TimeInForce.options).toEqual([...sim.TIMES_IN_FORCE])
    expect(api.OrderClass.options).toEqual([...sim.ORDER_CLASSES])
    expect(api.OrderStatus.options).toEqual([...sim.ORDER_STATUSES])
    expect(api.MarketEvent.options.map((o) => o.shape.kind.value)).toEqual([
      ...sim.MARKET_EVENT_KINDS,
    ])
    expect({
      jumpPctMax: api.PRICE_JUMP_PCT_MAX,
      durationMsMax: api.MARKET_EVENT_DURATION_MS_MAX,
      spreadBpsMax: api.SPREAD_OVERRIDE_BPS_MAX,
      liquidityFactorMax: api.LIQUIDITY_FACTOR_MAX,
    }).toEqual(sim.MARKET_EVENT_LIMITS)
    expect(api.DELAY_MS_MAX).toBe(sim.LIMITS.delayMsMax)
    expect(api.FaultOperation.options).toEqual([...sim.FAULT_OPERATIONS])
  })

  it('maps every core refusal to a catalog error code', () => {
    for (const code of sim.SIM_ERROR_CODES) expect(api.isApiErrorCode(code), code).toBe(true)
  })
})
