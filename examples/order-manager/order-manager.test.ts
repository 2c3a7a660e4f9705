/**
 * The order manager against a real (in-process) mock-broker: a manual virtual clock advanced by
 * the test, fault rules for the failures, bounded waits for stream events (never a sleep to let
 * the simulation run).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { MockBrokerTestHelper, scenario } from '../../src/testing/index.js'
import { OrderManager, type OrderManagerOptions } from './order-manager.js'

const ACCOUNT = 'DEMO'

/** Resolves once `check` holds, re-checking every few wall ms; fails after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

let helper: MockBrokerTestHelper | undefined
let manager: OrderManager | undefined

afterEach(async () => {
  manager?.close()
  manager = undefined
  await helper?.close()
  helper = undefined
})

async function setup(
  world = scenario().seed(7).symbols('AAPL').cash(1_000_000).latency(10, 20),
  options: Partial<OrderManagerOptions> = {},
): Promise<{ helper: MockBrokerTestHelper; manager: OrderManager }> {
  helper = await MockBrokerTestHelper.start({ scenario: world.clock('manual') })
  manager = new OrderManager({
    client: helper.client,
    accountId: ACCOUNT,
    retryDelayMs: () => 0,
    ...options,
    stream: {
      // Reconnect quickly after a `disconnect` fault (socket.io-client's default waits ~1 s).
      socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 50 },
      ...options.stream,
    },
  })
  await manager.start()
  return { helper, manager }
}

/** A flat market with a thin book: a limit at the ask fills a few shares per quote tick. */
const THIN = () =>
  scenario().seed(7).symbols('AAPL').cash(1_000_000).latency(10, 20).volatility(0).liquidity(20)

/** The current ask, for a limit order that takes only the touch. */
async function ask(h: MockBrokerTestHelper, symbol: string): Promise<number> {
  return Number((await h.client.quote(symbol)).ask)
}

/** The broker's signed position of a symbol, 0 when flat. */
async function brokerPosition(h: MockBrokerTestHelper, symbol: string): Promise<number> {
  const positions = await h.client.positions(ACCOUNT)
  return Number(positions.find((p) => p.symbol === symbol)?.qty ?? 0)
}

describe('OrderManager against mock-broker', () => {
  it('applies a partial fill: the position equals the quantity filled so far', async () => {
    const { helper, manager } = await setup(THIN().partialFills(0.5))
    const limitPrice = await ask(helper, 'AAPL')
    const placed = await manager.place({ symbol: 'AAPL', side: 'buy', qty: 100, limitPrice })
    expect(placed.attempts).toBe(1)
    const order = await helper.waitForOrder(placed.orderId!, 'partially_filled', { stepMs: 10 })
    const filledSoFar = Number(order.filledQty)
    expect(filledSoFar).toBeGreaterThan(0)
    expect(filledSoFar).toBeLessThan(100)

    // The clock stands still now: the broker's state is final until the next advance.
    await until(() => manager.position('AAPL') === filledSoFar, `position ${filledSoFar}`)
    await manager.sync()
    expect(manager.position('AAPL')).toBe(filledSoFar)
    expect(manager.order(placed.orderId!)).toMatchObject({
      status: 'partially_filled',
      filledQty: filledSoFar,
    })
    expect(await brokerPosition(helper, 'AAPL')).toBe(filledSoFar)
  })

  it('tracks an order the venue rejects, with no position', async () => {
    const { helper, manager } = await setup()
    await helper.injectFault({
      match: { clientOrderId: 'force-reject-*' },
      effect: { kind: 'reject', reason: 'restricted' },
    })
    const placed = await manager.place(
      { symbol: 'AAPL', side: 'buy', qty: 10 },
      { clientOrderId: 'force-reject-1' },
    )
    const order = await helper.waitForOrder(placed.orderId!, 'rejected')
    expect(order.status).toBe('rejected')
    await until(() => manager.order(placed.orderId!)?.status === 'rejected', 'the rejection event')
    expect(manager.position('AAPL')).toBe(0)
    expect(manager.appliedFills).toBe(0)
  })

  it('records a risk refusal of the submit without retrying it', async () => {
    const { manager } = await setup(scenario().seed(7).symbols('AAPL').cash(1_000))
    const placed = await manager.place({ symbol: 'AAPL', side: 'buy', qty: 1_000_000 })
    expect(placed.status).toBe('refused')
    expect(placed.attempts).toBe(1)
    expect(placed.refusal?.status).toBeGreaterThanOrEqual(400)
    expect(placed.refusal?.status).toBeLessThan(500)
    expect(manager.position('AAPL')).toBe(0)
  })

  it('retries a 503 with the same clientOrderId: exactly one order exists', async () => {
    const { helper, manager } = await setup()
    await helper.injectFault({
      match: { operation: 'submitOrder' },
      times: 1,
      effect: { kind: 'error', status: 503 },
    })
    const placed = await manager.place(
      { symbol: 'AAPL', side: 'buy', qty: 10 },
      { clientOrderId: 'retry-me-1' },
    )
    expect(placed.attempts).toBe(2)
    const orders = await helper.client.listOrders(ACCOUNT, { status: 'all' })
    expect(orders).toHaveLength(1)
    expect(orders[0]).toMatchObject({ id: placed.orderId, clientOrderId: 'retry-me-1' })

    // Both attempts reached the broker with the same key.
    await helper.waitForOrder(placed.orderId!, 'filled')
    await until(() => manager.position('AAPL') === 10, 'position 10')
    await helper.verifyExecution({ clientOrderId: 'retry-me-1', status: 'filled', orders: 1 })
  })

  it('gets the fills it missed while disconnected replayed: its position equals the broker’s', async () => {
    // A slow, fixed reconnect delay (wall clock), so the test can fill the order on the broker
    // while the manager is provably offline.
    const { helper, manager } = await setup(THIN().partialFills(0.5), {
      stream: { socketOptions: { reconnectionDelay: 1_500, randomizationFactor: 0 } },
    })
    const limitPrice = await ask(helper, 'AAPL')
    // The first streamed event of the account (the order's pending_new) drops the transport.
    await helper.injectFault({
      match: { operation: 'stream' },
      times: 1,
      effect: { kind: 'disconnect' },
    })
    const placed = await manager.place({ symbol: 'AAPL', side: 'buy', qty: 40, limitPrice })
    await until(() => manager.disconnects === 1, 'the disconnect')

    // One advance, while the stream is down: every fill of the order happens now.
    await helper.advance(10_000)
    const order = await helper.client.getOrder(ACCOUNT, placed.orderId!)
    expect(order.status).toBe('filled')
    expect(manager.connected).toBe(false)
    expect(manager.appliedFills).toBe(0)
    const fills = await helper.client.fills(ACCOUNT, { orderId: placed.orderId! })
    expect(fills.length).toBeGreaterThan(1)

    // The stream resumes from its last seq and the broker replays what was missed.
    await until(() => manager.appliedFills === fills.length, `${fills.length} fills replayed`)
    await manager.sync()
    expect(manager.connected).toBe(true)
    expect(manager.disconnects).toBe(1)
    expect(manager.duplicateFills).toBe(0)
    expect(manager.position('AAPL')).toBe(40)
    expect(manager.position('AAPL')).toBe(await brokerPosition(helper, 'AAPL'))
    expect(manager.order(placed.orderId!)?.status).toBe('filled')
    expect(manager.streamErrors).toEqual([])
  })

  it('applies a duplicated fill once (fill-id idempotency, stream dedupe off)', async () => {
    const { helper, manager } = await setup(THIN().partialFills(0.5), { stream: { dedupe: false } })
    const limitPrice = await ask(helper, 'AAPL')
    await helper.injectFault({
      match: { operation: 'stream' },
      effect: { kind: 'duplicate', channel: 'fills' },
    })
    const placed = await manager.place({ symbol: 'AAPL', side: 'buy', qty: 40, limitPrice })
    await helper.waitForOrder(placed.orderId!, 'filled')
    const fills = await helper.client.fills(ACCOUNT, { orderId: placed.orderId! })

    await until(() => manager.appliedFills === fills.length, `${fills.length} fills applied`)
    await manager.sync()
    // Every fill came twice; each was applied once.
    expect(manager.position('AAPL')).toBe(40)
    expect(manager.position('AAPL')).toBe(await brokerPosition(helper, 'AAPL'))
    expect(manager.duplicateFills).toBe(fills.length)
  })
})
