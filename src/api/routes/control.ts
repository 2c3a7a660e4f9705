/**
 * Route definitions of the control plane, `/mock` (CONTRACT.md section 3). Definitions only.
 *
 * Every /mock route answers 401 when the server runs with MOCK_CONTROL_TOKEN and the request does
 * not carry it. Snapshot, fault, request-journal and report routes come with their issues.
 */
import { createRoute } from '@hono/zod-openapi'
import type { ApiErrorCode } from '../errors.js'
import { CONTROL_SECURITY } from '../openapi-info.js'
import { ConfigureRequest } from '../schemas/configure.js'
import {
  AdvanceRequest,
  AdvanceResponse,
  ControlAck,
  InjectRequest,
  InjectResponse,
} from '../schemas/control.js'
import { EventsPage, EventsQuery } from '../schemas/journal.js'
import { State } from '../schemas/state.js'
import { errorResponses, jsonBody, jsonResponse } from './responses.js'

/** Errors every /mock route may answer, besides its own. */
function controlErrors<C extends ApiErrorCode = never>(...codes: C[]) {
  return errorResponses<C | 'unauthorized' | 'internal'>(...codes, 'unauthorized', 'internal')
}

const BODY_ERRORS = ['invalid_request', 'payload_too_large', 'unsupported_media_type'] as const

const control = { tags: ['control'], security: CONTROL_SECURITY }

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
    200: jsonResponse(ControlAck, 'The new timeline.'),
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
  responses: { 200: jsonResponse(ControlAck, 'The rewound timeline.'), ...controlErrors() },
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
  request: { body: jsonBody(AdvanceRequest, '`{ ms }` or `{ to }`.') },
  responses: {
    200: jsonResponse(AdvanceResponse, 'Where the clock went and how many events it made.'),
    ...controlErrors(...BODY_ERRORS),
  },
})

export const getStateRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/state',
  operationId: 'getState',
  summary: 'Get the whole world',
  responses: { 200: jsonResponse(State, 'The current state.'), ...controlErrors() },
})

export const listEventsRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/events',
  operationId: 'listEvents',
  summary: 'Page through the event journal',
  request: { query: EventsQuery },
  responses: {
    200: jsonResponse(EventsPage, 'Events in seq order and the cursor of the next page.'),
    ...controlErrors('invalid_request'),
  },
})

export const injectRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/inject',
  operationId: 'inject',
  summary: 'Inject a market event',
  description: 'Applies the event now, or schedules it `at` a virtual time.',
  request: { body: jsonBody(InjectRequest, 'What to inject.') },
  responses: {
    201: jsonResponse(InjectResponse, 'The id of the injection and when it applies.'),
    ...controlErrors(...BODY_ERRORS, 'unknown_symbol'),
  },
})
