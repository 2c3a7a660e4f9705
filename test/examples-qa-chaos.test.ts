/**
 * examples/qa-chaos/run-failure-scenario.ts runs as its README says (tsx, --url, --out) against a
 * broker started here: it survives the `failure` scenario's injected faults, counts them, and
 * writes the HTML report. A few virtual minutes, Retry-After waits capped, so it stays fast.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockBroker, type MockBroker } from '../src/testing/index.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSX = join(ROOT, 'node_modules/.bin/tsx')
const SCRIPT = 'examples/qa-chaos/run-failure-scenario.ts'

/** Runs the script without blocking this process's event loop: the broker answers from it. */
async function runScript(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [SCRIPT, ...args], {
      cwd: ROOT,
      timeout: 18_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error: any) {
    if (typeof error.code !== 'number') throw error
    return { code: error.code, stdout: error.stdout, stderr: error.stderr }
  }
}

/** The integer after `label: ` on the summary's line that starts with it. */
function counted(stdout: string, label: string): number {
  const match = new RegExp(`^${label}: (\\d+)`, 'm').exec(stdout)
  expect(match, `no "${label}:" line in:\n${stdout}`).not.toBeNull()
  return Number(match![1])
}

describe(SCRIPT, () => {
  let broker: MockBroker
  let dir: string

  beforeAll(async () => {
    broker = await startMockBroker({ port: 0 })
    dir = mkdtempSync(join(tmpdir(), 'qa-chaos-'))
  })

  afterAll(async () => {
    await broker?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('runs the failure scenario, tolerates its faults, counts them and writes the HTML report', async () => {
    const out = join(dir, 'report.html')
    const args = ['--url', broker.url, '--out', out, '--minutes', '7', '--max-retry-wait-ms', '50']
    const { code, stdout, stderr } = await runScript(args)
    expect(code, `${stdout}\n${stderr}`).toBe(0)

    expect(existsSync(out)).toBe(true)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<svg')
    expect(html).toMatch(/failure/)

    expect(stdout).toMatch(/^failure scenario, seed 42: 7 virtual minutes/m)
    expect(counted(stdout, 'orders placed')).toBeGreaterThan(0)
    expect(counted(stdout, 'refused')).toBeGreaterThan(0)
    expect(counted(stdout, 'faults applied')).toBeGreaterThan(0)
    // The scenario's own trouble shows up by code: forced venue rejects and the TSLA halt at +6m.
    expect(stdout).toMatch(/^faults applied: .*reject=\d+/m)
    expect(stdout).toMatch(/^refused: .*market_halted=\d+/m)
    expect(stdout).toContain(`report: ${out}`)

    // The summary agrees with the broker's own report.
    const report = (await (await fetch(`${broker.url}/mock/report?format=json`)).json()) as any
    expect(report.scenario).toBe('failure')
    expect(counted(stdout, 'faults applied')).toBe(report.faults.total)
  }, 20_000)

  it('exits 2 with a usage line on a bad argument', async () => {
    const { code, stderr } = await runScript(['--url', broker.url, '--minutes', 'lots'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/--minutes must be an integer/)
    expect(stderr).toMatch(/^usage: /m)
  })
})
