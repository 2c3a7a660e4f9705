/**
 * `MockBrokerTestHelper`: the few calls an integration test makes against mock-broker, on top of
 * the typed client (`helper.client` for everything else).
 *
 * @example
 * const helper = await MockBrokerTestHelper.start()
 * await helper.setupScenario(scenario('normal').seed(7).cash(100_000))
 * const order = await helper.client.submitOrder('DEMO', { symbol: 'AAPL', side: 'buy', qty: 10 })
 * await helper.waitForOrder(order.id, 'filled')
 * await helper.verifyExecution({ orderId: order.id, status: 'filled', filledQty: 10, fills: 1 })
 * await helper.close()
 *
 * Time is the broker's virtual clock: `waitForOrder` advances it (a manual clock), it never sleeps.
 */
import type { OrderStatus } from '../api/index.js'
import {
  MockBrokerClient,
  MockBrokerError,
  type InjectFaultInput,
  type InjectMarketEventInput,
  type MockBrokerClientOptions,
  type OrderResult,
  type ResponseOf,
} from '../client/index.js'
import type {
  configureRoute,
  getOrderRoute,
  injectRoute,
  listFillsRoute,
  resetRoute,
  restoreSnapshotRoute,
  takeSnapshotRoute,
  advanceRoute,
} from '../api/index.js'
import { ScenarioBuilder, type ScenarioBody } from './scenario-builder.js'
import {
  startMockBroker,
  type MockBroker,
  type StartMockBrokerOptions,
} from './start-mock-broker.js'

type Fill = ResponseOf<typeof listFillsRoute, 200>[number]
type Order = ResponseOf<typeof getOrderRoute, 200>

/** Statuses an order never leaves. */
const TERMINAL: ReadonlySet<OrderStatus> = new Set([
  'filled',
  'canceled',
  'replaced',
  'rejected',
  'expired',
])

export interface MockBrokerTestHelperOptions {
  /** The account the helper's order calls use when none is given; `DEMO` by default. */
  accountId?: string
  /** The JUnit `classname` of the verifications the helper records (e.g. the test file). */
  suite?: string
  /** Passed to the client (`apiKey`, `controlToken`, `fetch`, `validate`...). */
  client?: Omit<MockBrokerClientOptions, 'baseUrl'>
}

export interface StartTestHelperOptions
  extends StartMockBrokerOptions, MockBrokerTestHelperOptions {
  /** The world to start with: a scenario name, a builder or a configure body. */
  scenario?: string | ScenarioBuilder | ScenarioBody
}

export interface WaitForOrderOptions {
  /** Most virtual ms to advance before giving up; 60000. */
  maxMs?: number
  /** Virtual ms per step; 100. */
  stepMs?: number
}

/** What `verifyExecution` checks; every field is optional, the ones given must all hold. */
export interface ExecutionCriteria {
  /** The account; the helper's (`DEMO`) by default. */
  accountId?: string
  /** The order the order fields (`status`, `filledQty`, `avgFillPrice`) and `fills` are about. */
  orderId?: string
  /** The order by its clientOrderId, instead of `orderId`. */
  clientOrderId?: string
  /** The order's status (or one of several). */
  status?: OrderStatus | readonly OrderStatus[]
  /** The order's filled quantity, compared as a number. */
  filledQty?: number | string
  /** The order's average fill price, compared as a number; null: no fill. */
  avgFillPrice?: number | string | null
  /** How many fills: of the order, or of the account without an order. */
  fills?: number
  /** Every fill (of the order, or of the account) is at this price or above; fails on no fills. */
  minPrice?: number | string
  /** Every fill (of the order, or of the account) is at this price or below; fails on no fills. */
  maxPrice?: number | string
  /** How many orders the account has, in any status. */
  orders?: number
}

/** One field of a verification: what was expected, what the broker had, whether they agree. */
export interface FieldCheck {
  field: string
  expected: unknown
  actual: unknown
  ok: boolean
}

export interface VerifyOptions {
  /** The verification's name in the report; by default made from the criteria. */
  name?: string
}

/** Thrown by `verifyExecution` on a mismatch; `checks` holds every field compared. */
export class ExecutionMismatchError extends Error {
  override readonly name = 'ExecutionMismatchError'
  constructor(
    message: string,
    readonly checks: readonly FieldCheck[],
  ) {
    super(message)
  }
}

/** Thrown by `waitForOrder` when the order did not reach the status. */
export class WaitForOrderError extends Error {
  override readonly name = 'WaitForOrderError'
  constructor(
    message: string,
    readonly order: Order,
    readonly advancedMs: number,
  ) {
    super(message)
  }
}

/** One sample of a metric: its labels and value. */
export interface MetricSample {
  labels: Record<string, string>
  value: number
}

/**
 * Parsed Prometheus text: samples by metric name (histograms as their `_bucket`, `_sum` and
 * `_count` series), and `value(name, labels?)`, the sum of the samples of `name` whose labels
 * include `labels` (0 when none).
 */
export type ParsedMetrics = Record<string, MetricSample[]> & {
  value(name: string, labels?: Record<string, string>): number
}

export class MockBrokerTestHelper {
  readonly client: MockBrokerClient
  readonly url: string
  /** The in-process broker, when `start()` made one. */
  readonly broker: MockBroker | undefined
  readonly accountId: string
  readonly suite: string | undefined

  /** A helper of a broker already running at `url` (another process, Docker...). */
  constructor(url: string, options: MockBrokerTestHelperOptions = {}, broker?: MockBroker) {
    this.url = url
    this.client = new MockBrokerClient({ ...options.client, baseUrl: url })
    this.accountId = options.accountId ?? 'DEMO'
    this.suite = options.suite
    this.broker = broker
  }

  /** Starts a broker in this process (port 0 unless given) and answers its helper. */
  static async start(options: StartTestHelperOptions = {}): Promise<MockBrokerTestHelper> {
    const { scenario, accountId, suite, client, ...brokerOptions } = options
    const config = brokerOptions.config ?? (scenario === undefined ? undefined : toBody(scenario))
    const broker = await startMockBroker({
      ...brokerOptions,
      port: brokerOptions.port ?? 0,
      ...(config === undefined ? {} : { config }),
    })
    return new MockBrokerTestHelper(broker.url, { accountId, suite, client }, broker)
  }

  /** Stops the in-process broker; nothing for an external one. */
  async close(): Promise<void> {
    await this.broker?.close()
  }

  /** Replaces the world: a scenario file name, a builder, or a configure body. */
  setupScenario(
    scenario: string | ScenarioBuilder | ScenarioBody,
  ): Promise<ResponseOf<typeof configureRoute, 200>> {
    return this.client.configure(toBody(scenario))
  }

  /** Advances the manual clock by `ms` virtual milliseconds. */
  advance(ms: number): Promise<ResponseOf<typeof advanceRoute, 200>> {
    return this.client.advance({ ms })
  }

  /**
   * Advances the virtual clock in steps until the order has the status (or one of them), and
   * answers the order. Throws `WaitForOrderError` naming the status it stayed in after `maxMs`,
   * or at once when it ended in another terminal status.
   */
  waitForOrder(
    orderId: string,
    status: OrderStatus | readonly OrderStatus[],
    options?: WaitForOrderOptions,
  ): Promise<OrderResult>
  waitForOrder(
    accountId: string,
    orderId: string,
    status: OrderStatus | readonly OrderStatus[],
    options?: WaitForOrderOptions,
  ): Promise<OrderResult>
  async waitForOrder(
    first: string,
    second: string | OrderStatus | readonly OrderStatus[],
    third?: OrderStatus | readonly OrderStatus[] | WaitForOrderOptions,
    fourth?: WaitForOrderOptions,
  ): Promise<OrderResult> {
    const withAccount = typeof third === 'string' || Array.isArray(third)
    const accountId = withAccount ? first : this.accountId
    const orderId = withAccount ? (second as string) : first
    const status = (withAccount ? third : second) as OrderStatus | readonly OrderStatus[]
    const options = (withAccount ? fourth : third) as WaitForOrderOptions | undefined
    const wanted: readonly OrderStatus[] = typeof status === 'string' ? [status] : status
    const maxMs = options?.maxMs ?? 60_000
    const stepMs = options?.stepMs ?? 100
    if (!(stepMs > 0)) throw new RangeError(`waitForOrder: stepMs must be positive, not ${stepMs}`)
    const wantedText = wanted.join(' or ')

    let advanced = 0
    for (;;) {
      const order = await this.client.getOrder(accountId, orderId)
      if (wanted.includes(order.status)) return order
      if (TERMINAL.has(order.status))
        throw new WaitForOrderError(
          `order ${orderId} ended ${order.status} (wanted ${wantedText}) after advancing ${advanced} ms`,
          order,
          advanced,
        )
      if (advanced >= maxMs)
        throw new WaitForOrderError(
          `order ${orderId} stayed ${order.status} (wanted ${wantedText}) after advancing ${advanced} ms`,
          order,
          advanced,
        )
      const step = Math.min(stepMs, maxMs - advanced)
      await this.client.advance({ ms: step })
      advanced += step
    }
  }

  /** A market event now, or at a virtual time (ISO). */
  injectMarketEvent(
    event: InjectMarketEventInput,
    at?: string,
  ): Promise<ResponseOf<typeof injectRoute, 201>> {
    return this.client.injectMarketEvent(event, at)
  }

  /** A fault rule, checked after the active ones. */
  injectFault(rule: InjectFaultInput): Promise<ResponseOf<typeof injectRoute, 201>> {
    return this.client.injectFault(rule)
  }

  /**
   * Compares the criteria with the broker's orders and fills. Records the outcome as a
   * verification (so it is a test case of the JUnit report), then answers the field checks or
   * throws `ExecutionMismatchError` with an expected-versus-actual line per field.
   */
  async verifyExecution(
    criteria: ExecutionCriteria,
    options: VerifyOptions = {},
  ): Promise<FieldCheck[]> {
    const accountId = criteria.accountId ?? this.accountId
    const checks = await this.#check(accountId, criteria)
    const failed = checks.filter((check) => !check.ok)
    const subject = describeSubject(accountId, criteria)
    const name =
      options.name ??
      `verifyExecution ${subject}: ${checks.map((c) => `${c.field}=${show(c.expected)}`).join(', ')}`
    const diff = formatChecks(checks)
    const ok = failed.length === 0
    const message = ok
      ? `${checks.length} field(s) matched for ${subject}`
      : `execution of ${subject} does not match (${failed.length} of ${checks.length} field(s)):\n${diff}`
    await this.client.recordVerification({
      name: name.slice(0, 1000),
      ok,
      message: message.slice(0, 10_000),
      details: { criteria: { ...criteria }, checks },
      ...(this.suite === undefined ? {} : { suite: this.suite }),
    })
    if (!ok) throw new ExecutionMismatchError(message, checks)
    return checks
  }

  /** Captures the whole world, optionally under a name. */
  snapshot(name?: string): Promise<ResponseOf<typeof takeSnapshotRoute, 201>> {
    return this.client.snapshot(name)
  }

  /** Rewinds the world to a snapshot, by id or name. */
  restore(idOrName: string): Promise<ResponseOf<typeof restoreSnapshotRoute, 200>> {
    return this.client.restore(idOrName)
  }

  /** `GET /metrics`, parsed. */
  async getMetrics(): Promise<ParsedMetrics> {
    return parsePrometheusText(await this.client.metrics())
  }

  /** Rewinds to the last configure: same seed, same future. */
  reset(): Promise<ResponseOf<typeof resetRoute, 200>> {
    return this.client.reset()
  }

  async #check(accountId: string, criteria: ExecutionCriteria): Promise<FieldCheck[]> {
    const checks: FieldCheck[] = []
    const byOrder = criteria.orderId !== undefined || criteria.clientOrderId !== undefined
    if (
      !byOrder &&
      (criteria.status !== undefined ||
        criteria.filledQty !== undefined ||
        criteria.avgFillPrice !== undefined)
    )
      throw new TypeError(
        'verifyExecution: status, filledQty and avgFillPrice need an orderId or clientOrderId',
      )

    let order: Order | undefined
    if (byOrder) {
      order = await this.#findOrder(accountId, criteria)
      if (order === undefined) {
        checks.push({ field: 'order', expected: 'exists', actual: 'not found', ok: false })
      } else {
        if (criteria.orderId !== undefined && criteria.clientOrderId !== undefined)
          checks.push(equal('orderId', criteria.orderId, order.id))
        if (criteria.status !== undefined) {
          const wanted = typeof criteria.status === 'string' ? [criteria.status] : criteria.status
          checks.push({
            field: 'status',
            expected: wanted.length === 1 ? wanted[0] : wanted,
            actual: order.status,
            ok: wanted.includes(order.status),
          })
        }
        if (criteria.filledQty !== undefined)
          checks.push(numeric('filledQty', criteria.filledQty, order.filledQty))
        if (criteria.avgFillPrice !== undefined)
          checks.push(numeric('avgFillPrice', criteria.avgFillPrice, order.avgFillPrice))
      }
    }

    const needFills =
      criteria.fills !== undefined ||
      criteria.minPrice !== undefined ||
      criteria.maxPrice !== undefined
    if (needFills) {
      const fills =
        byOrder && order === undefined
          ? []
          : await this.#all((after) =>
              this.client.fills(accountId, {
                limit: 1000,
                ...(order === undefined ? {} : { orderId: order.id }),
                ...(after === undefined ? {} : { after }),
              }),
            )
      if (criteria.fills !== undefined) checks.push(equal('fills', criteria.fills, fills.length))
      const prices = fills.map((fill: Fill) => Number(fill.price))
      if (criteria.minPrice !== undefined) {
        const min = prices.length === 0 ? 'no fills' : String(Math.min(...prices))
        checks.push({
          field: 'minPrice',
          expected: `>= ${criteria.minPrice}`,
          actual: min,
          ok: prices.length > 0 && Math.min(...prices) >= Number(criteria.minPrice),
        })
      }
      if (criteria.maxPrice !== undefined) {
        const max = prices.length === 0 ? 'no fills' : String(Math.max(...prices))
        checks.push({
          field: 'maxPrice',
          expected: `<= ${criteria.maxPrice}`,
          actual: max,
          ok: prices.length > 0 && Math.max(...prices) <= Number(criteria.maxPrice),
        })
      }
    }

    if (criteria.orders !== undefined) {
      const orders = await this.#all((after) =>
        this.client.listOrders(accountId, {
          status: 'all',
          limit: 1000,
          ...(after === undefined ? {} : { after }),
        }),
      )
      checks.push(equal('orders', criteria.orders, orders.length))
    }
    if (checks.length === 0) throw new TypeError('verifyExecution: no criteria to check')
    return checks
  }

  async #findOrder(accountId: string, criteria: ExecutionCriteria): Promise<Order | undefined> {
    try {
      return criteria.orderId !== undefined
        ? await this.client.getOrder(accountId, criteria.orderId)
        : await this.client.getOrderByClientId(accountId, criteria.clientOrderId as string)
    } catch (error) {
      if (error instanceof MockBrokerError && error.status === 404) return undefined
      throw error
    }
  }

  /** Every item of a paged `/v1` list. */
  async #all<T extends { id: string }>(page: (after?: string) => Promise<T[]>): Promise<T[]> {
    const items: T[] = []
    for (let after: string | undefined; ;) {
      const batch = await page(after)
      items.push(...batch)
      if (batch.length < 1000) return items
      after = batch[batch.length - 1]!.id
    }
  }
}

/** Parses the Prometheus text exposition format into samples by metric name. */
export function parsePrometheusText(text: string): ParsedMetrics {
  const metrics: Record<string, MetricSample[]> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+\S+)?$/.exec(line)
    if (match === null) continue
    const name = match[1]!
    const sample = { labels: parseLabels(match[2] ?? ''), value: parseValue(match[3]!) }
    ;(metrics[name] ??= []).push(sample)
  }
  Object.defineProperty(metrics, 'value', {
    enumerable: false,
    value: (name: string, labels: Record<string, string> = {}): number =>
      (Object.hasOwn(metrics, name) ? (metrics[name] ?? []) : [])
        .filter((sample) =>
          Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
        )
        .reduce((sum, sample) => sum + sample.value, 0),
  })
  return metrics as ParsedMetrics
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {}
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g
  for (const [, key, value] of text.matchAll(pattern))
    labels[key!] = value!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c))
  return labels
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

function toBody(scenario: string | ScenarioBuilder | ScenarioBody): ScenarioBody {
  if (typeof scenario === 'string') return { scenario }
  if (scenario instanceof ScenarioBuilder) return scenario.build()
  return scenario
}

function equal(field: string, expected: unknown, actual: unknown): FieldCheck {
  return { field, expected, actual, ok: expected === actual }
}

function numeric(
  field: string,
  expected: number | string | null,
  actual: string | null,
): FieldCheck {
  const ok =
    expected === null || actual === null
      ? expected === actual
      : Number(expected) === Number(actual) && Number.isFinite(Number(actual))
  return { field, expected, actual, ok }
}

function describeSubject(accountId: string, criteria: ExecutionCriteria): string {
  if (criteria.orderId !== undefined) return `order ${criteria.orderId} (account ${accountId})`
  if (criteria.clientOrderId !== undefined)
    return `order clientOrderId=${criteria.clientOrderId} (account ${accountId})`
  return `account ${accountId}`
}

function show(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value) ?? String(value)
}

/** One line per field: `✗ status: expected filled, actual pending_new`. */
function formatChecks(checks: readonly FieldCheck[]): string {
  const width = Math.max(...checks.map(({ field }) => field.length))
  return checks
    .map(
      ({ field, expected, actual, ok }) =>
        `  ${ok ? '✓' : '✗'} ${field.padEnd(width)}  expected ${show(expected)}, actual ${show(actual)}`,
    )
    .join('\n')
}
