import { expect, it } from 'vitest'
import { VerificationLog } from './verifications.js'

const STAMP = { time: '2026-01-05T14:30:00.000Z', seq: 4 }

it('records a verification with an id, the stamp and nulls for what was not given', () => {
  const log = new VerificationLog()
  expect(log.record({ name: 'fills are on time', ok: true }, STAMP)).toEqual({
    id: 'ver-000001',
    name: 'fills are on time',
    suite: null,
    ok: true,
    message: null,
    details: null,
    ...STAMP,
  })
  const second = log.record(
    { name: 'no rejects', ok: false, message: 'one', details: { n: 1 }, suite: 'a.test.ts' },
    STAMP,
  )
  expect(second).toMatchObject({ id: 'ver-000002', suite: 'a.test.ts', details: { n: 1 } })
  expect(log.list().verifications.map((v) => v.id)).toEqual(['ver-000001', 'ver-000002'])
})

it('keeps the newest up to its capacity and counts the dropped ones', () => {
  const log = new VerificationLog(10)
  for (let i = 1; i <= 27; i++) log.record({ name: `v${i}`, ok: true }, STAMP)
  const { verifications, dropped } = log.list()
  expect(verifications.map((v) => v.name)).toEqual(
    Array.from({ length: 10 }, (_, i) => `v${i + 18}`),
  )
  expect(dropped).toBe(17)
})

it('forgets everything on clear, and never reuses an id', () => {
  const log = new VerificationLog(2)
  for (let i = 1; i <= 5; i++) log.record({ name: `v${i}`, ok: true }, STAMP)
  expect(log.clear()).toBe(2)
  expect(log.list()).toEqual({ verifications: [], dropped: 0 })
  expect(log.record({ name: 'after', ok: true }, STAMP).id).toBe('ver-000006')
})
