/**
 * Per-request values every response needs: the request id (echoed when the client sent one, else
 * generated) and the runtime whose clock stamps `X-Mock-Time`.
 */
import type { BrokerRuntime } from './broker-runtime.js'
import type { FixtureLoader } from './fixtures.js'

export interface AppEnv {
  Variables: {
    requestId: string
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
}
