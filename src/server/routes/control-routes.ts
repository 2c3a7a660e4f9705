/**
 * `/mock` control plane (CONTRACT.md section 3): configure, reset, advance, state, events, inject
 * (market events and fault rules), the fault rules and the request journal.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  advanceRoute,
  clearFaultsRoute,
  clearRequestsRoute,
  configureRoute,
  deleteFaultRoute,
  getStateRoute,
  injectRoute,
  listEventsRoute,
  listFaultsRoute,
  listRequestsRoute,
  resetRoute,
  type EventsQuery,
} from '../../api/index.js'
import {
  isoTime,
  parseIsoTime,
  type EventFilter,
  type JournalPosition,
  type Simulation,
} from '../../sim/index.js'
import { unwrap } from '../api-error.js'
import type { AppDeps, AppEnv } from '../request-context.js'
import type { RequestJournal } from '../request-journal.js'
import { toConfigInput } from '../scenarios.js'
import { toWireEvent } from '../wire-event.js'

export function registerControlRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  requests: RequestJournal,
): void {
  const { runtime } = deps
  const ack = (position: JournalPosition) => ({ ...position, time: runtime.sim.clock().time })

  app.openapi(configureRoute, async (c) => {
    const input = await toConfigInput(c.req.valid('json'), deps.loadScenario, deps.loadFixture)
    return c.json(ack(unwrap(runtime.configure(input))), 200)
  })
  app.openapi(resetRoute, (c) => c.json(ack(runtime.reset()), 200))
  app.openapi(advanceRoute, (c) => {
    const body = c.req.valid('json')
    const sim = runtime.sim
    const targetMs = 'ms' in body ? sim.nowMs + body.ms : (parseIsoTime(body.to) as number)
    const outcome = unwrap(sim.advanceTo(targetMs))
    deps.onClockMoved?.()
    return c.json(
      { from: isoTime(outcome.fromMs), to: isoTime(outcome.toMs), events: outcome.events },
      200,
    )
  })
  app.openapi(getStateRoute, (c) => c.json(worldState(runtime.sim), 200))
  app.openapi(listEventsRoute, (c) => {
    const query = c.req.valid('query')
    const events = runtime.sim.events(query.after, query.limit + 1, eventFilter(query))
    const page = events.slice(0, query.limit)
    const next = events.length > query.limit ? (page[page.length - 1]?.seq ?? null) : null
    return c.json({ events: page.map(toWireEvent), next }, 200)
  })
  app.openapi(injectRoute, (c) => {
    const body = c.req.valid('json')
    if (body.type === 'fault')
      return c.json({ id: unwrap(runtime.sim.addFaultRule(body.rule)).id }, 201)
    const atMs = body.at === undefined ? undefined : parseIsoTime(body.at)
    const injected = unwrap(runtime.sim.injectMarketEvent(body.event, atMs))
    return c.json({ id: injected.id, at: isoTime(injected.atMs) }, 201)
  })
  app.openapi(listFaultsRoute, (c) => c.json({ faults: runtime.sim.faultRules() }, 200))
  app.openapi(deleteFaultRoute, (c) =>
    c.json(unwrap(runtime.sim.removeFaultRule(c.req.valid('param').id)), 200),
  )
  app.openapi(clearFaultsRoute, (c) => c.json({ faults: runtime.sim.clearFaultRules() }, 200))
  app.openapi(listRequestsRoute, (c) => {
    const { limit, path } = c.req.valid('query')
    return c.json({ requests: requests.newest(limit, path) }, 200)
  })
  app.openapi(clearRequestsRoute, (c) => c.json({ cleared: requests.clear() }, 200))
}

function eventFilter(query: EventsQuery): EventFilter {
  const type = query.type
  return {
    accountId: query.accountId,
    ...(type === undefined
      ? {}
      : type.endsWith('.*')
        ? { typePrefix: type.slice(0, -1) }
        : { types: [type] }),
  }
}

export function worldState(sim: Simulation) {
  return {
    clock: sim.clock(),
    config: sim.config,
    symbols: sim.instruments(),
    quotes: unwrap(sim.quotes()),
    accounts: sim
      .accountIds()
      .map((id) => ({ ...unwrap(sim.account(id)), positions: unwrap(sim.positions(id)) })),
    orders: sim.allOrders(),
    faults: sim.faultRules(),
    journal: sim.journalPosition(),
  }
}
