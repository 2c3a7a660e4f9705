/**
 * Scenarios: named JSON files in `scenarios/` (or inline objects) holding configure keys. The
 * shell reads and validates them; the core merges them (explicit keys win). Names are checked by
 * the schema (letters, digits, `_`, `-`), so a name can never reach outside the folder.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ApiError, ScenarioObject, type ConfigureRequest } from '../api/index.js'
import { DEFAULT_SEED, type ConfigBody, type ConfigInput } from '../sim/index.js'
import {
  accountsFixtureLoader,
  fixtureLoader,
  fixtureSource,
  type AccountsFixtureLoader,
  type FixtureLoader,
} from './fixtures.js'
import { generateInstruments } from './generate-instruments.js'

/** The keys a configure body and a scenario share, as the wire schema parses them. */
type ConfigKeys = Omit<ScenarioObject, 'name' | 'description'>

/** `scenarios/` of this package: the same relative place from src/server and dist/server. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url))

export function scenarioLoader(dir: string = SCENARIOS_DIR): (name: string) => Promise<unknown> {
  return async (name) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
      throw new ApiError('invalid_request', `invalid scenario name ${name}`)
    let text: string
    try {
      text = await readFile(`${dir}/${name}.json`, 'utf8')
    } catch {
      throw new ApiError('not_found', `no scenario named ${name} in scenarios/`, { scenario: name })
    }
    try {
      return JSON.parse(text)
    } catch (error) {
      throw new ApiError(
        'invalid_request',
        `scenario ${name} is not valid JSON: ${(error as Error).message}`,
        { scenario: name },
      )
    }
  }
}

/**
 * The core's input for a configure body: a named scenario loaded and validated,
 * `symbols: { generate: N }` (explicit or the scenario's) expanded into seeded instruments with
 * the seed the world will have (explicit, else the scenario's, else the default), the fixture
 * `marketConfig.source` names (explicit or the scenario's) read from `fixtures/`, and
 * `accounts: { fixture }` replaced by the accounts of that file (only the one in effect: a
 * scenario's is not read when the body has its own `accounts`).
 */
export async function toConfigInput(
  request: ConfigureRequest,
  load: (name: string) => Promise<unknown>,
  loadFixture: FixtureLoader = fixtureLoader(),
): Promise<ConfigInput> {
  const { scenario, ...explicit } = request
  const object = typeof scenario === 'string' ? await loadScenario(scenario, load) : scenario
  const { name, description: _description, ...scenarioBody } = object ?? {}
  const seed = explicit.seed ?? scenarioBody.seed ?? DEFAULT_SEED
  const source = fixtureSource(explicit, scenarioBody)
  const fixture = source === null ? {} : { fixture: await loadFixture(source) }
  const loadAccounts = loadFixture.accounts ?? accountsFixtureLoader()
  const body = { ...(await expandBody(explicit, seed, loadAccounts)), ...fixture }
  if (scenario === undefined) return body
  const scenarioName = typeof scenario === 'string' ? scenario : (name ?? 'inline')
  // Explicit accounts replace the scenario's as a whole: its fixture is not even read.
  const { accounts: _replaced, ...scenarioRest } = scenarioBody
  const effective = explicit.accounts === undefined ? scenarioBody : scenarioRest
  return {
    ...body,
    scenario: { name: scenarioName, body: await expandBody(effective, seed, loadAccounts) },
  }
}

async function loadScenario(
  scenario: string,
  load: (name: string) => Promise<unknown>,
): Promise<ScenarioObject> {
  const parsed = ScenarioObject.safeParse(await load(scenario))
  if (!parsed.success) {
    throw new ApiError(
      'invalid_request',
      `scenario ${scenario} does not match the scenario schema`,
      { scenario, issues: parsed.error.issues },
    )
  }
  return parsed.data
}

/** The configure keys with `accounts: { fixture }` replaced by the accounts of that file. */
async function expandBody(
  keys: ConfigKeys,
  seed: number,
  loadAccounts: AccountsFixtureLoader,
): Promise<ConfigBody> {
  const { accounts, ...rest } = keys
  const body = await expandSymbols(rest, seed)
  if (accounts === undefined) return body
  return {
    ...body,
    accounts: Array.isArray(accounts) ? accounts : await loadAccounts(accounts.fixture),
  }
}

/** The configure keys with `{ generate: N }` replaced by the instruments it stands for. */
async function expandSymbols(body: ConfigKeys, seed: number): Promise<ConfigBody> {
  const { symbols, ...rest } = body
  if (symbols === undefined || Array.isArray(symbols)) return body as ConfigBody
  return { ...(rest as ConfigBody), symbols: await generateInstruments(symbols.generate, seed) }
}
