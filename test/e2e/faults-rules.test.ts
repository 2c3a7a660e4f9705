/**
 * Fault rules as a control-plane resource over a real port (CONTRACT.md section 3): injected,
 * listed with their counts, removed and cleared; set by `faults` in configure and in scenarios;
 * refused with the contract's error shape when malformed (changing nothing). And the order effects
 * as a client sees them: `reject` (a `force-reject-*` rule rejects exactly those orders) and
 * `stuck` (pending until the rule is removed).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  FLAT_WORLD,
  at,
  expectError,
  expectRefused,
  startClient,
  type Client,
} from '../support/broker.js'

const ORDERS = '/v1/accounts/DEMO/orders'
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
const SUBMIT_503 = {
  match: { operation: 'submitOrder' },
  effect: { kind: 'error', status: 503 },
} as const

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

beforeEach(async () => {
  await client.configure(FLAT_WORLD)
})

function inject(rule: unknown) {
  return client.post('/mock/inject', { type: 'fault', rule })
}

async function addRule(rule: Record<string, unknown>): Promise<string> {
  const res = await inject(rule)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  expect(res.body).toEqual({ id: expect.stringMatching(/^flt-\d{6}$/) })
  return res.body.id
}

async function faults(): Promise<any[]> {
  const res = await client.get('/mock/faults')
  expect(res.status).toBe(200)
  return res.body.faults
}

describe('the rule resource', () => {
  it('answers the id, and lists the rule with its defaults and counts, in state too', async () => {
    const id = await addRule(SUBMIT_503)
    expect(id).toBe('flt-000001')
    const expected = {
      id,
      match: {
        operation: 'submitOrder',
        accountId: null,
        symbol: null,
        side: null,
        clientOrderId: null,
        method: null,
        path: null,
      },
      probability: 1,
      times: null,
      after: 0,
      window: null,
      effect: { kind: 'error', status: 503, code: null, message: null, retryAfter: null },
      matched: 0,
      fired: 0,
    }
    expect(await faults()).toEqual([expected])
    expect((await client.get('/mock/state')).body.faults).toEqual([expected])
  })

  it('counts the calls each rule matched and fired on', async () => {
    await addRule({
      match: { operation: 'submitOrder', side: 'sell' },
      effect: { kind: 'error', status: 500 },
    })
    await addRule({ ...SUBMIT_503, after: 1, times: 1 })
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(503)
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
    expect((await client.post(ORDERS, { ...MARKET_BUY, side: 'sell', qty: '5' })).status).toBe(500)
    expect((await faults()).map(({ matched, fired }) => ({ matched, fired }))).toEqual([
      { matched: 1, fired: 1 },
      { matched: 3, fired: 1 },
    ])
  })

  it('matches symbol and side from the body, the order, the path or the query', async () => {
    await client.configure({ ...FLAT_WORLD, symbols: ['AAPL', 'MSFT'] })
    const msft = { match: { symbol: 'msft' }, effect: { kind: 'error', status: 503 } }
    await addRule({ ...msft, match: { ...msft.match, operation: 'submitOrder', side: 'sell' } })
    await addRule({ ...msft, match: { ...msft.match, operation: 'cancelOrder' } })
    await addRule({ ...msft, match: { ...msft.match, operation: 'getQuotes' } })
    const limit = { qty: '1', type: 'limit', limitPrice: '1', timeInForce: 'gtc' }
    expect((await client.post(ORDERS, { ...limit, symbol: 'MSFT', side: 'sell' })).status).toBe(503)
    const msftBuy = await client.submitOrder({ ...limit, symbol: 'msft', side: 'buy' })
    const aaplBuy = await client.submitOrder({ ...limit, symbol: 'AAPL', side: 'buy' })
    expect((await client.del(`${ORDERS}/${msftBuy.id}`)).status).toBe(503)
    expect((await client.del(`${ORDERS}/${aaplBuy.id}`)).status).toBe(200)
    expect((await client.del(`${ORDERS}/ord-999999`)).status).toBe(404)
    expect((await client.get('/v1/quotes/msft')).status).toBe(503)
    expect((await client.get('/v1/quotes?symbols=MSFT')).status).toBe(503)
    expect((await client.get('/v1/quotes?symbols=AAPL,MSFT')).status).toBe(200)
    expect((await client.get('/v1/quotes/AAPL')).status).toBe(200)
  })

  it('removes one rule, answering it with its counts; a second delete is 404', async () => {
    const id = await addRule(SUBMIT_503)
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(503)
    const res = await client.del(`/mock/faults/${id}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, matched: 1, fired: 1 })
    expect(await faults()).toEqual([])
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
    expectError(await client.del(`/mock/faults/${id}`), 404, 'not_found')
  })

  it('clears every rule at once, answering the removed ones', async () => {
    const ids = [await addRule(SUBMIT_503), await addRule(SUBMIT_503)]
    const res = await client.del('/mock/faults')
    expect(res.status).toBe(200)
    expect(res.body.faults.map((f: any) => f.id)).toEqual(ids)
    expect(await faults()).toEqual([])
    expect((await client.del('/mock/faults')).body).toEqual({ faults: [] })
  })

  it('journals every firing as fault.applied with the rule and the request', async () => {
    const id = await addRule(SUBMIT_503)
    const res = await client.post(ORDERS, MARKET_BUY, { 'X-Request-Id': 'chaos-1' })
    expect(res.status).toBe(503)
    const events = (await client.get('/mock/events?type=fault.applied')).body.events
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      accountId: 'DEMO',
      data: {
        ruleId: id,
        operation: 'submitOrder',
        effect: { kind: 'error', status: 503 },
        request: { method: 'POST', path: ORDERS, requestId: 'chaos-1' },
      },
    })
  })
})

describe('faults in configure and scenarios', () => {
  it('start the world with the configured rules, again after a reset', async () => {
    await client.configure({ ...FLAT_WORLD, faults: [{ ...SUBMIT_503, times: 1 }] })
    const [rule] = await faults()
    expect(rule).toMatchObject({ id: 'flt-000001', times: 1, fired: 0 })
    expect((await client.get('/mock/state')).body.config.faults).toEqual([
      expect.objectContaining({ times: 1, effect: expect.objectContaining({ status: 503 }) }),
    ])
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(503)
    await addRule(SUBMIT_503)
    expect(await faults()).toHaveLength(2)
    expect((await client.post('/mock/reset')).status).toBe(200)
    expect(await faults()).toEqual([{ ...rule, matched: 0, fired: 0 }])
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(503)
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
  })

  it('come with the failure scenario', async () => {
    await client.configure({ scenario: 'failure' })
    const rules = await faults()
    expect(rules.length).toBeGreaterThan(0)
    expect(rules.map((r) => r.effect.kind)).toEqual(expect.arrayContaining(['error', 'latency']))
  })

  it('come with an inline scenario, and explicit faults replace them', async () => {
    const scenario = { name: 'flaky', ...FLAT_WORLD, faults: [SUBMIT_503] }
    await client.configure({ scenario })
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(503)
    await client.configure({ scenario, faults: [] })
    expect(await faults()).toEqual([])
    expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
  })
})

describe('refusals', () => {
  const BAD_RULES: Array<[string, unknown]> = [
    ['no effect', { match: { operation: 'submitOrder' } }],
    ['an unknown kind', { effect: { kind: 'explode' } }],
    ['a status that is not an error', { effect: { kind: 'error', status: 200 } }],
    ['an error code outside the catalog', { effect: { kind: 'error', status: 503, code: 'oops' } }],
    ['a probability above 1', { probability: 1.5, effect: { kind: 'reset' } }],
    ['times 0', { times: 0, effect: { kind: 'reset' } }],
    ['a negative after', { after: -1, effect: { kind: 'reset' } }],
    ['an unknown operation', { match: { operation: 'sendMoney' }, effect: { kind: 'reset' } }],
    ['an unknown key', { effect: { kind: 'reset' }, sometimes: true }],
    [
      'latency with ms and a distribution',
      { effect: { kind: 'latency', ms: 1, distribution: { type: 'fixed', ms: 1 } } },
    ],
    ['latency with neither', { effect: { kind: 'latency' } }],
    ['a rate limit of 0', { effect: { kind: 'rate_limit', limit: 0, windowMs: 1000 } }],
    ['a window time that is not ISO', { window: { from: 'soon' }, effect: { kind: 'reset' } }],
    [
      'a window ending before it starts',
      { window: { from: at(60_000), to: at(0) }, effect: { kind: 'reset' } },
    ],
    [
      'a stream effect on an HTTP operation',
      { match: { operation: 'submitOrder' }, effect: { kind: 'drop' } },
    ],
    ['a stream channel that does not exist', { effect: { kind: 'drop', channel: 'fill' } }],
    ['a quote channel without a symbol', { effect: { kind: 'duplicate', channel: 'quotes:' } }],
  ]

  it.each(BAD_RULES)('refuses %s with 400 invalid_request, changing nothing', async (_, rule) => {
    await addRule(SUBMIT_503)
    const before = await faults()
    await expectRefused(client, () => inject(rule), 400, 'invalid_request')
    expect(await faults()).toEqual(before)
  })

  it('names the field the core refused', async () => {
    const res = await inject({ window: { from: at(60_000), to: at(0) }, effect: { kind: 'reset' } })
    expect(res.body.error.details.path).toMatch(/^window/)
  })

  it('refuses a configuration with a bad rule, keeping the world it had', async () => {
    await addRule(SUBMIT_503)
    const before = await faults()
    const bad = { ...FLAT_WORLD, faults: [{ effect: { kind: 'error', status: 99 } }] }
    await expectRefused(client, () => client.post('/mock/configure', bad), 400, 'invalid_request')
    expect(await faults()).toEqual(before)
  })
})

describe('order effects', () => {
  it('a force-reject-* rule rejects exactly the orders so named, at the venue', async () => {
    await addRule({
      match: { clientOrderId: 'force-reject-*' },
      effect: { kind: 'reject', reason: 'chaos says no' },
    })
    const doomed = await client.submitOrder({ ...MARKET_BUY, clientOrderId: 'force-reject-1' })
    const fine = await client.submitOrder({ ...MARKET_BUY, clientOrderId: 'keep-1' })
    const plain = await client.submitOrder(MARKET_BUY)
    expect(doomed.status).toBe('pending_new')
    const rejected = await client.getOrder(doomed.id)
    expect(rejected.status).toBe('rejected')
    expect(rejected.rejectReason).toContain('chaos says no')
    expect((await client.getOrder(fine.id)).status).toBe('filled')
    expect((await client.getOrder(plain.id)).status).toBe('filled')
    const events = (await client.get('/mock/events?type=order.rejected')).body.events
    expect(events).toHaveLength(1)
    expect(JSON.stringify(events[0].data)).toContain(doomed.id)
    expect(JSON.stringify(events[0].data)).toContain('chaos says no')
  })

  it('stuck keeps an order pending_new until the rule is removed, then it proceeds', async () => {
    const id = await addRule({ match: { operation: 'submitOrder' }, effect: { kind: 'stuck' } })
    const order = await client.submitOrder(MARKET_BUY)
    await client.advance(60_000)
    expect((await client.getOrder(order.id)).status).toBe('pending_new')
    expect((await client.del(`/mock/faults/${id}`)).status).toBe(200)
    expect((await client.getOrder(order.id)).status).toBe('filled')
    const types = (await client.get('/mock/events?type=order.*')).body.events.map(
      (e: any) => e.type,
    )
    expect(types).toEqual(['order.pending_new', 'order.accepted', 'order.filled'])
  })

  it('stuck on a cancel keeps the order pending_cancel until the rule is removed', async () => {
    const resting = { ...MARKET_BUY, type: 'limit', limitPrice: '90', timeInForce: 'gtc' }
    const order = await client.submitOrder(resting)
    expect((await client.getOrder(order.id)).status).toBe('new')
    const id = await addRule({ match: { operation: 'cancelOrder' }, effect: { kind: 'stuck' } })
    expect((await client.del(`${ORDERS}/${order.id}`)).body.status).toBe('pending_cancel')
    await client.advance(60_000)
    expect((await client.getOrder(order.id)).status).toBe('pending_cancel')
    await client.del(`/mock/faults/${id}`)
    expect((await client.getOrder(order.id)).status).toBe('canceled')
  })
})
