/**
 * One snapshot on disk: `<dir>/<id>.snapshot.json`, a JSON document with a format tag, the
 * summary, a SHA-256 of the snapshot's JSON and the snapshot. Written atomically (a temporary file
 * in the same directory, flushed, then renamed over the name), so a crash leaves the old file or
 * the new one, never half of one; a file that does not parse, has another format or version, or
 * whose checksum does not match is damaged and is reported, not loaded.
 */
import { createHash, randomBytes } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { WORLD_STATE_VERSION, type WorldSnapshot } from '../../sim/index.js'
import type { SnapshotSummary } from '../../api/index.js'

export const SNAPSHOT_FILE_SUFFIX = '.snapshot.json'
const FORMAT = 'mock-broker.snapshot'

/** The replay fixture a snapshot's world used, to find and check it again after a restart. */
export interface FixtureRef {
  name: string
  fingerprint: string
}

export interface SnapshotRecord {
  summary: Omit<SnapshotSummary, 'persisted'>
  fixture: FixtureRef | null
  snapshot: WorldSnapshot
}

export class DamagedSnapshotError extends Error {}

export function snapshotFile(dir: string, id: string): string {
  return join(dir, `${id}${SNAPSHOT_FILE_SUFFIX}`)
}

export async function writeSnapshotFile(dir: string, record: SnapshotRecord): Promise<void> {
  const body = JSON.stringify(record.snapshot)
  const text = `{"format":${JSON.stringify(FORMAT)},"version":${WORLD_STATE_VERSION},"summary":${JSON.stringify(record.summary)},"fixture":${JSON.stringify(record.fixture)},"checksum":${JSON.stringify(sha256(body))},"snapshot":${body}}\n`
  const target = snapshotFile(dir, record.summary.id)
  const temporary = join(dir, `.${record.summary.id}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temporary, 'w')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, target)
  } catch (error) {
    // A full disk must not fill up further with half-written temporaries.
    await rm(temporary, { force: true })
    throw error
  }
}

export async function readSnapshotFile(path: string): Promise<SnapshotRecord> {
  const text = await readFile(path, 'utf8')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new DamagedSnapshotError(`not JSON (truncated?): ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null) throw new DamagedSnapshotError('not an object')
  const doc = parsed as Record<string, unknown>
  if (doc.format !== FORMAT) throw new DamagedSnapshotError(`not a ${FORMAT} file`)
  if (doc.version !== WORLD_STATE_VERSION) {
    throw new DamagedSnapshotError(
      `state version ${String(doc.version)}; this mock-broker reads ${WORLD_STATE_VERSION}`,
    )
  }
  const summary = doc.summary as SnapshotRecord['summary'] | undefined
  if (typeof summary?.id !== 'string' || typeof summary.seq !== 'number')
    throw new DamagedSnapshotError('no summary')
  if (typeof doc.snapshot !== 'object' || doc.snapshot === null)
    throw new DamagedSnapshotError('no snapshot')
  if (doc.checksum !== sha256(JSON.stringify(doc.snapshot)))
    throw new DamagedSnapshotError('the checksum does not match its contents')
  return {
    summary,
    fixture: (doc.fixture as FixtureRef | null) ?? null,
    snapshot: doc.snapshot as WorldSnapshot,
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
