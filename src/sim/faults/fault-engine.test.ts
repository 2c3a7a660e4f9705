/**
 * Deciding faults in the core: matching, `after`, `times`, `window`, seeded `probability`, rate
 * limits, first-match-wins, journaling, and the order effects `reject` and `stuck`.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  allEvents,
  flatConfig,
  flatWorld,
  orderNow,
  refusal,
  statusesOf,
  submit,
  unwrap,
  type FlatWorldOptions,
} from '../../../test/support/sim-world.js'
import {
  configureSimulation,
  type FaultCall,
  type FaultRuleInput,
  type Simulation,
} from '../index.js'

const SUBMIT: FaultCall = {
  operation: 'submitOrder',
  method: 'POST',
  path: '/v1/accounts/DEMO/orders',
  requestId: 'req-1',
  accountId: ACCOUNT,
  symbol: 'TEST',
  side: 'buy',
  clientOrderId: null,
}

const error503: FaultRuleInput['effect'] = { kind: 'error', status: 503 }

function world(options: FlatWorldOptions = {}): Simulation {
  return flatWorld({ ...options, execution: { latencyMin: 10, latencyMax: 10 } })
}

/** Whether a fault fired for each of `n` identical calls. */
function pattern(sim: Simulation, n: number, call: FaultCall = SUBMIT): boolean[] {
  return Array.from({ length: n }, () => sim.decideFault(call, 0).fault !== null)
}

describe('fault rules', () => {
  it('fire for matching calls only, and count what matched and what fired', () => {
    const sim = world()
    const rule = unwrap(
      sim.addFaultRule({ match: { operation: 'submitOrder', symbol: 'test' }, effect: error503 }),
    )
    expect(rule).toMatchObject({ id: 'flt-000001', probability: 1, after: 0, times: null })
    expect(rule.match.symbol).toBe('TEST')
    expect(sim.decideFault({ ...SUBMIT, symbol: 'OTHER' }, 0).fault).toBeNull()
    expect(sim.decideFault({ ...SUBMIT, operation: 'getOrder' }, 0).fault).toBeNull()
    expect(sim.decideFault(SUBMIT, 0).fault).toMatchObject({
      ruleId: rule.id,
      effect: { kind: 'error', status: 503, code: null },
    })
    expect(sim.faultRules()[0]).toMatchObject({ matched: 1, fired: 1 })
  })

  it('skip the first `after` matches and stop after `times`', () => {
    const sim = world()
    unwrap(sim.addFaultRule({ after: 1, times: 2, effect: error503 }))
    expect(pattern(sim, 5)).toEqual([false, true, true, false, false])
    expect(sim.faultRules()[0]).toMatchObject({ matched: 5, fired: 2 })
  })

  it('fire only inside their window of virtual time', () => {
    const sim = world()
    unwrap(
      sim.addFaultRule({
        window: { from: '2026-01-05T14:30:01.000Z', to: '2026-01-05T14:30:02.000Z' },
        effect: error503,
      }),
    )
    expect(pattern(sim, 1)).toEqual([false])
    advance(sim, 1_000)
    expect(pattern(sim, 1)).toEqual([true])
    advance(sim, 1_000)
    expect(pattern(sim, 1)).toEqual([false])
    expect(sim.faultRules()[0]!.matched).toBe(1)
  })

  it('draw probability from their own stream: a fixed pattern, about the share asked for', () => {
    const run = (extraRule: boolean) => {
      const sim = world({ seed: 11 })
      unwrap(
        sim.addFaultRule({
          match: { operation: 'submitOrder' },
          probability: 0.5,
          effect: error503,
        }),
      )
      if (extraRule)
        unwrap(
          sim.addFaultRule({
            match: { operation: 'getQuotes' },
            probability: 0.5,
            effect: error503,
          }),
        )
      return sim
    }
    const first = pattern(run(false), 400)
    expect(pattern(run(false), 400)).toEqual(first)
    const share = first.filter(Boolean).length / first.length
    expect(share).toBeGreaterThan(0.42)
    expect(share).toBeLessThan(0.58)
    // Another rule, drawing for other calls in between, does not move its pattern.
    const busy = run(true)
    const interleaved: boolean[] = []
    for (let i = 0; i < 400; i++) {
      busy.decideFault({ ...SUBMIT, operation: 'getQuotes' }, 0)
      interleaved.push(busy.decideFault(SUBMIT, 0).fault !== null)
    }
    expect(interleaved).toEqual(first)
  })

  it('leave market prices alone however many draws they make', () => {
    const quotes = (withFaults: boolean) => {
      const sim = flatWorld({ seed: 3, market: { volatility: 40 } })
      if (withFaults) unwrap(sim.addFaultRule({ probability: 0.3, effect: error503 }))
      for (let i = 0; i < 20; i++) {
        if (withFaults) pattern(sim, 7)
        advance(sim, 1_000)
      }
      return allEvents(sim)
        .filter((e) => e.type === 'quote.updated')
        .map((e) => e.data)
    }
    expect(quotes(true)).toEqual(quotes(false))
  })

  it('apply the first rule that matches and fires', () => {
    const sim = world()
    unwrap(sim.addFaultRule({ probability: 0, effect: error503 }))
    unwrap(sim.addFaultRule({ effect: { kind: 'error', status: 500, code: 'boom' } }))
    unwrap(sim.addFaultRule({ effect: { kind: 'reset' } }))
    expect(sim.decideFault(SUBMIT, 0).fault).toMatchObject({ ruleId: 'flt-000002' })
    expect(sim.faultRules().map((r) => [r.matched, r.fired])).toEqual([
      [1, 0],
      [1, 1],
      [0, 0],
    ])
  })

  it('match families, client order id globs, methods and path globs', () => {
    const sim = world()
    unwrap(sim.addFaultRule({ match: { operation: 'getQuotes' }, effect: error503 }))
    unwrap(sim.addFaultRule({ match: { clientOrderId: 'force-*' }, effect: { kind: 'malformed' } }))
    unwrap(
      sim.addFaultRule({
        match: { method: 'delete', path: '/v1/accounts/*/orders/*' },
        effect: { kind: 'reset' },
      }),
    )
    const quote = {
      ...SUBMIT,
      operation: 'getQuote' as const,
      method: 'GET',
      path: '/v1/quotes/TEST',
    }
    expect(sim.decideFault(quote, 0).fault?.ruleId).toBe('flt-000001')
    expect(sim.decideFault({ ...SUBMIT, clientOrderId: 'force-1' }, 0).fault?.ruleId).toBe(
      'flt-000002',
    )
    expect(sim.decideFault({ ...SUBMIT, clientOrderId: 'mine-1' }, 0).fault).toBeNull()
    const cancel = {
      ...SUBMIT,
      operation: 'cancelOrder' as const,
      method: 'DELETE',
      path: '/v1/accounts/DEMO/orders/ord-000001',
    }
    expect(sim.decideFault(cancel, 0).fault?.ruleId).toBe('flt-000003')
  })

  it('journal every firing as fault.applied, with the rule, the effect and the request', () => {
    const sim = world()
    unwrap(
      sim.addFaultRule({
        effect: { kind: 'latency', distribution: { type: 'uniform', min: 50, max: 150 } },
      }),
    )
    const fired = sim.decideFault(SUBMIT, 0).fault!
    expect(fired.delayMs).toBeGreaterThanOrEqual(50)
    expect(fired.delayMs).toBeLessThanOrEqual(150)
    const [event] = allEvents(sim).filter((e) => e.type === 'fault.applied')
    expect(event).toMatchObject({
      accountId: ACCOUNT,
      data: {
        ruleId: 'flt-000001',
        effect: { kind: 'latency' },
        operation: 'submitOrder',
        request: { method: 'POST', path: '/v1/accounts/DEMO/orders', requestId: 'req-1' },
        delayMs: fired.delayMs,
      },
    })
  })

  it('rate-limit calls over the limit in a window, with what the headers need', () => {
    const sim = world()
    unwrap(
      sim.addFaultRule({
        effect: { kind: 'rate_limit', limit: 2, windowMs: 1_000, clock: 'virtual' },
      }),
    )
    const decisions = [0, 1, 2].map(() => sim.decideFault(SUBMIT, 0))
    expect(decisions.map((d) => d.rateLimit?.remaining)).toEqual([1, 0, 0])
    expect(decisions.map((d) => d.fault?.effect.kind ?? null)).toEqual([null, null, 'rate_limit'])
    expect(decisions[2]!.fault!.retryAfterMs).toBe(1_000)
    advance(sim, 400)
    expect(sim.decideFault(SUBMIT, 0).fault?.retryAfterMs).toBe(600)
    advance(sim, 600) // a new window
    expect(sim.decideFault(SUBMIT, 0)).toMatchObject({
      fault: null,
      rateLimit: { limit: 2, remaining: 1, resetMs: 1_000 },
    })
  })

  it('time wall-clock rate windows by the wall time they are given', () => {
    const sim = world()
    unwrap(sim.addFaultRule({ effect: { kind: 'rate_limit', limit: 1, windowMs: 200 } }))
    expect(sim.decideFault(SUBMIT, 10_000).fault).toBeNull()
    expect(sim.decideFault(SUBMIT, 10_050).fault?.retryAfterMs).toBe(150)
    expect(sim.decideFault(SUBMIT, 10_200).fault).toBeNull()
  })

  it('decide stream faults once per streamed event, on its channel, right after it', () => {
    const sim = world()
    unwrap(sim.addFaultRule({ effect: { kind: 'duplicate', channel: 'fills' } }))
    unwrap(sim.addFaultRule({ match: { accountId: 'B' }, effect: { kind: 'disconnect' } }))
    unwrap(sim.addFaultRule({ times: 1, effect: { kind: 'drop', channel: 'quotes' } }))
    const order = submit(sim, { type: 'market' })
    advance(sim, 1_000)
    const events = allEvents(sim)
    const applied = events.filter((e) => e.type === 'fault.applied')
    const fill = events.find((e) => e.type === 'fill.created')
    const quote = events.find((e) => e.type === 'quote.updated')
    // One drop (times: 1) on the first quote, one duplicate on the only fill, no disconnect.
    expect(applied).toHaveLength(2)
    expect(applied.map((e) => [e.data.effect, e.data.seq])).toEqual(
      expect.arrayContaining([
        [{ kind: 'drop', channel: 'quotes' }, quote?.seq],
        [{ kind: 'duplicate', channel: 'fills' }, fill?.seq],
      ]),
    )
    const duplicate = applied.find((e) => e.data.channel === 'fills')
    expect(duplicate).toMatchObject({
      seq: (fill?.seq ?? 0) + 1,
      accountId: ACCOUNT,
      data: { operation: 'stream', channel: 'fills', symbol: 'TEST', clientOrderId: null },
    })
    expect(orderNow(sim, order.id).status).toBe('filled')
    // HTTP calls never see stream rules.
    expect(sim.decideFault(SUBMIT, 0).fault).toBeNull()
  })

  it('match stream rules on the order fields of the event', () => {
    const sim = world()
    unwrap(
      sim.addFaultRule({
        match: { operation: 'stream', clientOrderId: 'lose-*', side: 'buy' },
        effect: { kind: 'drop', channel: 'orders' },
      }),
    )
    submit(sim, { type: 'market', clientOrderId: 'keep-1' })
    const lost = submit(sim, { type: 'market', clientOrderId: 'lose-1' })
    advance(sim, 1_000)
    const events = allEvents(sim)
    const dropped = events
      .filter((e) => e.type === 'fault.applied')
      .map((e) => events.find((x) => x.seq === e.data.seq))
    expect(dropped.length).toBeGreaterThan(1)
    for (const event of dropped) {
      expect(event?.type.startsWith('order.')).toBe(true)
      expect(event?.data.order).toMatchObject({ id: lost.id })
    }
  })

  it('refuse rules that cannot work, naming the field, and add nothing', () => {
    const sim = world()
    const cases: Array<[FaultRuleInput, string]> = [
      [{ match: { operation: 'getQuotes' }, effect: { kind: 'reject' } }, 'match.operation'],
      [{ match: { operation: 'submitOrder' }, effect: { kind: 'drop' } }, 'match.operation'],
      [{ match: { operation: 'stream' }, effect: error503 }, 'match.operation'],
      [{ probability: 1.5, effect: error503 }, 'probability'],
      [{ times: 0, effect: error503 }, 'times'],
      [{ after: -1, effect: error503 }, 'after'],
      [{ window: { from: 'soon' }, effect: error503 }, 'window.from'],
      [
        { window: { from: '2026-01-05T15:00:00Z', to: '2026-01-05T14:00:00Z' }, effect: error503 },
        'window.to',
      ],
      [{ effect: { kind: 'error', status: 200 } }, 'effect.status'],
      [{ effect: { kind: 'latency', ms: -5 } }, 'effect.ms'],
      [{ effect: { kind: 'rate_limit', limit: 0, windowMs: 10 } }, 'effect.limit'],
    ]
    for (const [input, path] of cases) {
      const error = refusal(sim.addFaultRule(input))
      expect([error.code, error.details.path], JSON.stringify(input)).toEqual([
        'invalid_request',
        path,
      ])
    }
    expect(sim.faultRules()).toEqual([])
  })

  it('come from the configuration, in order, with paths into it when one is wrong', () => {
    const faults: FaultRuleInput[] = [
      { effect: error503 },
      { match: { operation: 'getOrder' }, effect: { kind: 'reset' } },
    ]
    const sim = unwrap(configureSimulation({ ...flatConfig(), faults }, 1))
    expect(sim.faultRules().map((rule) => [rule.id, rule.effect.kind])).toEqual([
      ['flt-000001', 'error'],
      ['flt-000002', 'reset'],
    ])
    expect(sim.config.faults[1]!.match.operation).toBe('getOrder')
    const bad = configureSimulation(
      { ...flatConfig(), faults: [{ times: 0, effect: error503 }] },
      1,
    )
    expect(refusal(bad).details.path).toBe('faults[0].times')
  })
})

describe('order effects', () => {
  const submitWith = (sim: Simulation, clientOrderId?: string) => {
    const fault = sim.decideFault({ ...SUBMIT, clientOrderId: clientOrderId ?? null }, 0).fault
    return unwrap(
      sim.submitOrder(
        ACCOUNT,
        {
          symbol: 'TEST',
          side: 'buy',
          qty: '10',
          type: 'market',
          timeInForce: 'gtc',
          orderClass: 'simple',
          ...(clientOrderId !== undefined && { clientOrderId }),
        },
        { fault },
      ),
    ).order
  }

  it('reject accepts the order, then the venue rejects it with the reason and the rule', () => {
    const sim = world()
    unwrap(
      sim.addFaultRule({
        match: { clientOrderId: 'force-reject-*' },
        effect: { kind: 'reject', reason: 'symbol restricted' },
      }),
    )
    const rejected = submitWith(sim, 'force-reject-1')
    const fine = submitWith(sim, 'ok-1')
    expect(rejected.status).toBe('pending_new')
    advance(sim, 10)
    expect(statusesOf(sim, rejected.id)).toEqual(['pending_new', 'rejected'])
    expect(orderNow(sim, rejected.id).rejectReason).toBe(
      'injected_fault: symbol restricted (fault rule flt-000001)',
    )
    expect(orderNow(sim, fine.id).status).toBe('filled')
  })

  it('stuck holds a submission in pending_new until the rule is removed, then it proceeds', () => {
    const sim = world()
    const rule = unwrap(sim.addFaultRule({ times: 1, effect: { kind: 'stuck' } }))
    const stuck = submitWith(sim)
    const next = submitWith(sim) // times: 1, so this one goes through
    advance(sim, 60_000)
    expect(orderNow(sim, stuck.id).status).toBe('pending_new')
    expect(orderNow(sim, next.id).status).toBe('filled')
    unwrap(sim.removeFaultRule(rule.id))
    expect(orderNow(sim, stuck.id).status).toBe('filled')
  })

  it('holds a cancel of a stuck submission behind it, landing right after the release', () => {
    const sim = world()
    const rule = unwrap(sim.addFaultRule({ effect: { kind: 'stuck' } }))
    const stuck = submitWith(sim)
    unwrap(sim.cancelOrder(ACCOUNT, stuck.id))
    advance(sim, 60_000)
    expect(orderNow(sim, stuck.id).status).toBe('pending_cancel')
    unwrap(sim.removeFaultRule(rule.id))
    // Acknowledged as pending_cancel, it may fill before the held cancel lands: here it does
    // (the order is marketable), and the late cancel finds nothing to cancel.
    expect(['filled', 'canceled']).toContain(orderNow(sim, stuck.id).status)
    expect(statusesOf(sim, stuck.id).slice(0, 3)).toEqual([
      'pending_new',
      'pending_cancel',
      'pending_cancel',
    ])
  })

  it('stuck on a cancel keeps the order pending_cancel until the rule is removed', () => {
    const sim = world()
    const resting = submit(sim, { type: 'limit', limitPrice: '90' })
    advance(sim, 10)
    const rule = unwrap(
      sim.addFaultRule({ match: { operation: 'cancelOrder' }, effect: { kind: 'stuck' } }),
    )
    const fault = sim.decideFault(
      {
        ...SUBMIT,
        operation: 'cancelOrder',
        method: 'DELETE',
        path: `/v1/accounts/DEMO/orders/${resting.id}`,
      },
      0,
    ).fault
    unwrap(sim.cancelOrder(ACCOUNT, resting.id, { fault }))
    advance(sim, 60_000)
    expect(orderNow(sim, resting.id).status).toBe('pending_cancel')
    unwrap(sim.removeFaultRule(rule.id))
    expect(orderNow(sim, resting.id).status).toBe('canceled')
  })
})
