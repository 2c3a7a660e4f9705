/**
 * The README works as printed: `npm start` (run for real, on a free port) serves the demo world,
 * every command of the tour succeeds against it, and the error example answers the code shown.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const README = readFileSync(`${ROOT}/README.md`, 'utf8')

/** The shell commands of the first bash block after a heading, continuation lines joined. */
function commandsAfter(heading: string, nth = 0): string[] {
  const section = README.slice(README.indexOf(heading))
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)]
  const block = blocks[nth]?.[1] ?? ''
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('curl '))
}

function run(command: string, url: string): string {
  const args = command.replace(/localhost:4100/g, url.replace('http://', '')).slice('curl '.length)
  return execFileSync('bash', ['-c', `curl --fail-with-body ${args}`], { encoding: 'utf8' })
}

let server: ChildProcess
let url = ''

beforeAll(async () => {
  server = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // Keep reading stdout (request logs) for the whole run: a full pipe would block the server.
  url = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    server.once('exit', () => reject(new Error(`npm start did not start the server: ${output}`)))
  })
}, 60_000)

afterAll(() => {
  if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
})

describe('README', () => {
  it('starts with the two commands a new user needs', () => {
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(README)?.[1] ?? ''
    expect(firstBlock).toMatch(/^npm install && npm start/m)
    expect(firstBlock).toMatch(/^npm test/m)
  })

  it('serves the demo world from npm start, with a realtime clock', () => {
    const clock = JSON.parse(run('curl -s localhost:4100/v1/clock', url)) as { mode: string }
    expect(clock.mode).toBe('realtime')
    const state = JSON.parse(run('curl -s localhost:4100/mock/state', url)) as {
      config: { scenario: string }
    }
    expect(state.config.scenario).toBe('demo')
  })

  it('runs every command of the tour successfully, answering JSON', () => {
    const commands = commandsAfter('## A five-minute tour')
    expect(commands.length).toBeGreaterThanOrEqual(15)
    for (const command of commands) {
      const output = run(command, url)
      expect(() => JSON.parse(output), command).not.toThrow()
    }
  })

  it('shows an error example whose code the server really answers', () => {
    const [command] = commandsAfter('Errors have one shape')
    const documented = /"code":"(\w+)"/.exec(
      README.slice(README.indexOf('Errors have one shape')),
    )?.[1]
    const args = (command ?? '')
      .replace(/localhost:4100/g, url.replace('http://', ''))
      .slice('curl '.length)
    const output = execFileSync('bash', ['-c', `curl ${args}`], { encoding: 'utf8' })
    expect(JSON.parse(output).error.code).toBe(documented)
  })

  it('streams as the Streaming example shows: order and fill events after a submit', async () => {
    const snippet = /## Streaming[\s\S]*?```ts\n([\s\S]*?)```/.exec(README)?.[1] ?? ''
    expect(snippet).toContain("emitWithAck('subscribe'")
    // A directory of its own whose node_modules is ours, so the snippet resolves socket.io-client.
    const dir = mkdtempSync(join(tmpdir(), 'readme-stream-'))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
    writeFileSync(join(dir, 'stream.mts'), snippet.replace('http://localhost:4100', url))
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['stream.mts'], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const until = async (text: string) => {
      for (let i = 0; i < 200 && !output.includes(text); i++)
        await new Promise((resolve) => setTimeout(resolve, 50))
      expect(output).toContain(text)
    }
    try {
      await until('subscribed at seq')
      run(
        `curl -s -X POST localhost:4100/v1/accounts/DEMO/orders -H 'Content-Type: application/json' -d '{"symbol":"AAPL","side":"buy","qty":"1","type":"market"}'`,
        url,
      )
      run(
        `curl -s -X POST localhost:4100/mock/advance -H 'Content-Type: application/json' -d '{"ms":1000}'`,
        url,
      )
      await until('fill.created filled')
      expect(output).toMatch(/\d+ order\.pending_new pending_new/)
    } finally {
      // tsx runs the script in a child of its own: end the whole group.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    }
  }, 20_000)

  it('runs the test-helper example of "Using it from a test suite" as printed', () => {
    const snippet =
      /## Using it from a test suite[\s\S]*?```ts\n([\s\S]*?)```/.exec(README)?.[1] ?? ''
    expect(snippet).toContain("from 'mock-broker/testing'")
    // The package's own source stands in for the installed package.
    const dir = mkdtempSync(join(tmpdir(), 'readme-helper-'))
    const source = snippet.replace(
      "'mock-broker/testing'",
      `'${join(ROOT, 'src/testing/index.ts')}'`,
    )
    writeFileSync(join(dir, 'helper.mts'), `${source}\nconsole.log('helper example done')\n`)
    try {
      const output = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['helper.mts'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(output).toContain('helper example done')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 40_000)
})
