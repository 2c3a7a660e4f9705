/**
 * The snapshots of a server, by id (`snap-000001`, counting on across restarts) and by name, in
 * memory and, with a state directory, on disk as they are taken (snapshot-file.ts). Opening a
 * directory loads every snapshot file in it; damaged files are listed, never loaded.
 *
 * A snapshot keeps the replay fixture its world used. In memory that is the fixture itself; on
 * disk it is its name and fingerprint, and after a restart the fixture is read again and must
 * have the same fingerprint, or the restore is refused rather than replaying other prices.
 */
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { SnapshotName, type SnapshotSummary } from '../../api/index.js'
import { isoTime, type ReplayFixture, type Simulation } from '../../sim/index.js'
import type { FixtureLoader } from '../fixtures.js'
import {
  DamagedSnapshotError,
  SNAPSHOT_FILE_SUFFIX,
  readSnapshotFile,
  snapshotFile,
  writeSnapshotFile,
  type SnapshotRecord,
} from './snapshot-file.js'

/** How many snapshots a server holds; taking one more is refused. */
export const SNAPSHOTS_MAX = 1_000

interface Entry extends SnapshotRecord {
  /** The fixture itself, while this process has it. */
  loadedFixture: ReplayFixture | null
}

export interface SnapshotStoreOptions {
  /** Where snapshots are written and read back at boot; none: in memory only. */
  dir?: string | undefined
  /** Reads a replay fixture again for a snapshot loaded from disk. */
  loadFixture?: FixtureLoader | undefined
  /** Wall clock, for `takenAt`. */
  now?: () => number
}

export class SnapshotError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_request' | 'service_unavailable',
    message: string,
  ) {
    super(message)
  }
}

export class SnapshotStore {
  readonly #dir: string | undefined
  readonly #loadFixture: FixtureLoader | undefined
  readonly #now: () => number
  readonly #entries = new Map<string, Entry>()
  readonly damaged: Array<{ file: string; error: string }> = []
  #nextId = 1
  /** The chain of takes: each writes after the one before it settled. */
  #writes: Promise<unknown> = Promise.resolve()

  constructor(options: SnapshotStoreOptions = {}) {
    this.#dir = options.dir
    this.#loadFixture = options.loadFixture
    this.#now = options.now ?? Date.now
  }

  /** A store on `options.dir` (created if missing) with the snapshots already in it. */
  static async open(options: SnapshotStoreOptions = {}): Promise<SnapshotStore> {
    const store = new SnapshotStore(options)
    const dir = options.dir
    if (dir === undefined) return store
    await mkdir(dir, { recursive: true })
    const files = (await readdir(dir)).filter((f) => f.endsWith(SNAPSHOT_FILE_SUFFIX)).sort()
    const records: SnapshotRecord[] = []
    for (const file of files) {
      // Ids of files that do not load are never given out again: a new snapshot must not
      // rename over a file someone may still want (a newer version's, a damaged one).
      const fileId = file.slice(0, -SNAPSHOT_FILE_SUFFIX.length)
      store.#nextId = Math.max(store.#nextId, idNumber(fileId) + 1)
      try {
        const record = await readSnapshotFile(join(dir, file))
        const problem = recordProblem(record, fileId)
        if (problem !== null) throw new DamagedSnapshotError(problem)
        records.push(record)
      } catch (error) {
        store.damaged.push({ file, error: (error as Error).message })
      }
    }
    records.sort((a, b) => idNumber(a.summary.id) - idNumber(b.summary.id))
    for (const record of records) {
      // A name taken twice (a crash between writing the new file and removing the old one):
      // the newest wins, as the replace meant.
      const older = record.summary.name === null ? undefined : store.#byName(record.summary.name)
      if (older !== undefined) await store.#remove(older)
      store.#entries.set(record.summary.id, { ...record, loadedFixture: null })
    }
    return store
  }

  get persisted(): boolean {
    return this.#dir !== undefined
  }

  /**
   * Captures `sim` (and writes it, with a state directory); a taken name is replaced. The state is
   * captured as the request arrives; the writing waits its turn, so two takes with one name
   * cannot both miss each other.
   */
  take(sim: Simulation, name: string | null): Promise<SnapshotSummary> {
    const captured = this.#capture(sim, name)
    const turn = this.#writes.then(() => this.#store(captured))
    this.#writes = turn.then(
      () => undefined,
      () => undefined,
    )
    return turn
  }

  #capture(sim: Simulation, name: string | null): Entry {
    const position = sim.journalPosition()
    const fixture = sim.fixture
    return {
      summary: {
        id: '',
        name,
        seq: position.seq,
        time: isoTime(sim.nowMs),
        epoch: position.epoch,
        hash: position.hash,
        takenAt: new Date(this.#now()).toISOString(),
      },
      fixture: fixture === null ? null : { name: fixture.name, fingerprint: fixture.fingerprint },
      snapshot: sim.snapshot(),
      loadedFixture: fixture,
    }
  }

  async #store(entry: Entry): Promise<SnapshotSummary> {
    const { name } = entry.summary
    const replaced = name === null ? undefined : this.#byName(name)
    if (replaced === undefined && this.#entries.size >= SNAPSHOTS_MAX) {
      throw new SnapshotError(
        'invalid_request',
        `this server holds ${SNAPSHOTS_MAX} snapshots already: delete some first`,
      )
    }
    entry.summary.id = `snap-${String(this.#nextId++).padStart(6, '0')}`
    const dir = this.#dir
    if (dir !== undefined) {
      await storage(`write snapshot ${entry.summary.id} to ${dir}`, () =>
        writeSnapshotFile(dir, entry),
      )
    }
    this.#entries.set(entry.summary.id, entry)
    if (replaced !== undefined) await this.#remove(replaced)
    return this.#summary(entry)
  }

  list(): SnapshotSummary[] {
    return [...this.#entries.values()].map((entry) => this.#summary(entry))
  }

  /** The snapshot with this id or name. */
  get(idOrName: string): SnapshotRecord & { summary: SnapshotSummary } {
    const entry = this.#find(idOrName)
    return { ...entry, summary: this.#summary(entry) }
  }

  /** The replay fixture of a snapshot's world, read again (and checked) after a restart. */
  async fixtureOf(idOrName: string): Promise<ReplayFixture | null> {
    const entry = this.#find(idOrName)
    if (entry.fixture === null || entry.loadedFixture !== null) return entry.loadedFixture
    if (this.#loadFixture === undefined)
      throw new SnapshotError('invalid_request', 'this server cannot read replay fixtures')
    const fixture = await this.#loadFixture(entry.fixture.name)
    if (fixture.fingerprint !== entry.fixture.fingerprint) {
      throw new SnapshotError(
        'invalid_request',
        `fixture ${entry.fixture.name} changed since snapshot ${entry.summary.id} was taken (its fingerprint differs); restoring it would replay other prices`,
      )
    }
    entry.loadedFixture = fixture
    return fixture
  }

  async delete(idOrName: string): Promise<SnapshotSummary> {
    const entry = this.#find(idOrName)
    await this.#remove(entry)
    return this.#summary(entry)
  }

  /** The file first: a snapshot whose file stayed would come back at the next start. */
  async #remove(entry: Entry): Promise<void> {
    const dir = this.#dir
    if (dir !== undefined) {
      await storage(`remove snapshot ${entry.summary.id} from ${dir}`, () =>
        rm(snapshotFile(dir, entry.summary.id), { force: true }),
      )
    }
    this.#entries.delete(entry.summary.id)
  }

  #find(idOrName: string): Entry {
    const entry = this.#entries.get(idOrName) ?? this.#byName(idOrName)
    if (entry === undefined) {
      throw new SnapshotError(
        'not_found',
        `no snapshot ${idOrName}: GET /mock/snapshots lists them`,
      )
    }
    return entry
  }

  #byName(name: string): Entry | undefined {
    for (const entry of this.#entries.values()) if (entry.summary.name === name) return entry
    return undefined
  }

  #summary(entry: Entry): SnapshotSummary {
    return { ...entry.summary, persisted: this.#dir !== undefined }
  }
}

function idNumber(id: string): number {
  const n = Number(/^snap-(\d+)$/.exec(id)?.[1])
  return Number.isSafeInteger(n) ? n : 0
}

/** Disk trouble (full, read-only, gone) is the server's state, not a bug: a 503 that says so. */
async function storage<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw new SnapshotError('service_unavailable', `could not ${what}: ${(error as Error).message}`)
  }
}

/** Why a file that parsed still cannot be loaded, or null. */
function recordProblem(record: SnapshotRecord, fileId: string): string | null {
  if (record.summary.id !== fileId)
    return `it says it is ${record.summary.id} but is named ${fileId}`
  const { name } = record.summary
  if (name !== null && !SnapshotName.safeParse(name).success)
    return `its name ${JSON.stringify(name)} is not a valid snapshot name`
  const { snapshot } = record
  if (typeof snapshot.config !== 'object' || typeof snapshot.world !== 'object')
    return 'it holds no config or world'
  return null
}
