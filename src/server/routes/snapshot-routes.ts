/**
 * Snapshot handlers (api/routes/snapshots.ts): take, list, show, restore, delete, diff. The store
 * holds the snapshots; a restore hands one to the runtime, which starts a new timeline (stream
 * clients get `resync`, the realtime driver re-anchors, the request journal is cleared).
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  ApiError,
  deleteSnapshotRoute,
  diffSnapshotRoute,
  getSnapshotRoute,
  listSnapshotsRoute,
  restoreSnapshotRoute,
  takeSnapshotRoute,
} from '../../api/index.js'
import { Simulation } from '../../sim/index.js'
import { unwrap } from '../api-error.js'
import type { BrokerRuntime } from '../broker-runtime.js'
import type { AppEnv } from '../request-context.js'
import { SnapshotError, type SnapshotStore } from '../snapshots/snapshot-store.js'
import { diffStates } from '../state-diff.js'
import { worldState } from './control-routes.js'

export function registerSnapshotRoutes(
  app: OpenAPIHono<AppEnv>,
  runtime: BrokerRuntime,
  store: SnapshotStore,
): void {
  /** The world a snapshot holds, as `/mock/state` shows a world. */
  const stateOf = async (id: string) => {
    const { snapshot, summary } = store.get(id)
    const fixture = await store.fixtureOf(id)
    return worldState(unwrap(Simulation.restore(snapshot, { fixture, epoch: summary.epoch })))
  }

  app.openapi(takeSnapshotRoute, async (c) => {
    const body = c.req.valid('json') ?? {}
    return c.json(await guard(() => store.take(runtime.sim, body.name ?? null)), 201)
  })
  app.openapi(listSnapshotsRoute, (c) =>
    c.json({ snapshots: store.list(), next: null, damaged: store.damaged }, 200),
  )
  app.openapi(getSnapshotRoute, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(
      await guard(async () => ({ ...store.get(id).summary, state: await stateOf(id) })),
      200,
    )
  })
  app.openapi(restoreSnapshotRoute, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(
      await guard(async () => {
        const { summary, snapshot } = store.get(id)
        const fixture = await store.fixtureOf(id)
        return { ...summary, journal: unwrap(runtime.restore(snapshot, fixture)) }
      }),
      200,
    )
  })
  app.openapi(deleteSnapshotRoute, async (c) =>
    c.json(await guard(() => store.delete(c.req.valid('param').id)), 200),
  )
  app.openapi(diffSnapshotRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { against } = c.req.valid('query')
    return c.json(
      await guard(async () =>
        diffStates(
          await stateOf(id),
          against === 'current' ? worldState(runtime.sim) : await stateOf(against),
        ),
      ),
      200,
    )
  })
}

/** The store's refusals as the contract's errors. */
async function guard<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof SnapshotError) throw new ApiError(error.code, error.message, {})
    throw error
  }
}
