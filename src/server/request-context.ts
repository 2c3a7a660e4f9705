/**
 * Per-request values every response needs: the request id (echoed when the client sent one, else
 * generated) and the runtime whose clock stamps `X-Mock-Time`; and what the fault middleware
 * decided, for the order handlers (order effects) and the request journal.
 */
import type { FaultDecision } from '../sim/index.js'
import type { BrokerRuntime } from './broker-runtime.js'
import type { FixtureLoader } from './fixtures.js'
import type { RequestJournal } from './request-journal.js'
import type { SnapshotStore } from './snapshots/snapshot-store.js'
import type { Logger } from 'pino'
import type { BrokerMetrics } from './metrics/index.js'

export interface AppEnv {
  Variables: {
    requestId: string
    /**
     * Whether the client sent the request id (`X-Request-Id`): only then is it part of the call,
     * and journaled with a fault it triggers (a generated id counts the server's requests).
     */
    requestIdFromClient: boolean
    /** The fault decision for a `/v1` call while rules are active (fault-middleware.ts). */
    faultDecision: FaultDecision | undefined
    /** True when no answer was sent: a `timeout` held the request or a `reset` dropped it. */
    unanswered: boolean | undefined
  }
}

export type RequestIdGenerator = () => string

/** Request ids: `req-` and a process-wide counter; deterministic within one server. */
export function counterRequestIds(prefix = 'req'): RequestIdGenerator {
  let next = 1
  return () => `${prefix}-${String(next++).padStart(6, '0')}`
}

export interface AppDeps {
  runtime: BrokerRuntime
  /** With a token set, `/mock/*` requires `Authorization: Bearer <token>`. */
  controlToken?: string | undefined
  requestIds?: RequestIdGenerator | undefined
  /** Loads a named scenario from disk (the core does no I/O). */
  loadScenario: (name: string) => Promise<unknown>
  /** Loads a named fixture from disk for a historical replay; default: `fixtures/`. */
  loadFixture?: FixtureLoader | undefined
  /** Called after the world changes in a way the realtime driver must see (an advance). */
  onClockMoved?: (() => void) | undefined
  /** Where `/v1` requests are recorded for `GET /mock/requests`; default: a new one. */
  requestJournal?: RequestJournal | undefined
  /** Prometheus metrics (`GET /metrics`, the HTTP middleware); default: a new set for this app. */
  metrics?: BrokerMetrics | undefined
  /** Where request logs go (pino); none: no request logging. */
  logger?: Logger | undefined
  /** The snapshots (and their state directory); default: a new one, in memory. */
  snapshots?: SnapshotStore | undefined
}
