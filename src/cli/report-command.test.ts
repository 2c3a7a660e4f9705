/**
 * `mock-broker report` against a real server: the file it writes, the format it picks, and the
 * exit codes and messages of usage errors (2) and failed fetches (1).
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startMockBroker, type MockBroker } from '../testing/index.js'
import { parseReportOptions, runReportCommand } from './report-command.js'

const DIR = mkdtempSync(join(tmpdir(), 'report-command-'))
let broker: MockBroker
let guarded: MockBroker

beforeAll(async () => {
  broker = await startMockBroker({ config: { seed: 3 } })
  guarded = await startMockBroker({ config: { seed: 3 }, controlToken: 'secret' })
})

afterAll(async () => {
  await broker.close()
  await guarded.close()
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** Runs the command, capturing what it prints. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')))
  const code = await runReportCommand(argv, env)
  vi.restoreAllMocks()
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('parseReportOptions', () => {
  const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseReportOptions(argv, env)

  it('takes the format from --format, else from the extension, else html', () => {
    const url = ['--url', 'http://localhost:4100']
    expect(parse([...url, '--out', 'r.json'])).toMatchObject({ format: 'json' })
    expect(parse([...url, '--out', 'r.XML'])).toMatchObject({ format: 'junit' })
    expect(parse([...url, '--out', 'r.htm'])).toMatchObject({ format: 'html' })
    expect(parse([...url, '--out', 'report'])).toMatchObject({ format: 'html' })
    expect(parse([...url, '--out', 'r.txt', '--format', 'junit'])).toMatchObject({
      format: 'junit',
    })
  })

  it('takes the URL from MOCK_BROKER_URL when --url is missing', () => {
    const options = parse(['--out', 'r.html'], { MOCK_BROKER_URL: 'http://broker:4100' })
    expect(options).toMatchObject({ url: new URL('http://broker:4100') })
  })
})

describe('runReportCommand', () => {
  it('writes the HTML report to the file', async () => {
    const file = join(DIR, 'report.html')
    const { code, out } = await run(['--url', broker.url, '--out', file])
    expect(code).toBe(0)
    expect(out).toContain(`wrote ${file} (html,`)
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>[\s\S]*seed 3/)
  })

  it('writes JSON and JUnit by extension, and keeps a path prefix of the URL', async () => {
    expect((await run(['--url', `${broker.url}/`, '--out', join(DIR, 'r.json')])).code).toBe(0)
    expect(JSON.parse(readFileSync(join(DIR, 'r.json'), 'utf8')).seed).toBe(3)
    expect((await run(['--url', broker.url, '--out', join(DIR, 'r.xml')])).code).toBe(0)
    expect(readFileSync(join(DIR, 'r.xml'), 'utf8')).toContain('<testsuites ')
    // A prefix the server does not serve: the 404 shows it was kept.
    const prefixed = await run(['--url', `${broker.url}/broker`, '--out', join(DIR, 'p.json')])
    expect(prefixed.err).toContain(`GET ${broker.url}/broker/mock/report?format=json answered 404`)
  })

  it('exits 2 with the usage on a usage error', async () => {
    for (const argv of [
      ['--url', broker.url],
      ['--out', 'x.html'],
      ['--url', 'localhost:4100', '--out', 'x.html'],
      ['--url', broker.url, '--out', 'x.html', '--format', 'pdf'],
      ['--url', broker.url, '--out', 'x.html', '--verbose'],
    ]) {
      const { code, err } = await run(argv)
      expect(code, argv.join(' ')).toBe(2)
      expect(err).toMatch(/^mock-broker report: .+\n\nUsage: mock-broker report /)
    }
    expect((await run(['--url', broker.url, '--out', 'x.html', '--format', 'pdf'])).err).toContain(
      '--format must be html, json or junit, was pdf',
    )
    expect(existsSync('x.html')).toBe(false)
  })

  it('prints the help and exits 0 with --help', async () => {
    const { code, out } = await run(['--help'])
    expect(code).toBe(0)
    expect(out).toMatch(/^Usage: mock-broker report --url URL --out FILE/)
  })

  it('exits 1 with the status and error message when the server refuses', async () => {
    const file = join(DIR, 'refused.html')
    const { code, err } = await run(['--url', guarded.url, '--out', file])
    expect(code).toBe(1)
    expect(err).toMatch(/answered 401: unauthorized: /)
    expect(existsSync(file)).toBe(false)
    const allowed = await run(['--url', guarded.url, '--out', file], {
      MOCK_CONTROL_TOKEN: 'secret',
    })
    expect(allowed.code).toBe(0)
  })

  it('exits 1 when nothing answers, or the file cannot be written', async () => {
    const closed = await startMockBroker()
    await closed.close()
    const unreachable = await run(['--url', closed.url, '--out', join(DIR, 'x.html')])
    expect(unreachable.code).toBe(1)
    expect(unreachable.err).toContain(`could not fetch ${closed.url}/mock/report?format=html`)
    const unwritable = await run([
      '--url',
      broker.url,
      '--out',
      join(DIR, 'no', 'such', 'dir.html'),
    ])
    expect(unwritable.code).toBe(1)
    expect(unwritable.err).toMatch(/could not write .*dir\.html: ENOENT/)
  })
})
