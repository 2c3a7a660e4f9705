/**
 * Work due later: a binary min-heap of plain-data tasks.
 *
 * Ordering invariant: entries fire by `dueAtMs`, and entries due at the same millisecond fire
 * in the order they were scheduled (by `seq`, which only grows). `seq` doubles as the handle
 * for `cancel`.
 *
 * Cancellation is lazy: a cancelled entry stays in the heap until it reaches the top or until
 * cancelled entries outnumber pending ones, when the heap is rebuilt without them. So memory is
 * bounded by twice the number of pending entries, and `size` and `snapshot` never count
 * cancelled work.
 *
 * Known limits: tasks are stored by reference; keep them plain data (they go into snapshots as
 * they are) and do not mutate them after scheduling.
 */
import { InvariantError, invariant } from '../invariant.js'

export interface ScheduledEntry<T> {
  readonly dueAtMs: number
  readonly seq: number
  readonly task: T
}

/** Plain-data state of a scheduler, as stored in snapshots. */
export interface SchedulerState<T> {
  nextSeq: number
  entries: ScheduledEntry<T>[]
}

/** Earlier due time first; equal due times fire in the order they were scheduled. */
function firesBefore<T>(a: ScheduledEntry<T>, b: ScheduledEntry<T>): boolean {
  if (a.dueAtMs !== b.dueAtMs) return a.dueAtMs < b.dueAtMs
  return a.seq < b.seq
}

function checkDueAt(dueAtMs: number): void {
  // `if` rather than invariant(), whose message would be built on every call.
  if (Number.isSafeInteger(dueAtMs) && dueAtMs >= 0) return
  throw new InvariantError(
    `Failed to schedule a task: dueAtMs must be a non-negative integer of epoch ms, was ${dueAtMs}`,
  )
}

export class Scheduler<T> {
  readonly #heap: ScheduledEntry<T>[] = []
  /** Seqs of entries scheduled and neither fired nor cancelled. */
  readonly #pending = new Set<number>()
  #cancelledInHeap = 0
  #nextSeq = 0

  constructor(state?: SchedulerState<T>) {
    if (state === undefined) return
    invariant(
      Number.isSafeInteger(state.nextSeq) && state.nextSeq >= 0,
      `Failed to restore the scheduler: nextSeq must be a non-negative integer, was ${state.nextSeq}`,
    )
    this.#nextSeq = state.nextSeq
    for (const entry of state.entries) {
      checkDueAt(entry.dueAtMs)
      invariant(
        Number.isSafeInteger(entry.seq) && entry.seq >= 0 && entry.seq < state.nextSeq,
        `Failed to restore the scheduler: entry seq must be an integer below nextSeq ${state.nextSeq}, was ${entry.seq}`,
      )
      invariant(
        !this.#pending.has(entry.seq),
        `Failed to restore the scheduler: seq ${entry.seq} appears twice`,
      )
      this.#pending.add(entry.seq)
      this.#heap.push({ dueAtMs: entry.dueAtMs, seq: entry.seq, task: entry.task })
    }
    this.#heapify()
  }

  /** Adds `task` due at `dueAtMs` and returns its seq, the handle for `cancel`. */
  schedule(dueAtMs: number, task: T): number {
    checkDueAt(dueAtMs)
    const seq = this.#nextSeq++
    this.#pending.add(seq)
    this.#heap.push({ dueAtMs, seq, task })
    this.#siftUp(this.#heap.length - 1)
    return seq
  }

  /** Drops a pending entry; false if it already fired, was cancelled, or never existed. */
  cancel(seq: number): boolean {
    if (!this.#pending.delete(seq)) return false
    this.#cancelledInHeap++
    this.#compactIfMostlyCancelled()
    return true
  }

  /** The earliest pending entry, left in place. */
  peek(): ScheduledEntry<T> | undefined {
    this.#dropCancelledTop()
    return this.#heap[0]
  }

  /** Removes and returns the earliest pending entry if it is due at or before `untilMs`. */
  popDue(untilMs: number): ScheduledEntry<T> | undefined {
    invariant(!Number.isNaN(untilMs), 'Failed to pop due tasks: untilMs is NaN')
    this.#dropCancelledTop()
    const top = this.#heap[0]
    if (top === undefined || top.dueAtMs > untilMs) return undefined
    this.#pending.delete(top.seq)
    this.#removeTop()
    this.#compactIfMostlyCancelled()
    return top
  }

  /** Number of pending entries; cancelled ones are not counted. */
  get size(): number {
    return this.#pending.size
  }

  /** Entries held in memory, counting cancelled ones not yet dropped; at most twice `size`. */
  get storedCount(): number {
    return this.#heap.length
  }

  /** Pending entries sorted by `(dueAtMs, seq)`, as fresh plain objects. */
  snapshot(): SchedulerState<T> {
    const entries = this.#heap
      .filter((entry) => this.#pending.has(entry.seq))
      .map(({ dueAtMs, seq, task }) => ({ dueAtMs, seq, task }))
      .sort((a, b) => (firesBefore(a, b) ? -1 : 1))
    return { nextSeq: this.#nextSeq, entries }
  }

  #dropCancelledTop(): void {
    for (
      let top = this.#heap[0];
      top !== undefined && !this.#pending.has(top.seq);
      top = this.#heap[0]
    ) {
      this.#removeTop()
      this.#cancelledInHeap--
    }
  }

  // Keeps cancelled <= pending, so memory stays within twice the pending count. Each rebuild
  // follows at least as many cancel() calls as it drops, so the cost is amortized O(1) per cancel.
  #compactIfMostlyCancelled(): void {
    if (this.#cancelledInHeap * 2 <= this.#heap.length) return
    let kept = 0
    for (const entry of this.#heap) {
      if (this.#pending.has(entry.seq)) this.#heap[kept++] = entry
    }
    this.#heap.length = kept
    this.#cancelledInHeap = 0
    this.#heapify()
  }

  #removeTop(): void {
    const last = this.#heap.pop()
    if (last === undefined || this.#heap.length === 0) return
    this.#heap[0] = last
    this.#siftDown(0)
  }

  #heapify(): void {
    for (let index = (this.#heap.length >> 1) - 1; index >= 0; index--) this.#siftDown(index)
  }

  #siftUp(index: number): void {
    const heap = this.#heap
    const entry = heap[index]!
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = heap[parentIndex]!
      if (!firesBefore(entry, parent)) break
      heap[index] = parent
      index = parentIndex
    }
    heap[index] = entry
  }

  #siftDown(index: number): void {
    const heap = this.#heap
    const length = heap.length
    const entry = heap[index]!
    for (;;) {
      const leftIndex = 2 * index + 1
      if (leftIndex >= length) break
      const rightIndex = leftIndex + 1
      const right = heap[rightIndex]
      const childIndex =
        right !== undefined && firesBefore(right, heap[leftIndex]!) ? rightIndex : leftIndex
      const child = heap[childIndex]!
      if (!firesBefore(child, entry)) break
      heap[index] = child
      index = childIndex
    }
    heap[index] = entry
  }
}
