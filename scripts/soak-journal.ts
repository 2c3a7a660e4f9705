/**
 * The soak's oracle: the event journal, read over the control plane (`GET /mock/events`) while
 * the run goes on, because the broker keeps only the last `--journal-retention` events and a
 * soak outlives that window on purpose (it is what keeps the broker's memory bounded).
 *
 * Per account it keeps the seqs of the events its stream channels carry (`order.*`,
 * `fill.created`, `position.changed`, `account.changed`) and the stream faults the core applied to
 * them (`fault.applied { operation: 'stream', seq, effect }`). Quotes are left out: the soak's
 * clients do not subscribe to them, and they are most of the journal.
 *
 * Each poll first learns the journal's head seq H (the ack of a no-op `unsubscribe` on a socket
 * of its own), then pages each account's events after its cursor; every event of the account up
 * to H is then known, so the cursor moves to H and the next scan is short. Before a page, one
 * unfiltered event after the cursor shows whether the retention window already passed it (its
 * seq is then above cursor + 1): the oracle lost events, and the run says so instead of guessing.
 */
import { io, type Socket } from 'socket.io-client'
import type { MockBrokerClient } from '../src/client/index.js'

export type StreamFaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder' | 'disconnect'

export interface AccountJournal {
  readonly accountId: string
  /** Seqs of the account's streamed events, ascending. */
  readonly seqs: number[]
  readonly has: Set<number>
  /** The stream fault applied to a seq, if one was. */
  readonly streamFaults: Map<number, StreamFaultKind>
  /** HTTP and order fault firings on the account's calls, by effect kind. */
  readonly httpFaults: Map<string, number>
  /** Event counts by type (streamed ones). */
  readonly types: Map<string, number>
  /** Every account event up to here is known. */
  cursor: number
}

/** Whether a journal event type streams on an account channel (src/sim/journal/stream-channel.ts). */
export function isAccountStreamType(type: string): boolean {
  return (
    type.startsWith('order.') ||
    type === 'fill.created' ||
    type === 'position.changed' ||
    type === 'account.changed'
  )
}

/** The seqs of `journal` in (from, to], ascending. */
export function seqsBetween(journal: AccountJournal, from: number, to: number): number[] {
  const { seqs } = journal
  let lo = 0
  let hi = seqs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((seqs[mid] as number) <= from) lo = mid + 1
    else hi = mid
  }
  const out: number[] = []
  for (let i = lo; i < seqs.length && (seqs[i] as number) <= to; i++) out.push(seqs[i] as number)
  return out
}

const PAGE = 1000
const HEAD_TIMEOUT_MS = 5_000

export class JournalFollower {
  readonly accounts = new Map<string, AccountJournal>()
  readonly violations: string[] = []
  /** The journal's head seq at the last poll. */
  head = 0
  polls = 0
  readonly #control: MockBrokerClient
  readonly #socket: Socket
  #polling: Promise<void> | null = null

  constructor(control: MockBrokerClient, baseUrl: string, accountIds: readonly string[], from = 0) {
    this.#control = control
    for (const accountId of accountIds) {
      this.accounts.set(accountId, {
        accountId,
        seqs: [],
        has: new Set(),
        streamFaults: new Map(),
        httpFaults: new Map(),
        types: new Map(),
        cursor: from,
      })
    }
    // Any account's socket answers the head; it subscribes to nothing, but `disconnect` faults
    // drop it with the account's other sockets, so `head()` waits for its reconnect.
    this.#socket = io(`${baseUrl}/v1`, {
      auth: { accountId: accountIds[0] },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    })
  }

  /** Polls once (a poll already running is joined, not doubled). */
  poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => (this.#polling = null))
    return this.#polling
  }

  close(): void {
    this.#socket.removeAllListeners()
    this.#socket.disconnect()
  }

  async #poll(): Promise<void> {
    const head = await this.#head()
    for (const journal of this.accounts.values()) await this.#follow(journal, head)
    this.head = Math.max(this.head, head)
    this.polls++
  }

  /** The journal's seq now: every event up to it has been appended. */
  async #head(): Promise<number> {
    const deadline = Date.now() + 4 * HEAD_TIMEOUT_MS
    for (;;) {
      if (this.#socket.connected) {
        try {
          const ack = (await this.#socket
            .timeout(HEAD_TIMEOUT_MS)
            .emitWithAck('unsubscribe', { channels: ['quotes:__soak_head__'] })) as {
            ok: boolean
            seq: number
          }
          if (ack.ok) return ack.seq
        } catch {
          // Dropped while asking (a `disconnect` fault): ask again once it is back.
        }
      }
      if (Date.now() > deadline) throw new Error('journal follower: no head seq for 20 s')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async #follow(journal: AccountJournal, head: number): Promise<void> {
    if (head <= journal.cursor) return
    const probe = await this.#control.events({ after: journal.cursor, limit: 1 })
    const first = probe.events[0]
    if (first !== undefined && first.seq > journal.cursor + 1) {
      this.violations.push(
        `journal follower fell behind the retention window: events ${journal.cursor + 1}..${first.seq - 1} are gone (raise --journal-retention)`,
      )
    }
    let after = journal.cursor
    let last = head
    for (;;) {
      const page = await this.#control.events({
        after,
        limit: PAGE,
        accountId: journal.accountId,
      })
      for (const event of page.events) {
        this.#record(journal, event)
        last = Math.max(last, event.seq)
      }
      if (page.next === null) break
      after = page.next
    }
    // Past the head too when the pages went further (events appended meanwhile), so that no
    // event, a `fault.applied` included, is read twice.
    journal.cursor = last
  }

  #record(
    journal: AccountJournal,
    event: { seq: number; type: string; data: Record<string, unknown> },
  ): void {
    if (journal.has.has(event.seq)) return
    if (isAccountStreamType(event.type)) {
      const last = journal.seqs[journal.seqs.length - 1]
      if (last !== undefined && event.seq <= last)
        this.violations.push(`journal: seq ${event.seq} after ${last} for ${journal.accountId}`)
      journal.seqs.push(event.seq)
      journal.has.add(event.seq)
      journal.types.set(event.type, (journal.types.get(event.type) ?? 0) + 1)
      return
    }
    if (event.type !== 'fault.applied') return
    const effect = event.data.effect as { kind?: string } | undefined
    const kind = effect?.kind ?? 'unknown'
    if (event.data.operation === 'stream') {
      journal.streamFaults.set(Number(event.data.seq), kind as StreamFaultKind)
    } else {
      journal.httpFaults.set(kind, (journal.httpFaults.get(kind) ?? 0) + 1)
    }
  }
}
