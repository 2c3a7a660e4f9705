/**
 * Delivery against a recording outlet: events go to their room in seq order, and each stream
 * fault the core journaled shapes exactly the event it names.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  allEvents,
  flatWorld,
  submit,
  unwrap,
} from '../../../test/support/sim-world.js'
import type { FaultRuleInput, Simulation } from '../../sim/index.js'
import { StreamDelivery, type StreamOutlet } from './stream-delivery.js'
import { roomOf } from './stream-rooms.js'

const FILLS = roomOf('fills', ACCOUNT)
const ORDERS = roomOf('orders', ACCOUNT)

interface Sent {
  to: string
  name: string
  seq: number
}

class RecordingOutlet implements StreamOutlet {
  readonly rooms = new Map<string, Set<string>>()
  readonly sent: Sent[] = []
  readonly dropped: string[][] = []

  join(socket: string, room: string): void {
    const members = this.rooms.get(room) ?? new Set<string>()
    members.add(socket)
    this.rooms.set(room, members)
  }

  members(room: string): ReadonlySet<string> | undefined {
    return this.rooms.get(room)
  }

  toRoom(room: string, name: string, envelope: { seq: number }): void {
    this.sent.push({ to: room, name, seq: envelope.seq })
  }

  toSockets(ids: readonly string[], name: string, envelope: { seq: number }): void {
    this.sent.push({ to: ids.join(','), name, seq: envelope.seq })
  }

  drop(ids: readonly string[]): void {
    this.dropped.push([...ids])
  }
}

function setup(rule?: FaultRuleInput): {
  sim: Simulation
  outlet: RecordingOutlet
  delivery: StreamDelivery
} {
  const sim = flatWorld()
  if (rule !== undefined) unwrap(sim.addFaultRule(rule))
  const outlet = new RecordingOutlet()
  outlet.join('s1', FILLS)
  outlet.join('s1', ORDERS)
  outlet.join('s1', `acct:${ACCOUNT}`)
  const delivery = new StreamDelivery(outlet, () => sim.nowMs)
  sim.onEvent((event) => delivery.onEvent(event))
  return { sim, outlet, delivery }
}

function seqsOf(sim: Simulation, type: string): number[] {
  return allEvents(sim)
    .filter((e) => e.type === type)
    .map((e) => e.seq)
}

/** The seqs of the events a stream rule fired on, from the journal. */
function faulted(sim: Simulation): number[] {
  return allEvents(sim)
    .filter((e) => e.type === 'fault.applied')
    .map((e) => e.data.seq as number)
}

describe('stream delivery', () => {
  it('sends every event of a subscribed room once, in seq order, and nothing else', () => {
    const { sim, outlet, delivery } = setup()
    submit(sim, { type: 'market' })
    advance(sim, 1_000)
    delivery.flush()
    const orderSeqs = allEvents(sim)
      .filter((e) => e.type.startsWith('order.'))
      .map((e) => e.seq)
    expect(outlet.sent.filter((s) => s.to === ORDERS).map((s) => s.seq)).toEqual(orderSeqs)
    expect(outlet.sent.filter((s) => s.to === FILLS)).toEqual(
      seqsOf(sim, 'fill.created').map((seq) => ({ to: FILLS, name: 'fill', seq })),
    )
    expect(outlet.sent.map((s) => s.seq)).toEqual(
      [...outlet.sent.map((s) => s.seq)].sort((a, b) => a - b),
    )
  })

  it('holds the last event until the end of the command, when a fault could still follow', async () => {
    const { sim, outlet } = setup()
    submit(sim, { type: 'limit', limitPrice: '90' })
    const last = allEvents(sim).at(-1)
    expect(outlet.sent.map((s) => s.seq)).not.toContain(last?.seq)
    await Promise.resolve()
    expect(outlet.sent.map((s) => s.seq)).toContain(last?.seq)
  })

  it('drop: sends none of the events the journal says were dropped, and all others', () => {
    const { sim, outlet, delivery } = setup({
      probability: 0.5,
      effect: { kind: 'drop', channel: 'orders' },
    })
    for (let i = 0; i < 10; i++) submit(sim, { type: 'limit', limitPrice: '90' })
    advance(sim, 1_000)
    delivery.flush()
    const dropped = faulted(sim)
    expect(dropped.length).toBeGreaterThan(2)
    const orderSeqs = allEvents(sim)
      .filter((e) => e.type.startsWith('order.'))
      .map((e) => e.seq)
    expect(outlet.sent.map((s) => s.seq)).toEqual(orderSeqs.filter((seq) => !dropped.includes(seq)))
  })

  it('duplicate: sends the fill twice, back to back', () => {
    const { sim, outlet, delivery } = setup({ effect: { kind: 'duplicate', channel: 'fills' } })
    submit(sim, { type: 'market' })
    delivery.flush()
    const [fill] = seqsOf(sim, 'fill.created')
    const fills = outlet.sent.filter((s) => s.to === FILLS)
    expect(fills.map((s) => s.seq)).toEqual([fill, fill])
  })

  it('delay: holds the event until virtual time reaches its time plus ms', () => {
    const { sim, outlet, delivery } = setup({
      effect: { kind: 'delay', ms: 5_000, channel: 'fills' },
    })
    submit(sim, { type: 'market' })
    delivery.flush()
    expect(outlet.sent.filter((s) => s.name === 'fill')).toEqual([])
    advance(sim, 4_999)
    delivery.flush()
    expect(outlet.sent.filter((s) => s.name === 'fill')).toEqual([])
    advance(sim, 1)
    delivery.flush()
    expect(outlet.sent.filter((s) => s.name === 'fill')).toEqual([
      { to: 's1', name: 'fill', seq: seqsOf(sim, 'fill.created')[0] },
    ])
  })

  it('reorder: sends the event after the next one of its room', () => {
    const { sim, outlet, delivery } = setup({
      times: 1,
      effect: { kind: 'reorder', channel: 'fills' },
    })
    submit(sim, { type: 'market' })
    submit(sim, { type: 'market' })
    delivery.flush()
    const [first, second] = seqsOf(sim, 'fill.created')
    expect(outlet.sent.filter((s) => s.name === 'fill').map((s) => s.seq)).toEqual([second, first])
  })

  it('reorder: releases a held event at the end of the command when nothing follows', () => {
    const { sim, outlet, delivery } = setup({ effect: { kind: 'reorder', channel: 'fills' } })
    submit(sim, { type: 'market' })
    expect(delivery.heldCount).toBe(1)
    delivery.flush()
    expect(delivery.heldCount).toBe(0)
    expect(outlet.sent.filter((s) => s.name === 'fill').map((s) => s.seq)).toEqual(
      seqsOf(sim, 'fill.created'),
    )
  })

  it('disconnect: drops the sockets of the event account instead of sending it', () => {
    const { sim, outlet, delivery } = setup({
      match: { operation: 'stream' },
      times: 1,
      effect: { kind: 'disconnect' },
    })
    submit(sim, { type: 'limit', limitPrice: '90' })
    delivery.flush()
    const [target] = faulted(sim)
    expect(outlet.dropped).toEqual([['s1']])
    expect(outlet.sent.map((s) => s.seq)).not.toContain(target)
  })

  it('forgets held events for a socket that resubscribed (the replay covers them)', () => {
    const { sim, outlet, delivery } = setup({
      effect: { kind: 'delay', ms: 1_000, channel: 'fills' },
    })
    submit(sim, { type: 'market' })
    delivery.flush()
    delivery.forget('s1', FILLS)
    advance(sim, 2_000)
    delivery.flush()
    expect(outlet.sent.filter((s) => s.name === 'fill')).toEqual([])
  })

  it('clear drops what a previous timeline held', () => {
    const { sim, outlet, delivery } = setup({
      effect: { kind: 'delay', ms: 1_000, channel: 'fills' },
    })
    submit(sim, { type: 'market' })
    delivery.flush()
    delivery.clear()
    delivery.release(Number.MAX_SAFE_INTEGER)
    expect(outlet.sent.filter((s) => s.name === 'fill')).toEqual([])
  })
})
