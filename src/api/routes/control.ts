/**
 * Route definitions of the control plane, `/mock` (CONTRACT.md section 3). Definitions only.
 *
 * Every /mock route answers 401 when the server runs with MOCK_CONTROL_TOKEN and the request does
 * not carry it. Control routes are never subject to fault rules. Snapshot routes are in
 * snapshots.ts.
 */
import { createRoute } from '@hono/zod-openapi'
import { ConfigureRequest } from '../schemas/configure.js'
import {
  AdvanceRequest,
  AdvanceResponse,
  ControlAck,
  InjectRequest,
  InjectResponse,
} from '../schemas/control.js'
import { FaultParams, FaultRule, FaultsList } from '../schemas/fault.js'
import { EventsPage, EventsQuery } from '../schemas/journal.js'
import { RequestsCleared, RequestsList, RequestsQuery } from '../schemas/request-journal.js'
import { State } from '../schemas/state.js'
import { BODY_ERRORS, control, controlErrors } from './control-common.js'
import {
  CONTROL_ACK_EXAMPLE,
  EVENTS_EXAMPLE,
  FAULT_RULE_EXAMPLE,
  REQUEST_RECORDS_EXAMPLE,
  STATE_EXAMPLE,
} from './examples.js'
import { jsonBody, jsonResponse } from './responses.js'

export const configureRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/configure',
  operationId: 'configure',
  summary: 'Replace the whole world',
  description:
    'Starts a new timeline at seq 0 and increments the epoch. Every key is optional: a missing ' +
    'key takes the scenario value, then the default; an empty body (or none) is the default ' +
    'world. Answers 404 `not_found` for an unknown scenario name.',
  request: {
    body: { ...jsonBody(ConfigureRequest, 'The configuration.'), required: false },
  },
  responses: {
    200: jsonResponse(ControlAck, 'The new timeline.', { example: CONTROL_ACK_EXAMPLE }),
    ...controlErrors(...BODY_ERRORS, 'not_found'),
  },
})

export const resetRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/reset',
  operationId: 'reset',
  summary: 'Rewind to the last configure',
  description: 'Same seed, same future: rewinds the journal to seq 0 and increments the epoch.',
  responses: {
    200: jsonResponse(ControlAck, 'The rewound timeline.', {
      example: { ...CONTROL_ACK_EXAMPLE, epoch: 2 },
    }),
    ...controlErrors(),
  },
})

export const advanceRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/advance',
  operationId: 'advance',
  summary: 'Advance the manual clock',
  description:
    'Runs every scheduled tick, latency, expiry and timeline event up to the target, in time ' +
    'order. Answers 400 `invalid_request` for a target in the past.',
  request: {
    body: jsonBody(AdvanceRequest, '`{ ms }` or `{ to }`.', {
      by: { summary: 'Advance by one virtual minute', value: { ms: 60_000 } },
      to: { summary: 'Advance to a virtual time', value: { to: '2026-01-05T16:00:00.000Z' } },
    }),
  },
  responses: {
    200: jsonResponse(AdvanceResponse, 'Where the clock went and how many events it made.', {
      example: { from: '2026-01-05T14:30:00.000Z', to: '2026-01-05T14:31:00.000Z', events: 120 },
    }),
    ...controlErrors(...BODY_ERRORS),
  },
})

export const getStateRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/state',
  operationId: 'getState',
  summary: 'Get the whole world',
  responses: {
    200: jsonResponse(State, 'The current state.', { example: STATE_EXAMPLE }),
    ...controlErrors(),
  },
})

export const listEventsRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/events',
  operationId: 'listEvents',
  summary: 'Page through the event journal',
  request: { query: EventsQuery },
  responses: {
    200: jsonResponse(EventsPage, 'Events in seq order and the cursor of the next page.', {
      example: { events: EVENTS_EXAMPLE, next: 2 },
    }),
    ...controlErrors('invalid_request'),
  },
})

export const injectRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/inject',
  operationId: 'inject',
  summary: 'Inject a market event or a fault rule',
  description:
    'A market event applies now, or is scheduled `at` a virtual time; answers its id and when. ' +
    'A fault rule is added after the active ones and answers its id. A rule the core refuses ' +
    '(a window that ends before it starts) is 400 `invalid_request` with `details.path`.',
  request: {
    body: jsonBody(InjectRequest, 'What to inject.', {
      priceJump: {
        summary: 'A market event, now',
        value: { type: 'market', event: { kind: 'price_jump', symbol: 'AAPL', pct: -5 } },
      },
      scheduledHalt: {
        summary: 'A market event at a virtual time',
        value: {
          type: 'market',
          event: { kind: 'halt', symbol: 'AAPL' },
          at: '2026-01-05T15:00:00.000Z',
        },
      },
      faultRule: {
        summary: 'A fault rule',
        value: {
          type: 'fault',
          rule: {
            match: { operation: 'submitOrder' },
            times: 2,
            effect: { kind: 'error', status: 503, retryAfter: 1 },
          },
        },
      },
    }),
  },
  responses: {
    201: jsonResponse(InjectResponse, 'The id of the injection and when it applies.', {
      examples: {
        marketEvent: {
          summary: 'A market event',
          value: { id: 'mev-000001', at: '2026-01-05T14:30:05.000Z' },
        },
        faultRule: { summary: 'A fault rule', value: { id: 'flt-000001' } },
      },
    }),
    ...controlErrors(...BODY_ERRORS, 'unknown_symbol'),
  },
})

export const listFaultsRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/faults',
  operationId: 'listFaults',
  summary: 'List the active fault rules',
  description: 'In the order they are checked, with how often each matched and fired.',
  responses: {
    200: jsonResponse(FaultsList, 'The active rules.', {
      example: { faults: [FAULT_RULE_EXAMPLE] },
    }),
    ...controlErrors(),
  },
})

export const deleteFaultRoute = createRoute({
  ...control,
  method: 'delete',
  path: '/mock/faults/{id}',
  operationId: 'deleteFault',
  summary: 'Remove a fault rule',
  description:
    'Answers the removed rule with its final counts. Orders a `stuck` rule held proceed. ' +
    '404 `not_found` for an id that is not active.',
  request: { params: FaultParams },
  responses: {
    200: jsonResponse(FaultRule, 'The removed rule.', { example: FAULT_RULE_EXAMPLE }),
    ...controlErrors('invalid_request', 'not_found'),
  },
})

export const clearFaultsRoute = createRoute({
  ...control,
  method: 'delete',
  path: '/mock/faults',
  operationId: 'clearFaults',
  summary: 'Remove every fault rule',
  responses: {
    200: jsonResponse(FaultsList, 'The removed rules.', {
      example: { faults: [FAULT_RULE_EXAMPLE] },
    }),
    ...controlErrors(),
  },
})

export const listRequestsRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/requests',
  operationId: 'listRequests',
  summary: 'Read the request journal',
  description:
    'The newest `/v1` requests first: method, path, status, wall-clock duration, account and the ' +
    'fault applied. It keeps the last 1000 and is cleared by configure and reset.',
  request: { query: RequestsQuery },
  responses: {
    200: jsonResponse(RequestsList, 'The requests, newest first.', {
      example: { requests: REQUEST_RECORDS_EXAMPLE },
    }),
    ...controlErrors('invalid_request'),
  },
})

export const clearRequestsRoute = createRoute({
  ...control,
  method: 'delete',
  path: '/mock/requests',
  operationId: 'clearRequests',
  summary: 'Clear the request journal',
  responses: {
    200: jsonResponse(RequestsCleared, 'How many were dropped.', { example: { cleared: 26 } }),
    ...controlErrors(),
  },
})
