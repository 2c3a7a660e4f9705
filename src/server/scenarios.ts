/**
 * Scenarios: named JSON files in `scenarios/` (or inline objects) holding configure keys. The
 * shell reads and validates them; the core merges them (explicit keys win). Names are checked by
 * the schema (letters, digits, `_`, `-`), so a name can never reach outside the folder.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ApiError, ScenarioObject, type ConfigureRequest } from '../api/index.js'
import type { ConfigBody, ConfigInput } from '../sim/index.js'

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

export async function toConfigInput(
  request: ConfigureRequest,
  load: (name: string) => Promise<unknown>,
): Promise<ConfigInput> {
  const { scenario, ...body } = request
  if (scenario === undefined) return body as ConfigBody
  if (typeof scenario !== 'string') {
    const { name, description: _description, ...scenarioBody } = scenario
    return {
      ...(body as ConfigBody),
      scenario: { name: name ?? 'inline', body: scenarioBody as ConfigBody },
    }
  }
  const parsed = ScenarioObject.safeParse(await load(scenario))
  if (!parsed.success) {
    throw new ApiError(
      'invalid_request',
      `scenario ${scenario} does not match the scenario schema`,
      { scenario, issues: parsed.error.issues },
    )
  }
  const { name: _name, description: _description, ...scenarioBody } = parsed.data
  return { ...(body as ConfigBody), scenario: { name: scenario, body: scenarioBody as ConfigBody } }
}
