/**
 * Fixtures: files in `fixtures/` the configuration names. Historical-replay CSV files that
 * `marketConfig.source` names, and accounts JSON files (`<name>.accounts.json`) that
 * `accounts: { fixture }` names. The shell reads and parses them (fixture-csv.ts, the accounts
 * schema) and hands the core the parsed rows or accounts with the configuration, since the core
 * does no I/O. Names are checked like scenario names (letters, digits, `_`, `-`), so a name can
 * never reach outside the folder.
 *
 * A file is read once per configure: a reset reuses the world's parsed fixture
 * (`Simulation.fixture`), so editing a file affects the next configure only. The fingerprint (the
 * file's SHA-256) is what a stored reference to the fixture (a future snapshot) would check on
 * reloading it by name.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { AccountsList, ApiError } from '../api/index.js'
import type { ReplayFixture } from '../sim/index.js'
import { parseFixtureCsv } from './fixture-csv.js'

/** `fixtures/` of this package: the same relative place from src/server and dist/server. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url))

/** The largest fixture file read, 64 MiB. */
export const FIXTURE_BYTES_MAX = 64 * 1024 * 1024

const NAME = /^[A-Za-z0-9_-]{1,64}$/

/** Loads a replay fixture by name; `accounts` loads an accounts fixture from the same folder. */
export interface FixtureLoader {
  (name: string): Promise<ReplayFixture>
  /** Without it (a loader written by hand), accounts fixtures come from the package's fixtures/. */
  accounts?: AccountsFixtureLoader | undefined
}

export type AccountsFixtureLoader = (name: string) => Promise<AccountsList>

export function fixtureLoader(dir: string = FIXTURES_DIR): FixtureLoader {
  const replay = async (name: string): Promise<ReplayFixture> => {
    const bytes = await readFixture(dir, name, `${name}.csv`, 'fixture', { source: name })
    const fingerprint = createHash('sha256').update(bytes).digest('hex')
    return parseFixtureCsv(name, bytes.toString('utf8'), fingerprint)
  }
  return Object.assign(replay, { accounts: accountsFixtureLoader(dir) })
}

/**
 * The bytes of `fixtures/<file>` for the fixture `name`: a name that could reach outside the
 * folder or a file over 64 MiB is `invalid_request`, a missing file `not_found`, each with
 * `details`.
 */
async function readFixture(
  dir: string,
  name: string,
  file: string,
  what: string,
  details: Record<string, string>,
): Promise<Buffer> {
  if (!NAME.test(name)) throw new ApiError('invalid_request', `invalid fixture name ${name}`)
  try {
    if ((await stat(`${dir}/${file}`)).size > FIXTURE_BYTES_MAX)
      throw new ApiError('invalid_request', `fixtures/${file} is larger than 64 MiB`, details)
    return await readFile(`${dir}/${file}`)
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw new ApiError('not_found', `no ${what} named ${name} in fixtures/ (${file})`, details)
  }
}

/**
 * `fixtures/<name>.accounts.json`: a JSON array of accounts, checked with the schema configure's
 * inline `accounts` has. Refusals mirror the replay fixtures': a bad name or an invalid file is
 * `invalid_request`, a missing file `not_found`, each with `details.fixture`.
 */
export function accountsFixtureLoader(dir: string = FIXTURES_DIR): AccountsFixtureLoader {
  return async (name) => {
    const file = `${name}.accounts.json`
    const text = (
      await readFixture(dir, name, file, 'accounts fixture', { fixture: name })
    ).toString('utf8')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new ApiError(
        'invalid_request',
        `fixtures/${file} is not valid JSON: ${(error as Error).message}`,
        { fixture: name },
      )
    }
    const parsed = AccountsList.safeParse(json)
    if (!parsed.success) {
      throw new ApiError(
        'invalid_request',
        `fixtures/${file} does not match the accounts schema (a JSON array of accounts as configure takes them)`,
        { fixture: name, issues: parsed.error.issues },
      )
    }
    return parsed.data
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
