/**
 * Historical-replay fixtures: CSV files in `fixtures/` that `marketConfig.source` names. The shell
 * reads and parses them (fixture-csv.ts) and hands the core the parsed rows with the
 * configuration, since the core does no I/O. Names are checked like scenario names (letters,
 * digits, `_`, `-`), so a name can never reach outside the folder.
 *
 * A file is read once per configure: a reset reuses the world's parsed fixture
 * (`Simulation.fixture`), so editing a file affects the next configure only. The fingerprint (the
 * file's SHA-256) is what a stored reference to the fixture (a future snapshot) would check on
 * reloading it by name.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ApiError } from '../api/index.js'
import type { ReplayFixture } from '../sim/index.js'
import { parseFixtureCsv } from './fixture-csv.js'

/** `fixtures/` of this package: the same relative place from src/server and dist/server. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url))

/** The largest fixture file read, 64 MiB. */
export const FIXTURE_BYTES_MAX = 64 * 1024 * 1024

const NAME = /^[A-Za-z0-9_-]{1,64}$/

export type FixtureLoader = (name: string) => Promise<ReplayFixture>

export function fixtureLoader(dir: string = FIXTURES_DIR): FixtureLoader {
  return async (name) => {
    if (!NAME.test(name)) throw new ApiError('invalid_request', `invalid fixture name ${name}`)
    const path = `${dir}/${name}.csv`
    let bytes: Buffer
    try {
      if ((await stat(path)).size > FIXTURE_BYTES_MAX) {
        throw new ApiError('invalid_request', `fixtures/${name}.csv is larger than 64 MiB`, {
          source: name,
        })
      }
      bytes = await readFile(path)
    } catch (error) {
      if (error instanceof ApiError) throw error
      throw new ApiError('not_found', `no fixture named ${name} in fixtures/ (${name}.csv)`, {
        source: name,
      })
    }
    const fingerprint = createHash('sha256').update(bytes).digest('hex')
    return parseFixtureCsv(name, bytes.toString('utf8'), fingerprint)
  }
}

/**
 * The fixture a configure body will replay: `marketConfig.source` as the core will resolve it,
 * the explicit key over the scenario's (an explicit null switches the scenario's off).
 */
export function fixtureSource(
  explicit: { marketConfig?: { source?: string | null | undefined } | undefined },
  scenario: { marketConfig?: { source?: string | null | undefined } | undefined },
): string | null {
  const given = explicit.marketConfig?.source
  return given !== undefined ? given : (scenario.marketConfig?.source ?? null)
}
