/**
 * The request journal (`GET /mock/requests`, CONTRACT.md section 3): what the system under test
 * actually sent to `/v1`, how it was answered and which fault rule, if any, applied. Like
 * WireMock's request journal, it is about the wire, so its times are wall-clock times.
 */
import { z } from '@hono/zod-openapi'
import { IsoTime, orNull, queryInt } from './common.js'
import { FaultOperation } from './fault.js'

/** Most requests the journal keeps; the oldest go first. */
export const REQUEST_JOURNAL_SIZE = 1000

export const RequestRecord = z
  .object({
    requestId: z.string(),
    time: z.string().openapi({
      description: 'Wall-clock time the request arrived (not virtual time).',
      format: 'date-time',
    }),
    virtualTime: IsoTime.openapi({ description: 'Virtual time when the request arrived.' }),
    method: z.string(),
    path: z.string().openapi({ description: 'Without the query string.' }),
    operation: orNull(FaultOperation).openapi({
      description: 'The `/v1` operation id; null for a path no operation has.',
    }),
    status: orNull(z.int()).openapi({
      description: 'The status answered; null when no answer was sent (`timeout`, `reset`).',
    }),
    durationMs: z.int().min(0).openapi({
      description: 'Wall-clock ms from arrival until the answer was sent or the connection closed.',
    }),
    accountId: orNull(z.string()),
    fault: orNull(z.object({ ruleId: z.string(), kind: z.string() })).openapi({
      description: 'The fault rule that fired on this request, if any.',
    }),
  })
  .openapi('RequestRecord', {
    example: {
      requestId: 'req-000042',
      time: '2026-03-01T10:00:00.123Z',
      virtualTime: '2026-01-05T14:30:00.000Z',
      method: 'POST',
      path: '/v1/accounts/DEMO/orders',
      operation: 'submitOrder',
      status: 503,
      durationMs: 2,
      accountId: 'DEMO',
      fault: { ruleId: 'flt-000001', kind: 'error' },
    },
  })
export type RequestRecord = z.output<typeof RequestRecord>

export const RequestsQuery = z.object({
  limit: queryInt(
    { min: 1, max: REQUEST_JOURNAL_SIZE, default: 100 },
    `How many of the newest requests to answer, 1 to ${REQUEST_JOURNAL_SIZE}.`,
  ),
  path: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .openapi({ description: 'Only paths matching this glob (`*` any characters, `?` one).' }),
})
export type RequestsQuery = z.output<typeof RequestsQuery>

export const RequestsList = z
  .object({ requests: z.array(RequestRecord).openapi({ description: 'Newest first.' }) })
  .openapi('RequestsList')

export const RequestsCleared = z
  .object({ cleared: z.int().min(0).openapi({ description: 'How many records were dropped.' }) })
  .openapi('RequestsCleared')
