import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigureRequest } from '../api/index.js'
import { MockBrokerClient } from '../client/index.js'
import { ScenarioBuilder, scenario } from './scenario-builder.js'
import { startMockBroker, type MockBroker } from './start-mock-broker.js'

let server: MockBroker
let client: MockBrokerClient

beforeAll(async () => {
  server = await startMockBroker({ port: 0 })
  client = new MockBrokerClient({ baseUrl: server.url })
})
afterAll(() => server.close())

describe('ScenarioBuilder', () => {
  it('builds a configure body, every method on its configure field', () => {
    const body = scenario()
      .seed(7)
      .clock('manual')
      .startAt('2026-01-05T14:30:00.000Z')
      .symbols('AAPL', { symbol: 'MSFT', price: '410.00' })
      .model('mean_reversion')
      .volatility(2)
      .drift(0.5)
      .spread(4)
      .liquidity(500)
      .updateFrequency(250)
      .latency(5, 20)
      .fillProbability(0.9)
      .partialFills(0.5)
      .slippage(3)
      .rejectionRate(0.1)
      .commission({ perShare: '0.005' })
      .cash(50_000)
      .account({ id: 'alice', cash: '1000', apiKey: 'alice-key' })
      .fault({
        match: { operation: 'submitOrder' },
        times: 1,
        effect: { kind: 'error', status: 503 },
      })
      .at('+5m', { kind: 'halt', symbol: 'AAPL' })
      .session('24x7')
      .build()
    expect(body).toEqual({
      seed: 7,
      clock: { mode: 'manual', start: '2026-01-05T14:30:00.000Z' },
      symbols: ['AAPL', { symbol: 'MSFT', price: '410.00' }],
      marketConfig: {
        model: 'mean_reversion',
        volatility: 2,
        drift: 0.5,
        spread: 4,
        liquidity: 500,
        updateFrequency: 250,
      },
      executionConfig: {
        latencyMin: 5,
        latencyMax: 20,
        fillProbability: 0.9,
        partialFillRatio: 0.5,
        slippageBps: 3,
        rejectionRate: 0.1,
        commission: { perShare: '0.005' },
      },
      accounts: [
        { id: 'DEMO', cash: 50_000 },
        { id: 'alice', cash: '1000', apiKey: 'alice-key' },
      ],
      faults: [
        { match: { operation: 'submitOrder' }, times: 1, effect: { kind: 'error', status: 503 } },
      ],
      timeline: [{ at: '+5m', event: { kind: 'halt', symbol: 'AAPL' } }],
      session: '24x7',
    })
    // The server's own schema accepts it.
    expect(ConfigureRequest.safeParse(body).success).toBe(true)
  })

  it('starts from a named scenario, with a realtime clock and speed', () => {
    expect(scenario('normal').seed(1).build()).toEqual({ scenario: 'normal', seed: 1 })
    expect(new ScenarioBuilder().named('failure').clock('realtime', 10).build()).toEqual({
      scenario: 'failure',
      clock: { mode: 'realtime', speed: 10 },
    })
  })

  it('latency(ms) alone is a fixed latency', () => {
    expect(scenario().latency(25).build().executionConfig).toEqual({
      latencyMin: 25,
      latencyMax: 25,
    })
  })

  it('cash() updates an existing account, accounts() replaces the list', () => {
    const builder = scenario().accounts({ id: 'DEMO', cash: 1 }, { id: 'bob', cash: 2 })
    expect(builder.cash(99, 'bob').build().accounts).toEqual([
      { id: 'DEMO', cash: 1 },
      { id: 'bob', cash: 99 },
    ])
    expect(builder.accounts({ id: 'carol', cash: 3 }).build().accounts).toEqual([
      { id: 'carol', cash: 3 },
    ])
  })

  it('build() answers a copy the builder no longer changes', () => {
    const builder = scenario().fault({ effect: { kind: 'stuck' } })
    const first = builder.build()
    builder.fault({ effect: { kind: 'reject' } })
    expect(first.faults).toHaveLength(1)
    expect(builder.build().faults).toHaveLength(2)
  })

  it('is a body the broker configures itself with', async () => {
    await client.configure(
      scenario('normal')
        .seed(11)
        .clock('manual')
        .symbols({ symbol: 'AAPL', price: 150 })
        .volatility(3)
        .spread(7)
        .liquidity(250)
        .latency(5, 20)
        .fillProbability(0.8)
        .partialFills(0.25)
        .slippage(2)
        .rejectionRate(0.05)
        .cash(12_345)
        .fault({ match: { operation: 'cancelOrder' }, effect: { kind: 'stuck' } })
        .build(),
    )
    const { config, accounts, faults } = await client.state()
    expect(config.seed).toBe(11)
    expect(config.scenario).toBe('normal')
    expect(config.clock.mode).toBe('manual')
    expect(config.symbols.map(({ symbol }) => symbol)).toEqual(['AAPL'])
    expect(config.marketConfig).toMatchObject({ volatility: 3, spread: 7, liquidity: 250 })
    expect(config.executionConfig).toMatchObject({
      latencyMin: 5,
      latencyMax: 20,
      fillProbability: 0.8,
      partialFillRatio: 0.25,
      slippageBps: 2,
      rejectionRate: 0.05,
    })
    expect(accounts.map(({ id }) => id)).toEqual(['DEMO'])
    expect(Number(accounts[0]!.cash)).toBe(12_345)
    expect(faults).toHaveLength(1)
  })
})
