/**
 * Execution config over a real port: latency distributions per action and maker/taker commission
 * rates, configured with `POST /mock/configure`, read back resolved from `GET /mock/state`, and
 * seen in effect: an order waits exactly its fixed submit latency, fills pay their liquidity's
 * rates. Bodies the schema refuses change nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FLAT_WORLD, at, expectRefused, startClient, type Client } from '../support/broker.js'

const ORDERS = '/v1/accounts/DEMO/orders'
const FILLS = '/v1/accounts/DEMO/fills'

/** Quotes once an hour, so advancing is cheap and nothing moves but what the test injects. */
const WORLD = {
  ...FLAT_WORLD,
  marketConfig: { ...FLAT_WORLD.marketConfig, liquidity: 100_000, updateFrequency: 3_600_000 },
}

const EXECUTION = {
  latencyMin: 5,
  latencyMax: 40,
  latency: {
    submit: { type: 'fixed', ms: 250 },
    cancel: { type: 'lognormal', median: 30, sigma: 0.5 },
  },
  commission: {
    perShare: '0.005',
    bps: '1',
    minimum: '1',
    maker: { perShare: '0.001' },
    taker: { bps: '2.5' },
  },
} as const

let client: Client

beforeAll(async () => {
  client = await startClient(WORLD)
})

afterAll(async () => {
  await client.close()
})

const order = (id: string) => client.getOrder(id)

it('reads the resolved latency distributions and maker/taker rates back from /mock/state', async () => {
  await client.configure({ ...WORLD, executionConfig: EXECUTION })
  const { config } = (await client.get('/mock/state')).body
  expect(config.executionConfig).toEqual({
    latencyMin: 5,
    latencyMax: 40,
    slippageBps: 0,
    fillProbability: 1,
    partialFillRatio: 1,
    rejectionRate: 0,
    latency: {
      submit: { type: 'fixed', ms: 250 },
      cancel: { type: 'lognormal', median: 30, sigma: 0.5 },
      replace: { type: 'uniform', min: 5, max: 40 },
    },
    commission: {
      perShare: '0.005',
      bps: '1',
      minimum: '1',
      maker: { perShare: '0.001', bps: '1' },
      taker: { perShare: '0.005', bps: '2.5' },
    },
  })
})

it('writes the uniform fallback out for a world that sets no distribution', async () => {
  await client.configure({ ...WORLD, executionConfig: { latencyMin: 3, latencyMax: 9 } })
  const { config } = (await client.get('/mock/state')).body
  const uniform = { type: 'uniform', min: 3, max: 9 }
  expect(config.executionConfig.latency).toEqual({
    submit: uniform,
    cancel: uniform,
    replace: uniform,
  })
})

it('keeps an order pending_new for exactly its fixed submit latency', async () => {
  await client.configure({ ...WORLD, executionConfig: EXECUTION })
  const res = await client.post(ORDERS, {
    symbol: 'AAPL',
    side: 'buy',
    qty: '100',
    type: 'market',
    timeInForce: 'gtc',
  })
  expect(res.status).toBe(201)
  expect(res.body.status).toBe('pending_new')
  await client.advance(249)
  expect(await order(res.body.id)).toMatchObject({ status: 'pending_new', acceptedAt: null })
  await client.advance(1)
  expect(await order(res.body.id)).toMatchObject({
    status: 'filled',
    acceptedAt: at(250),
    filledAt: at(250),
  })
  // A market order takes liquidity: 0.005 × 100 + 100 × 100.05 × 2.5 / 10000 = 0.5 + 2.50125.
  const fills = (await client.get(FILLS)).body
  expect(fills.map((f: any) => [f.liquidity, f.price, f.commission])).toEqual([
    ['taker', '100.05', '3.00125'],
  ])
})

it('charges a resting limit reached by a later quote the maker rates', async () => {
  await client.configure({ ...WORLD, executionConfig: EXECUTION })
  const res = await client.post(ORDERS, {
    symbol: 'AAPL',
    side: 'buy',
    qty: '100',
    type: 'limit',
    limitPrice: '99.50',
    timeInForce: 'gtc',
  })
  expect(res.status).toBe(201)
  await client.advance(250)
  expect((await order(res.body.id)).status).toBe('new')
  const jump = await client.post('/mock/inject', {
    type: 'market',
    event: { kind: 'price_jump', symbol: 'AAPL', price: '99.40' },
  })
  expect(jump.status).toBe(201)
  await client.advance(0)
  // Bid 99.35 / ask 99.45 around 99.40; 0.001 × 100 + 100 × 99.45 × 1 / 10000 = 0.1 + 0.9945.
  const fills = (await client.get(FILLS)).body
  expect(fills.map((f: any) => [f.liquidity, f.price, f.commission])).toEqual([
    ['maker', '99.45', '1.0945'],
  ])
  expect((await client.get('/v1/accounts/DEMO')).body.commissionsPaid).toBe('1.0945')
})

it('refuses malformed distributions and rates with 400 invalid_request, changing nothing', async () => {
  await client.configure({ ...WORLD, executionConfig: EXECUTION })
  const bad = [
    { latency: { submit: { type: 'uniform', min: 50, max: 10 } } },
    { latency: { submit: { type: 'fixed', ms: -1 } } },
    { latency: { submit: { type: 'fixed', ms: 2.5 } } },
    { latency: { cancel: { type: 'lognormal', median: 30, sigma: -0.1 } } },
    { latency: { cancel: { type: 'normal', mean: 30 } } },
    { latency: { cancel: { type: 'normal', mean: 30, stdDev: 5, extra: 1 } } },
    { latency: { replace: { type: 'exponential', mean: 30 } } },
    { latency: { amend: { type: 'fixed', ms: 1 } } },
    { commission: { maker: { perShare: '-0.001' } } },
    { commission: { taker: { bps: 'lots' } } },
    { commission: { maker: { minimum: '1' } } },
  ]
  for (const executionConfig of bad) {
    await expectRefused(
      client,
      () => client.post('/mock/configure', { ...WORLD, executionConfig }),
      400,
      'invalid_request',
    )
  }
  const { config } = (await client.get('/mock/state')).body
  expect(config.executionConfig.latency.submit).toEqual({ type: 'fixed', ms: 250 })
})
