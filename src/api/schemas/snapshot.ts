/**
 * Snapshots on the wire (CONTRACT.md section 3): what taking one answers, the list, one with its
 * state, and the restore answer. Names are what a test or `--restore` calls a snapshot by, so
 * they are short, file-safe and cannot be mistaken for an id.
 */
import { z } from '@hono/zod-openapi'
import { IsoTime, orNull } from './common.js'
import { JournalSummary } from './journal.js'
import { State } from './state.js'

/** Letters, digits, `.`, `_`, `-`; no path separators, no leading dot, not an id. */
export const SnapshotName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'Expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  )
  .refine((name) => !/^snap-\d+$/.test(name), 'Names of the form snap-<digits> are ids')
  .refine((name) => name !== 'current', 'current means the live world in a diff')
  .openapi({ example: 'before-open' })

export const SnapshotRequest = z
  .strictObject({
    name: SnapshotName.optional().openapi({
      description: 'A name to find it by; taking another snapshot with the same name replaces it.',
    }),
  })
  .openapi('SnapshotRequest', { example: { name: 'before-open' } })
export type SnapshotRequest = z.infer<typeof SnapshotRequest>

export const SnapshotParams = z.object({
  id: z.string().min(1).max(64).openapi({
    description: 'The snapshot id (`snap-000001`) or its name.',
    example: 'snap-000001',
  }),
})

export const SnapshotSummary = z
  .object({
    id: z.string().openapi({ example: 'snap-000001' }),
    name: orNull(z.string()),
    seq: z.int().min(0).openapi({ description: 'The journal seq the snapshot was taken at.' }),
    time: IsoTime.openapi({ description: 'The virtual time it was taken at.' }),
    epoch: z.int().min(0).openapi({ description: 'The timeline it was taken in.' }),
    hash: z.string().openapi({ description: 'The journal hash at the snapshot.' }),
    takenAt: IsoTime.openapi({ description: 'Wall-clock time it was taken.' }),
    persisted: z.boolean().openapi({ description: 'Whether it is on disk (`--state-dir`).' }),
  })
  .openapi('SnapshotSummary')
export type SnapshotSummary = z.infer<typeof SnapshotSummary>

export const DamagedSnapshot = z
  .object({ file: z.string(), error: z.string() })
  .openapi('DamagedSnapshot', {
    description: 'A file of the state directory that could not be read; it was not loaded.',
  })

export const SnapshotList = z
  .object({
    snapshots: z.array(SnapshotSummary),
    next: z.null().openapi({ description: 'Always null: every snapshot is in one page.' }),
    damaged: z.array(DamagedSnapshot),
  })
  .openapi('SnapshotList')

export const SnapshotDetail = SnapshotSummary.extend({
  state: State.openapi({ description: 'The world as `GET /mock/state` showed it then.' }),
}).openapi('SnapshotDetail')

export const RestoreResponse = SnapshotSummary.extend({
  journal: JournalSummary.openapi({
    description: 'The new timeline: the snapshot seq and hash, the next epoch.',
  }),
}).openapi('RestoreResponse')

export const DiffQuery = z.object({
  against: z
    .string()
    .min(1)
    .max(64)
    .default('current')
    .openapi({ description: 'Another snapshot (id or name), or `current` (the default).' }),
})
