/**
 * `/mock/report` (CONTRACT.md section 3) and the recorded verifications behind its JUnit test
 * cases. The report is built on each request from the current world; the verifications live in
 * a `VerificationLog`, which a configure or a reset clears (a snapshot restore does not, so a
 * suite that restores before each test keeps every test's verifications).
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import {
  getReportRoute,
  listVerificationsRoute,
  recordVerificationRoute,
} from '../../api/routes/report.js'
import { isoTime } from '../../sim/index.js'
import { buildReport } from '../report/build-report.js'
import { renderHtml } from '../report/html.js'
import { renderJunit } from '../report/junit.js'
import { VerificationLog } from '../report/verifications.js'
import type { AppDeps, AppEnv } from '../request-context.js'

/** Registers the routes; answers the log the verifications go to. */
export function registerReportRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: Pick<AppDeps, 'runtime'>,
  verifications: VerificationLog = new VerificationLog(),
): VerificationLog {
  const { runtime } = deps
  runtime.onTimeline((_sim, reason) => {
    if (reason === 'configure' || reason === 'reset') verifications.clear()
  })

  app.openapi(getReportRoute, (c) => {
    const { format } = c.req.valid('query')
    const report = buildReport(runtime.sim, verifications.list())
    if (format === 'junit')
      return c.body(renderJunit(report), 200, { 'Content-Type': 'application/xml; charset=utf-8' })
    if (format === 'html')
      return c.body(renderHtml(report), 200, { 'Content-Type': 'text/html; charset=utf-8' })
    return c.json(report, 200)
  })
  app.openapi(recordVerificationRoute, (c) => {
    const sim = runtime.sim
    const stamp = { time: isoTime(sim.nowMs), seq: sim.journalPosition().seq }
    return c.json(verifications.record(c.req.valid('json'), stamp), 201)
  })
  app.openapi(listVerificationsRoute, (c) => c.json(verifications.list(), 200))
  return verifications
}
