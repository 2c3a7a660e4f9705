/**
 * Route definitions of snapshots (CONTRACT.md section 3): take, list, show, restore, delete and
 * diff. Definitions only; the handlers are in server/routes/snapshot-routes.ts.
 */
import { createRoute } from '@hono/zod-openapi'
import {
  DiffQuery,
  RestoreResponse,
  SnapshotDetail,
  SnapshotList,
  SnapshotParams,
  SnapshotRequest,
  SnapshotSummary,
} from '../schemas/snapshot.js'
import { StateDiff } from '../schemas/state-diff.js'
import { BODY_ERRORS, control, controlErrors } from './control-common.js'
import { SNAPSHOT_EXAMPLE, STATE_EXAMPLE } from './examples.js'
import { jsonBody, jsonResponse } from './responses.js'

export const takeSnapshotRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/snapshot',
  operationId: 'takeSnapshot',
  summary: 'Capture the whole world',
  description:
    'Clock, config, market state with every random stream position, accounts, orders, fault ' +
    'rules with their counters and the journal position. Written to the state directory at once ' +
    'when the server runs with `--state-dir`. A name already taken is replaced.',
  request: { body: { ...jsonBody(SnapshotRequest, 'An optional name.'), required: false } },
  responses: {
    201: jsonResponse(SnapshotSummary, 'The snapshot taken.', { example: SNAPSHOT_EXAMPLE }),
    ...controlErrors(...BODY_ERRORS),
  },
})

export const listSnapshotsRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/snapshots',
  operationId: 'listSnapshots',
  summary: 'List snapshots',
  description: 'Oldest first, with the files of the state directory that could not be read.',
  responses: {
    200: jsonResponse(SnapshotList, 'Every snapshot.', {
      example: { snapshots: [SNAPSHOT_EXAMPLE], next: null, damaged: [] },
    }),
    ...controlErrors(),
  },
})

export const getSnapshotRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/snapshots/{id}',
  operationId: 'getSnapshot',
  summary: 'Show a snapshot and the world it holds',
  request: { params: SnapshotParams },
  responses: {
    200: jsonResponse(SnapshotDetail, 'The snapshot, with its state.', {
      example: { ...SNAPSHOT_EXAMPLE, state: STATE_EXAMPLE },
    }),
    ...controlErrors('invalid_request', 'not_found'),
  },
})

export const restoreSnapshotRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/snapshots/{id}/restore',
  operationId: 'restoreSnapshot',
  summary: 'Rewind the world to a snapshot',
  description:
    'A new timeline (the epoch increments; stream clients get `resync`) at the snapshot seq and ' +
    'hash; the random streams resume where they were, so the same calls give the same events ' +
    'as after the snapshot was taken. The snapshot stays and can be restored again.',
  request: { params: SnapshotParams },
  responses: {
    200: jsonResponse(RestoreResponse, 'The restored snapshot and the new timeline.', {
      example: {
        ...SNAPSHOT_EXAMPLE,
        journal: { seq: SNAPSHOT_EXAMPLE.seq, hash: SNAPSHOT_EXAMPLE.hash, epoch: 2 },
      },
    }),
    ...controlErrors('invalid_request', 'not_found'),
  },
})

export const deleteSnapshotRoute = createRoute({
  ...control,
  method: 'delete',
  path: '/mock/snapshots/{id}',
  operationId: 'deleteSnapshot',
  summary: 'Delete a snapshot (and its file)',
  request: { params: SnapshotParams },
  responses: {
    200: jsonResponse(SnapshotSummary, 'The deleted snapshot.', { example: SNAPSHOT_EXAMPLE }),
    ...controlErrors('invalid_request', 'not_found'),
  },
})

export const diffSnapshotRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/snapshots/{id}/diff',
  operationId: 'diffSnapshot',
  summary: 'What changed from a snapshot to another one or to now',
  description:
    'Orders added, changed and removed; cash, equity and positions per account; price moves; ' +
    'the clock; fault rules. `from` is the snapshot in the path, `to` the `against` one.',
  request: { params: SnapshotParams, query: DiffQuery },
  responses: {
    200: jsonResponse(StateDiff, 'The difference.'),
    ...controlErrors('invalid_request', 'not_found'),
  },
})
