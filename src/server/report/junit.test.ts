/**
 * The JUnit XML parses (fast-xml-parser, as a CI system's reader would), and carries one test
 * case per verification and per built-in check, with the failures and their messages intact.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { Verification } from '../../api/schemas/verification.js'
import { advance, flatWorld, submit } from '../../../test/support/sim-world.js'
import { buildReport } from './build-report.js'
import { renderJunit } from './junit.js'

const NASTY = 'a <b> & "c" \'d\'\u0001\uD800 😀\nsecond line'
const CLEANED = 'a <b> & "c" \'d\'\uFFFD\uFFFD 😀\nsecond line'

function verification(overrides: Partial<Verification>): Verification {
  return {
    id: 'ver-000001',
    name: 'order filled in time',
    suite: 'orders.test.ts',
    ok: true,
    message: null,
    details: null,
    time: '2026-01-05T14:30:00.000Z',
    seq: 1,
    ...overrides,
  }
}

function junit(verifications: Verification[], options: { firstRetainedSeq?: number } = {}) {
  const sim = flatWorld()
  submit(sim, { qty: '10' })
  advance(sim, 1000)
  const report = buildReport(sim, { verifications, dropped: 0 })
  if (options.firstRetainedSeq !== undefined) {
    report.timeline.firstRetainedSeq = options.firstRetainedSeq
    report.checks[0] = { ...report.checks[0]!, status: 'failed', message: 'forgotten' }
  }
  return renderJunit(report)
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Decodes character references such as &#10; (a line break in an attribute).
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
})

function parse(xml: string): any {
  expect(XMLValidator.validate(xml)).toBe(true)
  return parser.parse(xml).testsuites
}

describe('renderJunit', () => {
  it('is a testsuites document with a suite of verifications and one of checks', () => {
    const doc = parse(
      junit([
        verification({}),
        verification({ id: 'ver-000002', name: 'no rejects', ok: false, message: 'one rejected' }),
      ]),
    )
    expect(doc).toMatchObject({ tests: '11', failures: '1', errors: '0', skipped: '0' })
    const [verifications, checks] = doc.testsuite
    expect(verifications).toMatchObject({
      name: 'mock-broker verifications',
      tests: '2',
      failures: '1',
    })
    expect(checks).toMatchObject({ name: 'mock-broker checks', tests: '9', failures: '0' })
    expect(verifications.testcase.map((t: any) => [t.classname, t.name, t.time])).toEqual([
      ['orders.test.ts', 'order filled in time', '0'],
      ['orders.test.ts', 'no rejects', '0'],
    ])
    expect(verifications.testcase[1].failure).toMatchObject({
      message: 'one rejected',
      '#text': 'one rejected',
    })
    expect(checks.testcase.map((t: any) => t.name)).toEqual([
      'journal holds the whole timeline',
      'every fill is within its order limit price',
      'every order matches its fills (quantity and average price)',
      'every order is acknowledged within the venue latency',
      'account DEMO: cash + market value equals equity',
      'account DEMO: cash equals starting cash plus the fills, less commissions',
      'account DEMO: commissions paid equal the commissions of the fills',
      'account DEMO: positions equal the starting positions plus the fills',
      'account DEMO: equity change equals realized + unrealized P&L − commissions',
    ])
    expect(checks.testcase[4].classname).toBe('mock-broker.account.DEMO')
    expect(checks.testcase[0].classname).toBe('mock-broker.world')
  })

  it('names the scenario, seed and journal position as properties', () => {
    const [suite] = parse(junit([])).testsuite
    const props = Object.fromEntries(suite.properties.property.map((p: any) => [p.name, p.value]))
    expect(props).toMatchObject({
      scenario: 'default',
      seed: '7',
      epoch: '1',
      'journal.complete': 'true',
      'virtual.start': '2026-01-05T14:30:00.000Z',
      'virtual.end': '2026-01-05T14:30:01.000Z',
    })
  })

  it('reports a failed check as a failure with its message', () => {
    const [, checks] = parse(junit([], { firstRetainedSeq: 9 })).testsuite
    expect(checks.failures).toBe('1')
    expect(checks.testcase[0].failure).toMatchObject({ message: 'forgotten' })
  })

  it('escapes what XML cannot carry as it is, and replaces what it cannot carry at all', () => {
    const xml = junit([
      verification({
        name: NASTY,
        suite: NASTY,
        ok: false,
        message: NASTY,
        details: { why: NASTY },
      }),
    ])
    const [verifications] = parse(xml).testsuite
    const [testcase] = verifications.testcase
    expect(testcase.name).toBe(CLEANED)
    expect(testcase.classname).toBe(CLEANED)
    expect(testcase.failure.message).toBe(CLEANED)
    expect(testcase.failure['#text']).toContain('second line\n{\n  "why": ')
    expect(xml.includes('\u0001') || xml.includes('\uD800')).toBe(false)
  })
})
