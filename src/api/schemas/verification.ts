/**
 * Recorded verifications (`/mock/verifications`): the pass or fail of a check a test made against
 * the broker, posted by the test helper so the JUnit report (`GET /mock/report?format=junit`)
 * lists one test case per verification. They live in the shell's memory, not in the journal.
 */
import { z } from '@hono/zod-openapi'
import { IsoTime, orNull } from './common.js'

/** Most verifications kept; past it the oldest are dropped (and counted). */
export const VERIFICATIONS_MAX = 10_000

export const VerificationInput = z
  .strictObject({
    name: z.string().min(1).max(1000).openapi({ description: 'What was verified.' }),
    ok: z.boolean().openapi({ description: 'Whether it held.' }),
    message: z.string().max(10_000).optional().openapi({
      description: 'Why it failed (or any note); the JUnit failure message.',
    }),
    details: z.record(z.string(), z.unknown()).optional().openapi({
      description: 'Any JSON object: expected and actual values, ids.',
    }),
    suite: z.string().min(1).max(1000).optional().openapi({
      description: 'The test file or group it belongs to; the JUnit `classname`.',
    }),
  })
  .openapi('VerificationInput', {
    example: {
      name: 'order is filled within 2 s of virtual time',
      ok: false,
      message: 'order ord-000003 was still new after 2000 ms',
      details: { orderId: 'ord-000003', status: 'new' },
      suite: 'orders.test.ts',
    },
  })
export type VerificationInput = z.output<typeof VerificationInput>

export const Verification = z
  .object({
    id: z.string().openapi({ example: 'ver-000001' }),
    name: z.string(),
    suite: orNull(z.string()),
    ok: z.boolean(),
    message: orNull(z.string()),
    details: orNull(z.record(z.string(), z.unknown())),
    time: IsoTime.openapi({ description: 'Virtual time when it was recorded.' }),
    seq: z.int().min(0).openapi({ description: 'Journal seq when it was recorded.' }),
  })
  .openapi('Verification', {
    example: {
      id: 'ver-000001',
      name: 'order is filled within 2 s of virtual time',
      suite: 'orders.test.ts',
      ok: false,
      message: 'order ord-000003 was still new after 2000 ms',
      details: { orderId: 'ord-000003', status: 'new' },
      time: '2026-01-05T14:30:02.000Z',
      seq: 42,
    },
  })
export type Verification = z.infer<typeof Verification>

export const VerificationsList = z
  .object({
    verifications: z.array(Verification).openapi({ description: 'Oldest first.' }),
    dropped: z
      .int()
      .min(0)
      .openapi({
        description: `How many of the oldest were dropped to keep the last ${VERIFICATIONS_MAX}.`,
      }),
  })
  .openapi('VerificationsList')
export type VerificationsList = z.infer<typeof VerificationsList>
