/**
 * Route definitions of the test report and the recorded verifications, under `/mock`
 * (CONTRACT.md section 3). Definitions only; the handlers are in server/routes/report-routes.ts.
 * Like every /mock route they answer 401 without the control token when one is set.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { CONTROL_SECURITY } from '../openapi-info.js'
import { Report, ReportQuery } from '../schemas/report.js'
import { Verification, VerificationInput, VerificationsList } from '../schemas/verification.js'
import { HTML_REPORT_EXAMPLE, JUNIT_REPORT_EXAMPLE, VERIFICATION_EXAMPLE } from './examples.js'
import { errorResponses, jsonBody, jsonResponse } from './responses.js'

const control = { tags: ['control'], security: CONTROL_SECURITY }

const report = jsonResponse(Report, 'The report, in the format asked for.')

export const getReportRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/report',
  operationId: 'getReport',
  summary: 'Get a test report of the timeline',
  description:
    'Everything since the last configure (or reset): scenario and seed, orders by outcome, ' +
    'fills, rejections by reason, faults applied, virtual ack and fill latency percentiles, P&L ' +
    'per account, a price series per symbol, built-in checks and the recorded verifications. ' +
    '`format=junit` renders the checks and verifications as JUnit XML test cases; ' +
    '`format=html` a self-contained page with a price chart per symbol.',
  request: { query: ReportQuery },
  responses: {
    200: {
      ...report,
      content: {
        ...report.content,
        'application/xml': {
          schema: z.string().openapi({ description: 'JUnit XML: `<testsuites>`.' }),
          example: JUNIT_REPORT_EXAMPLE,
        },
        'text/html': {
          schema: z.string().openapi({ description: 'A self-contained HTML page.' }),
          example: HTML_REPORT_EXAMPLE,
        },
      },
    },
    ...errorResponses('invalid_request', 'unauthorized', 'internal'),
  },
})

export const recordVerificationRoute = createRoute({
  ...control,
  method: 'post',
  path: '/mock/verifications',
  operationId: 'recordVerification',
  summary: 'Record a verification for the report',
  description:
    'A test helper records what it verified and whether it held; the JUnit report lists one ' +
    'test case per verification. Kept in memory (the newest 10000) and cleared by configure ' +
    'and reset.',
  request: { body: jsonBody(VerificationInput, 'The verification.') },
  responses: {
    201: jsonResponse(Verification, 'The recorded verification.'),
    ...errorResponses(
      'invalid_request',
      'payload_too_large',
      'unsupported_media_type',
      'unauthorized',
      'internal',
    ),
  },
})

export const listVerificationsRoute = createRoute({
  ...control,
  method: 'get',
  path: '/mock/verifications',
  operationId: 'listVerifications',
  summary: 'List the recorded verifications',
  responses: {
    200: jsonResponse(VerificationsList, 'The verifications, oldest first.', {
      example: { verifications: [VERIFICATION_EXAMPLE], dropped: 0 },
    }),
    ...errorResponses('unauthorized', 'internal'),
  },
})
