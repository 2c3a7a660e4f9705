/**
 * The report as JUnit XML, the dialect CI systems read (Jenkins, GitLab, GitHub Actions
 * reporters): `<testsuites>` with two `<testsuite>`s, the verifications a test helper recorded and
 * the built-in checks, one `<testcase>` each, a `<failure>` where one failed and `<skipped>` where
 * a check could not decide. There are no wall-clock durations to report, so every `time` is 0; the
 * scenario, seed, journal position and virtual time span are `<property>`s of each suite.
 */
import type { Report, ReportCheck } from '../../api/schemas/report.js'
import type { Verification } from '../../api/schemas/verification.js'
import { escapeAttr, escapeText } from './escape.js'

interface TestCase {
  classname: string
  name: string
  failure: { message: string; body: string } | null
  skipped: string | null
}

export function renderJunit(report: Report): string {
  const suites = [
    suite('mock-broker verifications', report, report.verifications.list.map(verificationCase)),
    suite('mock-broker checks', report, report.checks.map(checkCase)),
  ]
  const tests = report.verifications.list.length + report.checks.length
  const failures =
    report.verifications.failed + report.checks.filter((c) => c.status === 'failed').length
  const skipped = report.checks.filter((c) => c.status === 'skipped').length
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mock-broker report" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}

function verificationCase(v: Verification): TestCase {
  const details = v.details === null ? '' : `\n${JSON.stringify(v.details, null, 2)}`
  const message = v.message ?? 'verification failed'
  return {
    classname: v.suite ?? 'mock-broker.verifications',
    name: v.name,
    failure: v.ok ? null : { message, body: `${message}${details}` },
    skipped: null,
  }
}

function checkCase(check: ReportCheck): TestCase {
  const message = check.message ?? ''
  return {
    classname:
      check.accountId === null ? 'mock-broker.world' : `mock-broker.account.${check.accountId}`,
    name: check.accountId === null ? check.name : `account ${check.accountId}: ${check.name}`,
    failure: check.status === 'failed' ? { message, body: message } : null,
    skipped: check.status === 'skipped' ? message : null,
  }
}

function suite(name: string, report: Report, cases: TestCase[]): string {
  const failures = cases.filter((c) => c.failure !== null).length
  const skipped = cases.filter((c) => c.skipped !== null).length
  return [
    `  <testsuite name="${escapeAttr(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    properties(report),
    ...cases.map(testCase),
    '  </testsuite>',
  ].join('\n')
}

function properties(report: Report): string {
  const { timeline } = report
  const entries: Array<[string, string]> = [
    ['scenario', report.scenario ?? 'default'],
    ['seed', String(report.seed)],
    ['epoch', String(timeline.epoch)],
    ['journal.seq', String(timeline.seq)],
    ['journal.hash', timeline.hash],
    ['journal.complete', String(timeline.complete)],
    ['journal.firstRetainedSeq', String(timeline.firstRetainedSeq)],
    ['virtual.start', timeline.start],
    ['virtual.end', timeline.end],
    ['verifications.dropped', String(report.verifications.dropped)],
  ]
  const lines = entries.map(
    ([key, value]) => `      <property name="${escapeAttr(key)}" value="${escapeAttr(value)}"/>`,
  )
  return ['    <properties>', ...lines, '    </properties>'].join('\n')
}

function testCase(c: TestCase): string {
  const open = `    <testcase classname="${escapeAttr(c.classname)}" name="${escapeAttr(c.name)}" time="0"`
  if (c.failure !== null)
    return [
      `${open}>`,
      `      <failure message="${escapeAttr(c.failure.message)}" type="AssertionError">${escapeText(c.failure.body)}</failure>`,
      '    </testcase>',
    ].join('\n')
  if (c.skipped !== null)
    return `${open}>\n      <skipped message="${escapeAttr(c.skipped)}"/>\n    </testcase>`
  return `${open}/>`
}
