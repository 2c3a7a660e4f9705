/**
 * Fan-out under load (CONTRACT.md section 2, "nothing is silently lost"): 200 sockets subscribed
 * to one account's fills each receive every one of a burst of 1,000 fills, once, in seq order.
 * Loopback only; the orders go through the in-process simulation in batches so the burst is fast
 * while socket.io still gets the event loop between batches.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startMockBroker, type MockBroker } from '../../src/testing/index.js'
import { FLAT_WORLD } from '../support/broker.js'
import { closeAllStreams, seqs, subscribedStream, type StreamClient } from '../support/stream.js'

const CLIENTS = 200
const FILLS = 1_000
const BATCH = 50

let broker: MockBroker

beforeAll(async () => {
  broker = await startMockBroker({
    port: 0,
    config: {
      ...FLAT_WORLD,
      marketConfig: { ...FLAT_WORLD.marketConfig, liquidity: 1_000_000 },
      accounts: [{ id: 'DEMO', cash: '100000000' }],
    },
  })
})

afterAll(async () => {
  closeAllStreams()
  await broker.close()
})

it(`delivers each of ${FILLS} fills to each of ${CLIENTS} subscribers, in order`, async () => {
  const clients: StreamClient[] = await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      subscribedStream(broker.url, 'DEMO', ['fills'], { keepData: false }),
    ),
  )
  expect(broker.stream.clients).toBe(CLIENTS)

  const sim = broker.runtime.sim
  const from = sim.journalPosition().seq
  for (let i = 0; i < FILLS; i++) {
    const res = sim.submitOrder('DEMO', {
      symbol: 'AAPL',
      side: i % 2 === 0 ? 'buy' : 'sell',
      qty: '1',
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
    })
    expect(res.ok).toBe(true)
    if ((i + 1) % BATCH === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  const fills = sim
    .events(from, Number.POSITIVE_INFINITY)
    .filter((e) => e.type === 'fill.created')
    .map((e) => e.seq)
  expect(fills).toHaveLength(FILLS)

  await Promise.all(clients.map((c) => c.waitForEvents('fill', FILLS, 30_000)))
  await Promise.all(clients.map((c) => c.barrier()))
  for (const c of clients) {
    const got = seqs(c.events('fill'))
    expect(got.length).toBe(FILLS)
    expect(got).toEqual(fills)
  }
  expect(clients.every((c) => c.events().length === FILLS)).toBe(true)
}, 60_000)
