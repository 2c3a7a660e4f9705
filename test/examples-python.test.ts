/**
 * examples/python/place_order.py runs as printed, against a broker started here: the HTTP contract
 * is language-neutral (standard-library Python configures a manual-clock world, places an order,
 * advances the clock and reads the fill). Skipped, saying why, where python3 is not on the PATH.
 */
import { execFile, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockBroker, type MockBroker } from '../src/testing/index.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SCRIPT = 'examples/python/place_order.py'
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0
const SKIP_NOTE = HAS_PYTHON ? '' : ' (SKIPPED: python3 is not on the PATH)'
if (!HAS_PYTHON) console.warn(`examples-python: skipped, python3 is not on the PATH`)

/** Runs the script without blocking this process's event loop: the broker answers from it. */
async function runScript(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('python3', [SCRIPT, ...args], {
      cwd: ROOT,
      timeout: 15_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error: any) {
    if (typeof error.code !== 'number') throw error
    return { code: error.code, stdout: error.stdout, stderr: error.stderr }
  }
}

describe.skipIf(!HAS_PYTHON)(`${SCRIPT}${SKIP_NOTE}`, () => {
  let broker: MockBroker

  beforeAll(async () => {
    broker = await startMockBroker({ port: 0 })
  })

  afterAll(async () => {
    await broker?.close()
  })

  it('places an order, advances the clock, prints the fill and exits 0', async () => {
    const { code, stdout, stderr } = await runScript(['--url', broker.url])
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/^order ord-\S+ buy 10 AAPL: pending_new$/m)
    expect(stdout).toMatch(/: order is filled$/m)
    expect(stdout).toMatch(/^fill fill-\S+: buy \d+ AAPL @ \d+(\.\d+)? /m)
    expect(stdout).toMatch(/^filled 10 of 10 at avg \d+(\.\d+)?$/m)

    // What it printed is what the broker holds.
    const fills = (await (await fetch(`${broker.url}/v1/accounts/DEMO/fills`)).json()) as any[]
    expect(fills.length).toBeGreaterThan(0)
    for (const fill of fills)
      expect(stdout).toContain(`fill ${fill.id}: buy ${fill.qty} AAPL @ ${fill.price}`)
  })

  it('is deterministic: the same seed prints the same fill', async () => {
    const first = await runScript(['--url', broker.url, '--seed', '11'])
    const second = await runScript(['--url', broker.url, '--seed', '11'])
    expect(first.code, first.stderr).toBe(0)
    expect(second.stdout).toBe(first.stdout)
  })

  it("exits non-zero with the error body's code when the broker refuses", async () => {
    const { code, stdout, stderr } = await runScript(['--url', broker.url, '--qty', '0'])
    expect(code).not.toBe(0)
    expect(stdout).toMatch(/^code: invalid_order$/m)
    expect(stderr).toMatch(/422 invalid_order/)
  })
})
