/**
 * `accounts: { fixture }` over a real port: the shipped `two-desks` file configures two accounts
 * with starting positions; a missing file is `404 not_found`, a file that is not valid accounts
 * JSON and a name that could leave `fixtures/` are `400 invalid_request`, and a refusal changes
 * nothing.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FIXTURES_DIR } from '../../src/server/fixtures.js'
import { FLAT_WORLD, expectRefused, startClient, type Client } from '../support/broker.js'

/** The shipped file, plus broken ones, in a folder of their own. */
const DIR = mkdtempSync(join(tmpdir(), 'e2e-accounts-fixtures-'))
copyFileSync(join(FIXTURES_DIR, 'two-desks.accounts.json'), join(DIR, 'two-desks.accounts.json'))
writeFileSync(join(DIR, 'truncated.accounts.json'), '[{ "id": "A", "cash": ')
writeFileSync(join(DIR, 'no-cash.accounts.json'), JSON.stringify([{ id: 'A' }]))
writeFileSync(
  join(DIR, 'elsewhere.accounts.json'),
  JSON.stringify([
    { id: 'A', cash: '1000', positions: [{ symbol: 'NVDA', qty: '1', avgEntryPrice: '120' }] },
  ]),
)

const DESKS = { symbols: ['AAPL', 'MSFT'], accounts: { fixture: 'two-desks' } }

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD, { fixturesDir: DIR })
})

afterAll(async () => {
  await client.close()
})

it('configures the accounts of a fixture, starting positions and all', async () => {
  await client.configure(DESKS)
  const accounts = (await client.get('/v1/accounts')).body
  // retail-desk has an apiKey, so only equities-desk is listed without one.
  expect(accounts.map((a: any) => a.id)).toEqual(['equities-desk'])
  const positions = (await client.get('/v1/accounts/equities-desk/positions')).body
  expect(positions.map((p: any) => [p.symbol, p.qty, p.avgEntryPrice])).toEqual([
    ['AAPL', '300', '185.4'],
    ['MSFT', '-50', '425.1'],
  ])
  const retail = await client.get('/v1/accounts/retail-desk', {
    Authorization: 'Bearer retail-desk-key',
  })
  expect(retail.status).toBe(200)
  expect(retail.body).toMatchObject({ id: 'retail-desk', cash: '50000' })
  const { config } = (await client.get('/mock/state')).body
  expect(config.accounts.map((a: any) => [a.id, a.leverage, a.allowShort])).toEqual([
    ['equities-desk', 2, true],
    ['retail-desk', 1, false],
  ])
})

it('loads a fixture named by a scenario, and keeps it through a reset', async () => {
  await client.configure({ scenario: { name: 'desks', ...DESKS } })
  expect((await client.post('/mock/reset')).status).toBe(200)
  const { config } = (await client.get('/mock/state')).body
  expect(config.scenario).toBe('desks')
  expect(config.accounts.map((a: any) => a.id)).toEqual(['equities-desk', 'retail-desk'])
})

it('answers 404 not_found for a fixture that does not exist', async () => {
  await client.configure(FLAT_WORLD)
  const res = await expectRefused(
    client,
    () => client.post('/mock/configure', { accounts: { fixture: 'no-such-desks' } }),
    404,
    'not_found',
  )
  expect(res.body.error.message).toContain('no-such-desks.accounts.json')
  expect(res.body.error.details).toEqual({ fixture: 'no-such-desks' })
})

it('answers 400 invalid_request for a file that is not valid accounts JSON', async () => {
  await client.configure(FLAT_WORLD)
  for (const fixture of ['truncated', 'no-cash']) {
    const res = await expectRefused(
      client,
      () => client.post('/mock/configure', { accounts: { fixture } }),
      400,
      'invalid_request',
    )
    expect(res.body.error.message).toContain(`${fixture}.accounts.json`)
    expect(res.body.error.details.fixture).toBe(fixture)
  }
})

it('answers 400 invalid_request for starting positions in symbols the world does not have', async () => {
  await client.configure(FLAT_WORLD)
  const res = await expectRefused(
    client,
    () => client.post('/mock/configure', { ...FLAT_WORLD, accounts: { fixture: 'elsewhere' } }),
    400,
    'invalid_request',
  )
  expect(res.body.error.details.path).toBe('accounts[0].positions[0].symbol')
})

it('answers 400 invalid_request for a name that could leave fixtures/', async () => {
  await client.configure(FLAT_WORLD)
  for (const fixture of ['../scenarios/normal', '../../etc/passwd', 'two-desks.accounts', '']) {
    await expectRefused(
      client,
      () => client.post('/mock/configure', { accounts: { fixture } }),
      400,
      'invalid_request',
    )
  }
  await expectRefused(
    client,
    () => client.post('/mock/configure', { accounts: { fixture: 'two-desks', extra: true } }),
    400,
    'invalid_request',
  )
})
