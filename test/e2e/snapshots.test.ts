/**
 * Snapshots over a real port (CONTRACT.md section 3, issue 7): a restore resumes exactly (same
 * calls, same events and hash), brings back orders, positions, cash, quotes, clock and fault
 * counters, tells stream clients to resync, and is refused cleanly for bad names and ids; the diff
 * of two snapshots lists exactly what a test changed between them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FLAT_WORLD, expectRefused, startClient, type Client } from '../support/broker.js'
import { connectStream } from '../support/stream.js'

/** A moving two-symbol world with venue latency: the random streams matter. */
const WORLD = {
  seed: 11,
  symbols: ['AAPL', 'MSFT'],
  marketConfig: { volatility: 3, updateFrequency: 500 },
  executionConfig: { latencyMin: 5, latencyMax: 80, fillProbability: 0.6 },
}

let client: Client

beforeAll(async () => {
  client = await startClient(WORLD)
})

afterAll(async () => {
  await client.close()
})

beforeEach(async () => {
  await client.configure(WORLD)
})

/** A script with orders, market and fault events; answers the journal position after it. */
async function script(): Promise<{ seq: number; hash: string }> {
  await client.post('/mock/inject', {
    type: 'fault',
    rule: { match: { operation: 'submitOrder' }, probability: 0.5, effect: { kind: 'reject' } },
  })
  for (let i = 0; i < 6; i++) {
    await client.post('/v1/accounts/DEMO/orders', {
      symbol: i % 2 ? 'AAPL' : 'MSFT',
      side: 'buy',
      qty: 3 + i,
      type: i % 3 ? 'market' : 'limit',
      limitPrice: i % 3 ? undefined : '150',
      timeInForce: 'gtc',
    })
    await client.advance(7_000)
  }
  const { seq, hash } = await client.journal()
  return { seq, hash }
}

/** `/mock/state` without the journal's epoch, which a restore increments on purpose. */
async function stateWithoutEpoch() {
  const state = (await client.get('/mock/state')).body
  return { ...state, journal: { seq: state.journal.seq, hash: state.journal.hash } }
}

describe('snapshot and restore', () => {
  it('resume exactly: the same calls after a restore give the same hash', async () => {
    await client.advance(3_000)
    const taken = await client.post('/mock/snapshot', { name: 'start' })
    expect(taken.status).toBe(201)
    expect(taken.body).toMatchObject({ id: 'snap-000001', name: 'start', persisted: false })
    const h1 = await script()

    const restored = await client.post('/mock/snapshots/start/restore')
    expect(restored.status).toBe(200)
    expect(restored.body.journal).toMatchObject({ seq: taken.body.seq, hash: taken.body.hash })
    expect(await script()).toEqual(h1)
  })

  it('bring back orders, positions, cash, quotes, clock and fault counters exactly', async () => {
    await script()
    const before = await stateWithoutEpoch()
    const { body: snap } = await client.post('/mock/snapshot', {})
    expect(snap.name).toBeNull()
    await script()
    await client.del('/mock/faults')
    expect(await stateWithoutEpoch()).not.toEqual(before)

    await client.post(`/mock/snapshots/${snap.id}/restore`)
    const after = await stateWithoutEpoch()
    expect(after).toEqual(before)
    expect(after.faults[0]).toMatchObject({
      matched: expect.any(Number),
      fired: expect.any(Number),
    })
    expect(after.faults[0].matched).toBeGreaterThan(0)
  })

  it('start a new timeline: epoch + 1, and stream clients get resync', async () => {
    const { body: snap } = await client.post('/mock/snapshot', { name: 'here' })
    const { epoch } = await client.journal()
    const stream = await connectStream(client.url, { accountId: 'DEMO' })
    await stream.subscribe(['orders'])
    await client.post('/mock/snapshots/here/restore')
    await stream.waitFor((s) => s.events('connection').some((e) => e.type === 'resync'), 'resync')
    const resync = stream.events('connection').find((e) => e.type === 'resync')
    expect(resync?.data).toMatchObject({ epoch: epoch + 1, seq: snap.seq })
    stream.close()
  })

  it('list, show with the state it holds, replace by name, and delete', async () => {
    const first = (await client.post('/mock/snapshot', { name: 'a' })).body
    await client.advance(10_000)
    const state = (await client.get('/mock/state')).body
    const second = (await client.post('/mock/snapshot', { name: 'b' })).body
    const shown = await client.get(`/mock/snapshots/${second.id}`)
    expect(shown.status).toBe(200)
    expect(shown.body.state).toEqual(state)

    // Taking "a" again replaces the first one.
    const again = (await client.post('/mock/snapshot', { name: 'a' })).body
    const ids = (await client.get('/mock/snapshots')).body.snapshots.map(
      (s: { id: string }) => s.id,
    )
    expect(ids).toContain(again.id)
    expect(ids).not.toContain(first.id)

    expect((await client.del('/mock/snapshots/b')).body).toMatchObject({ id: second.id })
    expect((await client.get(`/mock/snapshots/${second.id}`)).status).toBe(404)
  })

  it('refuse bad names and unknown snapshots, changing nothing', async () => {
    for (const name of [
      '../etc/passwd',
      'a/b',
      '.hidden',
      '',
      'snap-000007',
      'current',
      'x'.repeat(65),
    ])
      await expectRefused(
        client,
        () => client.post('/mock/snapshot', { name }),
        400,
        'invalid_request',
      )
    await expectRefused(
      client,
      () => client.post('/mock/snapshot', { nom: 'x' }),
      400,
      'invalid_request',
    )
    for (const call of [
      () => client.post('/mock/snapshots/nope/restore'),
      () => client.get('/mock/snapshots/nope'),
      () => client.del('/mock/snapshots/nope'),
      () => client.get('/mock/snapshots/nope/diff'),
    ])
      await expectRefused(client, call, 404, 'not_found')
    expect((await client.get('/mock/snapshots')).body.snapshots).toEqual(expect.any(Array))
  })
})

describe('snapshot diff', () => {
  beforeEach(async () => {
    await client.configure(FLAT_WORLD)
  })

  it('lists exactly what a test changed between two snapshots', async () => {
    await client.post('/mock/snapshot', { name: 'before' })
    const order = await client.submitOrder({
      symbol: 'AAPL',
      side: 'buy',
      qty: '10',
      type: 'market',
    })
    await client.advance(1_000)
    await client.post('/mock/snapshot', { name: 'after' })
    const { status, body: diff } = await client.get('/mock/snapshots/before/diff?against=after')
    expect(status).toBe(200)
    expect(diff.identical).toBe(false)
    expect(diff.orders.added.map((o: { id: string }) => o.id)).toEqual([order.id])
    expect(diff.orders.removed).toEqual([])
    expect(diff.orders.changed).toEqual([])
    expect(diff.accounts.added).toEqual([])
    expect(diff.accounts.changed).toHaveLength(1)
    const demo = diff.accounts.changed[0]
    expect(demo.id).toBe('DEMO')
    expect(demo.cash.delta).toBe('-1000.5')
    expect(demo.positions).toEqual([
      expect.objectContaining({
        symbol: 'AAPL',
        change: 'opened',
        qty: expect.objectContaining({ delta: '10' }),
      }),
    ])
    expect(diff.clock.time.deltaMs).toBe(1_000)

    // Against itself, and against now when nothing happened since: nothing.
    expect((await client.get('/mock/snapshots/after/diff?against=after')).body.identical).toBe(true)
    expect((await client.get('/mock/snapshots/after/diff')).body.identical).toBe(true)
  })
})
