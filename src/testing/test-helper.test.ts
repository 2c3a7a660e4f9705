import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockBrokerError } from '../client/index.js'
import { scenario } from './scenario-builder.js'
import {
  ExecutionMismatchError,
  MockBrokerTestHelper,
  WaitForOrderError,
  parsePrometheusText,
} from './test-helper.js'

const START = '2026-01-05T14:30:00.000Z'
const WORLD = scenario()
  .seed(7)
  .clock('manual')
  .startAt(START)
  .symbols({ symbol: 'AAPL', price: 150 })
  .volatility(0)
  .latency(5)
  .cash(100_000)
const SUITE = 'src/testing/test-helper.test.ts'

let helper: MockBrokerTestHelper

beforeAll(async () => {
  helper = await MockBrokerTestHelper.start({ scenario: WORLD, suite: SUITE })
})
afterAll(() => helper.close())
beforeEach(async () => {
  await helper.setupScenario(WORLD)
})

const buy = (qty = 10, clientOrderId?: string) =>
  helper.client.submitOrder('DEMO', {
    symbol: 'AAPL',
    side: 'buy',
    qty,
    type: 'market',
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
  })

describe('MockBrokerTestHelper.start / close / constructor', () => {
  it('starts an in-process broker on a free port and stops it on close', async () => {
    const own = await MockBrokerTestHelper.start({ scenario: 'normal' })
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(own.broker).toBeDefined()
    expect((await own.client.state()).config.scenario).toBe('normal')
    await own.close()
    await expect(own.client.ping()).rejects.toThrow(/failed before an answer/)
  })

  it('wraps an external broker by URL; close() leaves it running', async () => {
    const external = new MockBrokerTestHelper(helper.url, { accountId: 'DEMO' })
    expect(external.broker).toBeUndefined()
    expect((await external.client.clock()).time).toBe(START)
    await external.close()
    expect((await helper.client.clock()).time).toBe(START)
  })
})

describe('setupScenario', () => {
  it('takes a scenario name', async () => {
    await helper.setupScenario('normal')
    const { config } = await helper.client.state()
    expect(config.scenario).toBe('normal')
    expect(config.symbols.map(({ symbol }) => symbol)).toContain('MSFT')
  })

  it('takes a builder', async () => {
    await helper.setupScenario(scenario('normal').seed(3).symbols('TSLA'))
    const { config } = await helper.client.state()
    expect(config.seed).toBe(3)
    expect(config.symbols.map(({ symbol }) => symbol)).toEqual(['TSLA'])
  })

  it('takes a configure body', async () => {
    await helper.setupScenario({ seed: 5, symbols: ['MSFT'], accounts: [{ id: 'X', cash: 1 }] })
    const { config, accounts } = await helper.client.state()
    expect(config.seed).toBe(5)
    expect(accounts.map(({ id }) => id)).toEqual(['X'])
  })
})

describe('advance', () => {
  it('moves the virtual clock by ms', async () => {
    const result = await helper.advance(1500)
    expect(result.to).toBe('2026-01-05T14:30:01.500Z')
    expect((await helper.client.clock()).time).toBe('2026-01-05T14:30:01.500Z')
  })
})

describe('waitForOrder', () => {
  it('advances the virtual clock until the order is filled', async () => {
    const order = await buy()
    expect(order.status).toBe('pending_new')
    const filled = await helper.waitForOrder(order.id, 'filled')
    expect(filled.status).toBe('filled')
    // 5 ms of latency reached within the first 100 ms step.
    expect((await helper.client.clock()).time).toBe('2026-01-05T14:30:00.100Z')
  })

  it('takes an account id and a list of statuses', async () => {
    const order = await buy()
    const done = await helper.waitForOrder('DEMO', order.id, ['filled', 'rejected'], {
      stepMs: 1,
    })
    expect(done.status).toBe('filled')
    expect((await helper.client.clock()).time).toBe('2026-01-05T14:30:00.005Z')
  })

  it('answers at once when the order already has the status', async () => {
    const order = await buy()
    const pending = await helper.waitForOrder(order.id, 'pending_new')
    expect(pending.status).toBe('pending_new')
    expect((await helper.client.clock()).time).toBe(START)
  })

  it('names the status the order stayed in after advancing maxMs', async () => {
    await helper.injectFault({ match: { operation: 'submitOrder' }, effect: { kind: 'stuck' } })
    const order = await buy()
    // maxMs defaults to 60000; 1 s steps keep the test short.
    const error = await helper
      .waitForOrder(order.id, 'filled', { stepMs: 1000 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WaitForOrderError)
    expect((error as Error).message).toBe(
      `order ${order.id} stayed pending_new (wanted filled) after advancing 60000 ms`,
    )
    expect((error as WaitForOrderError).order.status).toBe('pending_new')
    expect((await helper.client.clock()).time).toBe('2026-01-05T14:31:00.000Z')
  })

  it('honours maxMs and stepMs', async () => {
    await helper.injectFault({ match: { operation: 'submitOrder' }, effect: { kind: 'stuck' } })
    const order = await buy()
    await expect(
      helper.waitForOrder('DEMO', order.id, 'filled', { maxMs: 250, stepMs: 100 }),
    ).rejects.toThrow(`order ${order.id} stayed pending_new (wanted filled) after advancing 250 ms`)
    expect((await helper.client.clock()).time).toBe('2026-01-05T14:30:00.250Z')
  })

  it('fails at once when the order ends in another terminal status', async () => {
    await helper.injectFault({
      match: { operation: 'submitOrder' },
      effect: { kind: 'reject', reason: 'venue says no' },
    })
    const order = await buy()
    await expect(helper.waitForOrder(order.id, 'filled')).rejects.toThrow(
      `order ${order.id} ended rejected (wanted filled) after advancing 100 ms`,
    )
  })
})

describe('injectMarketEvent', () => {
  it('applies a market event now', async () => {
    await helper.injectMarketEvent({ kind: 'price_jump', symbol: 'AAPL', price: '200' })
    const quote = await helper.client.quote('AAPL')
    expect(Number(quote.bid)).toBeGreaterThan(199)
    expect(Number(quote.ask)).toBeLessThan(201)
  })

  it('schedules a market event at a virtual time', async () => {
    await helper.injectMarketEvent({ kind: 'halt', symbol: 'AAPL' }, '2026-01-05T14:30:01.000Z')
    await buy()
    await helper.advance(2000)
    const error = await buy().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MockBrokerError)
    expect((error as MockBrokerError).code).toBe('market_halted')
  })
})

describe('injectFault', () => {
  it('adds a fault rule the broker applies', async () => {
    const injected = await helper.injectFault({
      match: { operation: 'submitOrder' },
      times: 1,
      effect: { kind: 'error', status: 503, code: 'service_unavailable' },
    })
    expect(injected).toBeDefined()
    const error = await buy().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MockBrokerError)
    expect((error as MockBrokerError).status).toBe(503)
    expect((await buy()).status).toBe('pending_new')
    expect((await helper.client.faults()).faults[0]).toMatchObject({ fired: 1 })
  })
})

describe('verifyExecution', () => {
  it('passes when the order and its fills match, and answers the checks', async () => {
    const order = await buy(10, 'c-1')
    await helper.waitForOrder(order.id, 'filled')
    const filled = await helper.client.getOrder('DEMO', order.id)
    const checks = await helper.verifyExecution({
      orderId: order.id,
      status: 'filled',
      filledQty: 10,
      avgFillPrice: filled.avgFillPrice,
      fills: 1,
      minPrice: 149,
      maxPrice: '151',
      orders: 1,
    })
    expect(checks.map(({ field }) => field)).toEqual([
      'status',
      'filledQty',
      'avgFillPrice',
      'fills',
      'minPrice',
      'maxPrice',
      'orders',
    ])
    expect(checks.every(({ ok }) => ok)).toBe(true)
    // By clientOrderId, and account-wide counts.
    await helper.verifyExecution({ clientOrderId: 'c-1', status: ['filled', 'canceled'] })
    await helper.verifyExecution({ accountId: 'DEMO', orders: 1, fills: 1, maxPrice: 151 })
  })

  it('throws a readable expected-versus-actual diff on mismatch', async () => {
    await helper.injectFault({ match: { operation: 'submitOrder' }, effect: { kind: 'stuck' } })
    const order = await buy()
    await helper.advance(1000)
    const error = await helper
      .verifyExecution({ orderId: order.id, status: 'filled', filledQty: 10, fills: 1, orders: 1 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExecutionMismatchError)
    const mismatch = error as ExecutionMismatchError
    expect(mismatch.message).toBe(
      [
        `execution of order ${order.id} (account DEMO) does not match (3 of 4 field(s)):`,
        '  ✗ status     expected filled, actual pending_new',
        '  ✗ filledQty  expected 10, actual 0',
        '  ✗ fills      expected 1, actual 0',
        '  ✓ orders     expected 1, actual 1',
      ].join('\n'),
    )
    expect(mismatch.checks.filter(({ ok }) => !ok).map(({ field }) => field)).toEqual([
      'status',
      'filledQty',
      'fills',
    ])
  })

  it('reports an unknown order, and prices with no fills, as mismatches', async () => {
    await expect(
      helper.verifyExecution({ orderId: 'ord-999999', status: 'filled' }),
    ).rejects.toThrow(/✗ order +expected exists, actual not found/)
    await expect(helper.verifyExecution({ minPrice: 1 })).rejects.toThrow(
      /✗ minPrice +expected >= 1, actual no fills/,
    )
  })

  it('refuses order fields without an order, and empty criteria', async () => {
    await expect(helper.verifyExecution({ status: 'filled' })).rejects.toThrow(TypeError)
    await expect(helper.verifyExecution({})).rejects.toThrow(TypeError)
  })

  it('records passes and failures as test cases of the JUnit report', async () => {
    const order = await buy()
    await helper.waitForOrder(order.id, 'filled')
    await helper.verifyExecution({ orderId: order.id, fills: 1 }, { name: 'junit pass case' })
    await expect(
      helper.verifyExecution({ orderId: order.id, fills: 2 }, { name: 'junit fail case' }),
    ).rejects.toThrow(ExecutionMismatchError)

    const { verifications } = await helper.client.verifications()
    const fail = verifications.find((v) => v.name === 'junit fail case')
    expect(fail).toMatchObject({ ok: false, suite: SUITE })
    expect(fail?.details?.checks).toEqual([{ field: 'fills', expected: 2, actual: 1, ok: false }])

    const xml = await helper.client.report('junit')
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml)
    const suites = [parsed.testsuites.testsuite].flat()
    const cases = suites.flatMap((suite: any) => [suite.testcase ?? []].flat())
    const pass = cases.find((c: any) => c.name === 'junit pass case')
    const failed = cases.find((c: any) => c.name === 'junit fail case')
    expect(pass).toMatchObject({ classname: SUITE })
    expect(pass.failure).toBeUndefined()
    expect(failed).toMatchObject({ classname: SUITE })
    const failure = typeof failed.failure === 'string' ? failed.failure : failed.failure['#text']
    expect(String(failure)).toContain('✗ fills  expected 2, actual 1')
  })

  it('names a verification after its criteria by default', async () => {
    const order = await buy()
    await helper.waitForOrder(order.id, 'filled')
    await helper.verifyExecution({ orderId: order.id, status: 'filled', fills: 1 })
    const xml = await helper.client.report('junit')
    expect(xml).toContain(
      `name="verifyExecution order ${order.id} (account DEMO): status=filled, fills=1"`,
    )
  })
})

describe('snapshot / restore', () => {
  it('restores the world by name and by id', async () => {
    const snap = await helper.snapshot('before-order')
    expect(snap.name).toBe('before-order')
    const order = await buy()
    await helper.waitForOrder(order.id, 'filled')
    expect(await helper.client.listOrders('DEMO', { status: 'all' })).toHaveLength(1)

    await helper.restore('before-order')
    expect(await helper.client.listOrders('DEMO', { status: 'all' })).toHaveLength(0)
    expect((await helper.client.clock()).time).toBe(START)

    await helper.advance(500)
    await helper.restore(snap.id)
    expect((await helper.client.clock()).time).toBe(START)
  })
})

describe('getMetrics', () => {
  it('parses the Prometheus text into samples by name, with a sum helper', async () => {
    const before = await helper.getMetrics()
    const order = await buy()
    await helper.waitForOrder(order.id, 'filled')
    const metrics = await helper.getMetrics()
    expect(metrics.value('mock_broker_fills_total') - before.value('mock_broker_fills_total')).toBe(
      1,
    )
    const filled = { account: 'DEMO', outcome: 'filled' }
    expect(
      metrics.value('mock_broker_orders_total', filled) -
        before.value('mock_broker_orders_total', filled),
    ).toBe(1)
    expect(metrics.mock_broker_orders_total?.[0]?.labels).toMatchObject({ side: 'buy' })
    expect(metrics.mock_broker_virtual_time_seconds).toEqual([
      { labels: {}, value: Date.parse('2026-01-05T14:30:00.100Z') / 1000 },
    ])
    expect(metrics.value('no_such_metric')).toBe(0)
    expect(Object.keys(metrics)).not.toContain('value')
  })

  it('parsePrometheusText reads escapes, +Inf and timestamps', () => {
    const metrics = parsePrometheusText(
      [
        '# HELP x_total A counter.',
        '# TYPE x_total counter',
        'x_total{path="/a\\"b",note="line\\nbreak"} 3',
        'x_total{path="/c"} 4 1700000000000',
        'h_bucket{le="+Inf"} +Inf',
        '',
      ].join('\n'),
    )
    expect(metrics.x_total).toEqual([
      { labels: { path: '/a"b', note: 'line\nbreak' }, value: 3 },
      { labels: { path: '/c' }, value: 4 },
    ])
    expect(metrics.value('x_total')).toBe(7)
    expect(metrics.value('x_total', { path: '/c' })).toBe(4)
    expect(metrics.h_bucket?.[0]?.value).toBe(Infinity)
  })
})

describe('reset', () => {
  it('rewinds to the last configure', async () => {
    const order = await buy()
    await helper.waitForOrder(order.id, 'filled')
    await helper.advance(10_000)
    await helper.reset()
    expect((await helper.client.clock()).time).toBe(START)
    expect(await helper.client.listOrders('DEMO', { status: 'all' })).toHaveLength(0)
  })
})
