/**
 * A small order-management service, written the way a team using mock-broker would write it
 * against a real broker: signals in, orders out through `MockBrokerClient`, fills back over the
 * account stream.
 *
 * - `place(signal)` submits with a clientOrderId chosen once per signal; a 5xx (503) or a network
 *   failure is retried with the SAME clientOrderId, so the broker's idempotent submit answers the
 *   original order instead of creating a second one. A 4xx is a refusal and is not retried.
 * - Orders are tracked by id, updated from the `order` and `fill` stream events.
 * - Fills are applied to the manager's own positions once per fill id: a fill delivered twice (a
 *   duplicated event, a replay after a reconnect overlapping live delivery) does not move the
 *   position twice.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import {
  MockBrokerError,
  type BrokerStream,
  type BrokerStreamOptions,
  type MockBrokerClient,
  type OrderResult,
  type SubmitOrderInput,
  type TypedEnvelope,
} from '../../src/client/index.js'

export interface Signal {
  symbol: string
  side: 'buy' | 'sell'
  qty: number
  /** A limit order at this price; a market order without. */
  limitPrice?: number
}

export interface PlaceOptions {
  /** The idempotency key; `<prefix>-<n>` by default. Retries of this signal reuse it. */
  clientOrderId?: string
}

/** What the manager knows of one order. */
export interface TrackedOrder {
  clientOrderId: string
  /** Undefined while the submit is refused (`status: 'refused'`). */
  orderId: string | undefined
  symbol: string
  side: 'buy' | 'sell'
  qty: number
  /** The broker's status, or `refused` when the submit itself was answered with a 4xx. */
  status: OrderResult['status'] | 'refused'
  filledQty: number
  /** How many submit calls it took (1 without a retry). */
  attempts: number
  /** The error code of a refused submit. */
  refusal?: { code: string; status: number; message: string }
}

export interface OrderManagerOptions {
  client: MockBrokerClient
  accountId: string
  /** Submit attempts per signal, the first included; 4. */
  maxSubmitAttempts?: number
  /** Wall-clock pause before retry `attempt` (1-based); 100 ms × 2^(attempt-1) by default. */
  retryDelayMs?: (attempt: number) => number
  /** Prefix of generated clientOrderIds; `om`. */
  clientOrderIdPrefix?: string
  /**
   * Passed to the stream (`dedupe`, `socketOptions`...). The manager does not rely on the
   * stream's seq dedupe: it has its own fill-id idempotency.
   */
  stream?: Omit<BrokerStreamOptions, 'baseUrl' | 'accountId' | 'channels'>
}

type FillEnvelope = TypedEnvelope<'fill'>
type OrderEnvelope = TypedEnvelope<'order'>

/** HTTP statuses worth retrying with the same clientOrderId. */
function retryable(error: unknown): boolean {
  if (error instanceof MockBrokerError) return error.status >= 500 || error.status === 429
  // fetch's network failure (a `reset` fault, the broker restarting): the order may or may not
  // exist, which is exactly what the same clientOrderId makes safe to retry.
  return error instanceof TypeError
}

export class OrderManager {
  readonly #client: MockBrokerClient
  readonly #accountId: string
  readonly #maxAttempts: number
  readonly #retryDelayMs: (attempt: number) => number
  readonly #prefix: string
  readonly #streamOptions: OrderManagerOptions['stream']
  #stream: BrokerStream | undefined
  #sequence = 0
  readonly #orders = new Map<string, TrackedOrder>()
  readonly #positions = new Map<string, number>()
  readonly #appliedFillIds = new Set<string>()
  #duplicateFills = 0
  #disconnects = 0
  readonly #errors: Error[] = []

  constructor(options: OrderManagerOptions) {
    this.#client = options.client
    this.#accountId = options.accountId
    this.#maxAttempts = Math.max(1, options.maxSubmitAttempts ?? 4)
    this.#retryDelayMs = options.retryDelayMs ?? ((attempt) => 100 * 2 ** (attempt - 1))
    this.#prefix = options.clientOrderIdPrefix ?? 'om'
    this.#streamOptions = options.stream
  }

  /** Opens the account stream (orders and fills) and resolves once it is subscribed. */
  async start(): Promise<void> {
    if (this.#stream !== undefined) return
    const stream = this.#client.stream(this.#accountId, {
      ...this.#streamOptions,
      channels: ['orders', 'fills', 'connection'],
    })
    stream.on('fill', (envelope) => this.#onFill(envelope))
    stream.on('order', (envelope) => this.#onOrder(envelope))
    stream.on('disconnect', () => this.#disconnects++)
    stream.on('error', (error) => this.#errors.push(error))
    this.#stream = stream
    await stream.ready
  }

  /** Closes the stream; the manager keeps what it knows. */
  close(): void {
    this.#stream?.close()
    this.#stream = undefined
  }

  /** Resolves once every stream event the broker sent before now has been handled. */
  async sync(): Promise<void> {
    await this.#stream?.sync()
  }

  /**
   * Places the order for a signal. Resolves with the tracked order: the broker's order, or
   * `status: 'refused'` when the broker refused the submit (4xx). Rejects when the retries ran out.
   */
  async place(signal: Signal, options: PlaceOptions = {}): Promise<TrackedOrder> {
    const clientOrderId = options.clientOrderId ?? `${this.#prefix}-${++this.#sequence}`
    const request: SubmitOrderInput = {
      clientOrderId,
      symbol: signal.symbol,
      side: signal.side,
      qty: String(signal.qty),
      ...(signal.limitPrice === undefined
        ? { type: 'market' }
        : { type: 'limit', limitPrice: String(signal.limitPrice) }),
    }
    const tracked: TrackedOrder = {
      clientOrderId,
      orderId: undefined,
      symbol: signal.symbol.toUpperCase(),
      side: signal.side,
      qty: signal.qty,
      status: 'pending_new',
      filledQty: 0,
      attempts: 0,
    }
    for (;;) {
      tracked.attempts++
      try {
        const order = await this.#client.submitOrder(this.#accountId, request)
        tracked.orderId = order.id
        // A stream event may already have told us more than the submit answer.
        const known = this.#orders.get(order.id)
        if (known !== undefined) {
          tracked.status = known.status
          tracked.filledQty = known.filledQty
        } else this.#update(tracked, order)
        this.#orders.set(order.id, tracked)
        return tracked
      } catch (error) {
        if (retryable(error) && tracked.attempts < this.#maxAttempts) {
          await sleep(this.#retryDelayMs(tracked.attempts))
          continue
        }
        if (error instanceof MockBrokerError && error.status < 500) {
          tracked.status = 'refused'
          tracked.refusal = { code: error.code, status: error.status, message: error.message }
          this.#orders.set(`refused:${clientOrderId}`, tracked)
          return tracked
        }
        throw error
      }
    }
  }

  /** The order by its broker id. */
  order(orderId: string): TrackedOrder | undefined {
    return this.#orders.get(orderId)
  }

  /** Every order the manager placed (refused ones included). */
  orders(): TrackedOrder[] {
    return [...this.#orders.values()]
  }

  /** The manager's own signed position (0 when flat or unknown). */
  position(symbol: string): number {
    return this.#positions.get(symbol.toUpperCase()) ?? 0
  }

  /** How many distinct fills were applied. */
  get appliedFills(): number {
    return this.#appliedFillIds.size
  }

  /** Fill deliveries ignored because their fill id had been applied already. */
  get duplicateFills(): number {
    return this.#duplicateFills
  }

  /** Whether the stream's transport is up. */
  get connected(): boolean {
    return this.#stream?.connected ?? false
  }

  /** How often the stream's transport went away (it resumes by itself). */
  get disconnects(): number {
    return this.#disconnects
  }

  /** Errors the stream reported after it was ready. */
  get streamErrors(): readonly Error[] {
    return this.#errors
  }

  #onFill(envelope: FillEnvelope): void {
    const { fill, order } = envelope.data
    if (this.#appliedFillIds.has(fill.id)) {
      this.#duplicateFills++
      return
    }
    this.#appliedFillIds.add(fill.id)
    const signed = (fill.side === 'buy' ? 1 : -1) * Number(fill.qty)
    this.#positions.set(fill.symbol, this.position(fill.symbol) + signed)
    this.#track(order)
  }

  #onOrder(envelope: OrderEnvelope): void {
    this.#track(envelope.data.order)
  }

  /** Updates (or starts tracking) an order from a stream event. */
  #track(order: OrderResult): void {
    let tracked = this.#orders.get(order.id)
    if (tracked === undefined) {
      tracked = {
        clientOrderId: order.clientOrderId ?? order.id,
        orderId: order.id,
        symbol: order.symbol,
        side: order.side,
        qty: Number(order.qty),
        status: order.status,
        filledQty: 0,
        attempts: 0,
      }
      this.#orders.set(order.id, tracked)
    }
    this.#update(tracked, order)
  }

  #update(tracked: TrackedOrder, order: OrderResult): void {
    const filled = Number(order.filledQty)
    // Events can arrive out of order (a replay, a `reorder` fault): never go backwards.
    if (filled < tracked.filledQty) return
    tracked.filledQty = filled
    tracked.status = order.status
  }
}
