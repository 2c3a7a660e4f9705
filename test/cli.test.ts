/**
 * The `mock-broker serve` command as a person or a container runs it: the built bin
 * (`dist/cli/main.js`, what the package and the image run) in a real process, with flags and
 * environment variables, the URL it prints, and a clean exit on SIGTERM. It runs the built file
 * because tsx's loader takes over SIGTERM; the build is incremental and done first.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { io } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = 'dist/cli/main.js'

beforeAll(() => {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], {
    cwd: ROOT,
  })
}, 120_000)

let child: ChildProcess | undefined

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

async function serve(args: string[], env: Record<string, string> = {}): Promise<string> {
  child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // Keep reading stdout (request logs) for the whole run: a full pipe would block the server.
  return new Promise<string>((resolve, reject) => {
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child!.once('exit', () => reject(new Error(`mock-broker did not start: ${output}`)))
  })
}

describe('mock-broker serve', () => {
  it('serves on the given port and seed, and exits 0 on SIGTERM', async () => {
    const url = await serve(['--port', '0', '--host', '127.0.0.1', '--seed', '9'])
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    const state = (await (await fetch(`${url}/mock/state`)).json()) as {
      config: { seed: number; clock: { mode: string } }
    }
    expect(state.config.seed).toBe(9)
    expect(state.config.clock.mode).toBe('manual')
    child!.kill('SIGTERM')
    const [code] = await once(child!, 'exit')
    expect(code).toBe(0)
  })

  it('takes its settings from environment variables', async () => {
    const url = await serve([], {
      PORT: '0',
      HOST: '127.0.0.1',
      MOCK_SEED: '11',
      MOCK_CLOCK: 'realtime',
      MOCK_SPEED: '0',
      MOCK_SCENARIO: 'normal',
    })
    const clock = (await (await fetch(`${url}/v1/clock`)).json()) as { mode: string; speed: number }
    expect(clock).toMatchObject({ mode: 'realtime', speed: 0 })
    const state = (await (await fetch(`${url}/mock/state`)).json()) as {
      config: { seed: number; scenario: string }
    }
    expect(state.config).toMatchObject({ seed: 11, scenario: 'normal' })
  })

  it('applies the limits of its flags and environment variables', async () => {
    const url = await serve(['--port', '0', '--host', '127.0.0.1', '--headers-timeout-ms', '200'], {
      MOCK_REQUEST_TIMEOUT_MS: '400',
      MOCK_MAX_STREAM_CONNECTIONS: '1',
    })
    // A connection that sends nothing is closed at the headers timeout.
    const { port } = new URL(url)
    const started = performance.now()
    const silent = net.connect(Number(port), '127.0.0.1')
    silent.on('error', () => {})
    await once(silent, 'close')
    expect(performance.now() - started).toBeLessThan(1_500)
    // One stream connection is let in, the next refused.
    const first = io(`${url}/v1`, { auth: { accountId: 'DEMO' }, transports: ['websocket'] })
    const second = io(`${url}/v1`, {
      auth: { accountId: 'DEMO' },
      transports: ['websocket'],
      forceNew: true,
    })
    try {
      await new Promise((resolve) => first.once('connect', () => resolve(undefined)))
      const refusal = await new Promise<Error & { data?: { code: string } }>((resolve) =>
        second.once('connect_error', resolve),
      )
      expect(refusal.data?.code).toBe('too_many_connections')
    } finally {
      first.disconnect()
      second.disconnect()
    }
  })

  it('refuses a bad flag with exit code 2 and the usage', async () => {
    child = spawn(process.execPath, [BIN, 'serve', '--clock', 'sometimes'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = await once(child, 'exit')
    expect(code).toBe(2)
    expect(stderr).toMatch(/--clock must be manual or realtime/)
    expect(stderr).toMatch(/Usage: mock-broker serve/)
  })
})

describe('mock-broker serve --state-dir', () => {
  const post = (url: string, path: string, body: unknown = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  const stateOf = async (url: string) => {
    const state = (await (await fetch(`${url}/mock/state`)).json()) as Record<string, unknown> & {
      journal: { seq: number; hash: string; epoch: number }
    }
    return { ...state, journal: { seq: state.journal.seq, hash: state.journal.hash } }
  }
  let dir = ''

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mock-broker-state-'))
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps snapshots across a SIGKILL and restores one at boot with --restore', async () => {
    const args = ['--port', '0', '--host', '127.0.0.1', '--seed', '5', '--state-dir', dir]
    const first = await serve(args)
    await post(first, '/v1/accounts/DEMO/orders', {
      symbol: 'AAPL',
      side: 'buy',
      qty: 7,
      type: 'limit',
      limitPrice: '1',
      timeInForce: 'gtc',
    })
    await post(first, '/mock/advance', { ms: 90_000 })
    const taken = await post(first, '/mock/snapshot', { name: 'mid-session' })
    expect(taken.status).toBe(201)
    const expected = await stateOf(first)
    await post(first, '/mock/advance', { ms: 90_000 })
    child!.kill('SIGKILL')
    await once(child!, 'exit')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])

    const second = await serve([...args, '--restore', 'mid-session'])
    expect(await stateOf(second)).toEqual(expected)
    const listed = (await (await fetch(`${second}/mock/snapshots`)).json()) as {
      snapshots: Array<{ name: string; persisted: boolean }>
      damaged: unknown[]
    }
    expect(listed.snapshots).toEqual([
      expect.objectContaining({ name: 'mid-session', persisted: true }),
    ])
    expect(listed.damaged).toEqual([])
  })

  it('refuses a truncated snapshot file with a clear message, and lists it as damaged', async () => {
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.snapshot.json'))
    const path = join(dir, file!)
    const text = readFileSync(path, 'utf8')
    writeFileSync(path, text.slice(0, Math.floor(text.length / 2)))

    child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--state-dir', dir, '--restore', 'mid-session'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = await once(child, 'exit')
    expect(code).toBe(1)
    expect(stderr).toMatch(/is damaged and was not loaded: not JSON \(truncated\?\)/)
    expect(stderr).toMatch(/cannot restore mid-session/)

    const url = await serve(['--port', '0', '--host', '127.0.0.1', '--state-dir', dir])
    const listed = (await (await fetch(`${url}/mock/snapshots`)).json()) as {
      snapshots: unknown[]
      damaged: Array<{ file: string; error: string }>
    }
    expect(listed.snapshots).toEqual([])
    expect(listed.damaged).toEqual([{ file, error: expect.stringMatching(/truncated/) }])
  })
})

describe('mock-broker serve: graceful shutdown', () => {
  it('on SIGTERM during a burst answers every request it took, exits 0 and writes its state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-broker-shutdown-'))
    try {
      const url = await serve(['--port', '0', '--host', '127.0.0.1', '--state-dir', dir])
      // Every order takes 200 ms to answer, so requests are in flight when the signal comes.
      const rule = await fetch(`${url}/mock/inject`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'fault',
          rule: { match: { operation: 'submitOrder' }, effect: { kind: 'latency', ms: 200 } },
        }),
      })
      expect(rule.status).toBe(201)
      // Each outcome: when the request was sent (before or after the signal), and its answer.
      const outcomes: string[] = []
      let signalled = false
      // Clients sending orders back to back on keep-alive connections, until refused.
      const client = async () => {
        for (let i = 0; i < 2_000; i++) {
          const sent = signalled ? 'after' : 'before'
          try {
            const res = await fetch(`${url}/v1/accounts/DEMO/orders`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                symbol: 'AAPL',
                side: 'buy',
                qty: 1,
                type: 'limit',
                limitPrice: '1',
              }),
            })
            await res.arrayBuffer()
            outcomes.push(`${sent}:${res.status}`)
          } catch (error) {
            const cause = (error as { cause?: { code?: string; message?: string } }).cause
            outcomes.push(`${sent}:${cause?.code ?? cause?.message ?? String(error)}`)
            return
          }
        }
      }
      const clients = Array.from({ length: 16 }, client)
      await new Promise((resolve) => setTimeout(resolve, 500))
      signalled = true
      const started = Date.now()
      child!.kill('SIGTERM')
      // An impatient second signal must not cut the shutdown short.
      setTimeout(() => child?.kill('SIGTERM'), 50)
      const [[code]] = await Promise.all([once(child!, 'exit'), Promise.all(clients)])
      expect(code).toBe(0)
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(outcomes.filter((o) => o.startsWith('before:')).length).toBeGreaterThanOrEqual(16)
      // Answers are 201; failures only ever connection-level, for requests it never took.
      const answered = outcomes.filter((o) => /:201$/.test(o)).length
      expect(outcomes.filter((o) => !/:(201|ECONNREFUSED|ECONNRESET)$/.test(o))).toEqual([])

      // The state it wrote on the way out: every order it took was answered 201 (a request it
      // took and then cut off would be an order here without an answer there).
      const [file] = readdirSync(dir).filter((f) => f.endsWith('.snapshot.json'))
      const saved = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as {
        summary: { name: string; seq: number }
        snapshot: { world: { orders: unknown[]; faultRules: Array<{ matched: number }> } }
      }
      expect(saved.summary.name).toBe('shutdown')
      // The latency rule counted every request that reached the broker.
      expect(saved.snapshot.world.faultRules[0]?.matched).toBe(answered)
      expect(saved.snapshot.world.orders.length).toBe(answered)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
