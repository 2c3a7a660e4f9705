/**
 * Accounts fixtures (`accounts: { fixture }`, `fixtures/<name>.accounts.json`): loaded and checked
 * with configure's accounts schema, refused with stable codes, read from the folder the fixture
 * loader was given, and replaced by the accounts they hold before the core sees the body,
 * explicit keys or a scenario's alike.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError, ConfigureRequest, type ConfigureRequestInput } from '../api/index.js'
import { configureSimulation } from '../sim/index.js'
import { unwrap } from './api-error.js'
import { accountsFixtureLoader, fixtureLoader } from './fixtures.js'
import { scenarioLoader, toConfigInput } from './scenarios.js'

async function refusalOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-fixtures-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const input = (body: ConfigureRequestInput, dir?: string) =>
  toConfigInput(ConfigureRequest.parse(body), scenarioLoader(), fixtureLoader(dir))

describe('the shipped two-desks accounts', () => {
  it('load as two accounts, one holding AAPL and MSFT, and configure a world', async () => {
    const accounts = await accountsFixtureLoader()('two-desks')
    expect(accounts.map((a) => a.id)).toEqual(['equities-desk', 'retail-desk'])
    expect(accounts[0]?.positions?.map((p) => p.symbol)).toEqual(['AAPL', 'MSFT'])
    for (const body of [{}, { scenario: 'demo' }]) {
      const sim = unwrap(
        configureSimulation(await input({ ...body, accounts: { fixture: 'two-desks' } }), 1),
      )
      expect(sim.accountIds()).toEqual(['equities-desk', 'retail-desk'])
      expect(unwrap(sim.positions('equities-desk')).map((p) => [p.symbol, p.qty])).toEqual([
        ['AAPL', '300'],
        ['MSFT', '-50'],
      ])
      expect(sim.accountApiKey('retail-desk')).toBe('retail-desk-key')
    }
  })
})

describe('accountsFixtureLoader', () => {
  const dir = folderWith({
    'good.accounts.json': JSON.stringify([{ id: 'A', cash: 1000, leverage: 2 }]),
    'not-json.accounts.json': '[{ "id": "A", ',
    'no-cash.accounts.json': JSON.stringify([{ id: 'A' }]),
    'twice.accounts.json': JSON.stringify([
      { id: 'A', cash: '1' },
      { id: 'A', cash: '2' },
    ]),
    'not-a-list.accounts.json': JSON.stringify({ id: 'A', cash: '1' }),
    'unknown-key.accounts.json': JSON.stringify([{ id: 'A', cash: '1', colour: 'red' }]),
  })
  const load = accountsFixtureLoader(dir)

  it('parses a file like inline accounts (decimals normalised)', async () => {
    expect(await load('good')).toEqual([{ id: 'A', cash: '1000', leverage: 2 }])
  })

  it('answers not_found for a missing file, naming it', async () => {
    const error = await refusalOf(load('absent'))
    expect(error.code).toBe('not_found')
    expect(error.status).toBe(404)
    expect(error.message).toContain('absent.accounts.json')
    expect(error.details).toEqual({ fixture: 'absent' })
  })

  it('answers invalid_request for a file that is not JSON', async () => {
    const error = await refusalOf(load('not-json'))
    expect(error.code).toBe('invalid_request')
    expect(error.message).toMatch(/not-json\.accounts\.json is not valid JSON/)
    expect(error.details).toEqual({ fixture: 'not-json' })
  })

  it('answers invalid_request with the issues for a file the accounts schema refuses', async () => {
    for (const name of ['no-cash', 'twice', 'not-a-list', 'unknown-key']) {
      const error = await refusalOf(load(name))
      expect(error.code, name).toBe('invalid_request')
      expect(error.message).toContain(`${name}.accounts.json does not match the accounts schema`)
      expect(error.details.fixture).toBe(name)
      expect((error.details.issues as unknown[]).length).toBeGreaterThan(0)
    }
  })

  it('refuses a name that could leave the folder', async () => {
    for (const name of ['../scenarios/normal', 'a/b', '..', '']) {
      expect((await refusalOf(load(name))).code, name).toBe('invalid_request')
    }
  })

  it('is what fixtureLoader(dir) uses, so a custom fixtures folder holds accounts too', async () => {
    const config = await input({ accounts: { fixture: 'good' } }, dir)
    expect(config.accounts).toEqual([{ id: 'A', cash: '1000', leverage: 2 }])
    expect((await refusalOf(input({ accounts: { fixture: 'two-desks' } }, dir))).code).toBe(
      'not_found',
    )
  })
})

describe('toConfigInput with an accounts fixture', () => {
  it("replaces a scenario's accounts fixture too", async () => {
    const config = await input({
      scenario: { name: 'desks', accounts: { fixture: 'two-desks' } },
    })
    expect(config.scenario?.body.accounts?.map((a) => a.id)).toEqual([
      'equities-desk',
      'retail-desk',
    ])
  })

  it("does not read a scenario's fixture that explicit accounts replace", async () => {
    const config = await input({
      scenario: { name: 'desks', accounts: { fixture: 'no-such-accounts' } },
      accounts: [{ id: 'solo', cash: '5' }],
    })
    const sim = unwrap(configureSimulation(config, 1))
    expect(sim.accountIds()).toEqual(['solo'])
  })

  it('lets explicit inline accounts and explicit fixtures replace each other', async () => {
    const config = await input({
      scenario: { name: 'inline', accounts: [{ id: 'from-scenario', cash: '1' }] },
      accounts: { fixture: 'two-desks' },
    })
    expect(unwrap(configureSimulation(config, 1)).accountIds()).toEqual([
      'equities-desk',
      'retail-desk',
    ])
  })
})
