/**
 * The snapshot store on a real directory: names replaced one take at a time, ids never reused
 * over files that did not load, damaged and impostor files reported instead of loaded, and disk
 * failures answered as `service_unavailable` without leaving temporaries behind.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { advance, flatWorld } from '../../../test/support/sim-world.js'
import type { Simulation } from '../../sim/index.js'
import { SnapshotError, SnapshotStore } from './snapshot-store.js'

let dir = ''
let sim: Simulation

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshot-store-'))
  sim = flatWorld()
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

const files = () => readdirSync(dir).sort()

describe('SnapshotStore', () => {
  it('replaces a name once when two takes with it run at the same time', async () => {
    const store = await SnapshotStore.open({ dir })
    await store.take(sim, 'base')
    advance(sim, 1_000)
    const [a, b] = await Promise.all([store.take(sim, 'base'), store.take(sim, 'base')])
    expect(store.list().map((s) => s.id)).toEqual([b.id])
    expect(store.get('base').summary.id).toBe(b.id)
    expect(a.id).not.toBe(b.id)
    expect(files()).toEqual([`${b.id}.snapshot.json`])
  })

  it('keeps the newest of a name found twice at start, removing the older file', async () => {
    const store = await SnapshotStore.open({ dir })
    const older = await store.take(sim, 'base')
    // What a crash between writing a replacement and removing the old file leaves behind.
    const text = readFileSync(join(dir, `${older.id}.snapshot.json`), 'utf8')
    writeFileSync(
      join(dir, 'snap-000002.snapshot.json'),
      text.replace(`"id":"${older.id}"`, '"id":"snap-000002"'),
    )
    const reopened = await SnapshotStore.open({ dir })
    expect(reopened.damaged).toEqual([])
    expect(reopened.list().map((s) => s.id)).toEqual(['snap-000002'])
    expect(files()).toEqual(['snap-000002.snapshot.json'])
  })

  it('reports damaged files and impostors, and never reuses their ids', async () => {
    const store = await SnapshotStore.open({ dir })
    const good = await store.take(sim, 'good')
    writeFileSync(join(dir, 'snap-000007.snapshot.json'), '{"format":"mock-broker.snapshot"')
    mkdirSync(join(dir, 'snap-000008.snapshot.json'))
    const copy = readFileSync(join(dir, `${good.id}.snapshot.json`))
    writeFileSync(join(dir, 'snap-000009.snapshot.json'), copy)

    const reopened = await SnapshotStore.open({ dir })
    expect(reopened.list().map((s) => s.id)).toEqual([good.id])
    expect(reopened.damaged).toEqual([
      { file: 'snap-000007.snapshot.json', error: expect.stringMatching(/not JSON/) },
      { file: 'snap-000008.snapshot.json', error: expect.stringMatching(/EISDIR/) },
      {
        file: 'snap-000009.snapshot.json',
        error: `it says it is ${good.id} but is named snap-000009`,
      },
    ])
    expect((await reopened.take(sim, null)).id).toBe('snap-000010')
  })

  it('answers disk failures as service_unavailable and leaves no temporary file', async () => {
    const store = await SnapshotStore.open({ dir })
    const taken = await store.take(sim, 'kept')
    rmSync(dir, { recursive: true })
    writeFileSync(dir, 'not a directory')
    const failure = await store.take(sim, 'x').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(SnapshotError)
    expect(failure).toMatchObject({ code: 'service_unavailable' })
    await expect(store.delete('kept')).rejects.toMatchObject({ code: 'service_unavailable' })
    // Not lost from memory when its file could not be removed.
    expect(store.get('kept').summary.id).toBe(taken.id)
    rmSync(dir)
    mkdirSync(dir)
    await store.take(sim, 'after')
    expect(files().filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
