/**
 * Mechanical checks of the core's determinism rules (DESIGN.md, STYLE.md example 7): inside
 * src/sim nothing reads the wall clock, draws unseeded randomness, uses timers, awaits, or imports
 * the shell. A line may opt out only with a `sim-ok: <reason>` comment.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SIM = join(ROOT, 'src/sim')

const SIM_BANS: ReadonlyArray<[banned: RegExp, useInstead: string]> = [
  [/\bDate\.now\(|\bnew Date\(\s*\)/, 'the virtual clock: world.nowMs'],
  [/\bperformance\.now\(/, 'the virtual clock: world.nowMs'],
  [/\bMath\.random\(/, 'a named stream: world.streams.get(name)'],
  [/\bcrypto\.randomUUID\(|\bgetRandomValues\(/, 'the id generator: world.ids.next(kind)'],
  [
    /\bsetTimeout\(|\bsetInterval\(|\bsetImmediate\(|\bqueueMicrotask\(/,
    'a scheduler timer: world.schedule(dueAtMs, timer)',
  ],
  [/\basync\b|\bawait\b/, 'a synchronous step: the shell awaits, the core never does'],
  [
    /from\s+['"](\.\.\/)+(server|api|client|cli|testing)\b/,
    'a port declared in sim/, implemented by the shell',
  ],
  [
    /from\s+['"](node:|fs|net|http|hono|@hono|socket\.io|prom-client|zod)/,
    'nothing: the core does no I/O and knows no wire format',
  ],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

function violations(text: string, file: string): string[] {
  const out: string[] = []
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '')
    if (line.includes('sim-ok:')) return
    for (const [banned, useInstead] of SIM_BANS) {
      if (banned.test(code)) out.push(`${file}:${i + 1}: use ${useInstead} (${line.trim()})`)
    }
  })
  return out
}

describe('the core (src/sim)', () => {
  it('has source files to check', () => {
    expect(sourceFiles(SIM).length).toBeGreaterThan(20)
  })

  it('uses no wall clock, unseeded randomness, timers, async or shell imports', () => {
    const found = sourceFiles(SIM).flatMap((path) =>
      violations(readFileSync(path, 'utf8'), relative(ROOT, path)),
    )
    expect(found).toEqual([])
  })

  it('is caught by the checks when it breaks a rule', () => {
    const bad = [
      'const t = Date.now()',
      'const d = new Date()',
      'const r = Math.random()',
      'setTimeout(() => {}, 1)',
      'async function f() {}',
      "import { x } from '../../server/app.js'",
      "import { readFileSync } from 'node:fs'",
    ]
    for (const line of bad) expect(violations(line, 'x.ts'), line).toHaveLength(1)
    expect(violations('const d = new Date(ms).toISOString()', 'x.ts')).toEqual([])
    expect(violations('const t = Date.now() // sim-ok: test fixture', 'x.ts')).toEqual([])
  })
})

describe('the core tsconfig', () => {
  it('compiles src/sim with ECMAScript only: no Node or DOM types', () => {
    const text = readFileSync(join(SIM, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')
    const { compilerOptions } = JSON.parse(text) as {
      compilerOptions: { lib: string[]; types: string[] }
    }
    expect(compilerOptions.lib).toEqual(['ES2022'])
    expect(compilerOptions.types).toEqual([])
  })
})
