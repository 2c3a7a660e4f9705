import { describe, expect, it } from 'vitest'
import type { RequestRecord } from '../api/index.js'
import { RequestJournal } from './request-journal.js'

function record(n: number, path = '/v1/clock'): RequestRecord {
  return {
    requestId: `req-${n}`,
    time: '2026-03-01T10:00:00.000Z',
    virtualTime: '2026-01-05T14:30:00.000Z',
    method: 'GET',
    path,
    operation: 'getClock',
    status: 200,
    durationMs: 1,
    accountId: null,
    fault: null,
  }
}

const ids = (records: RequestRecord[]) => records.map((r) => r.requestId)

describe('RequestJournal', () => {
  it('keeps 1000 requests by default', () => {
    const journal = new RequestJournal()
    for (let n = 1; n <= 1005; n++) journal.record(record(n))
    expect(journal.size).toBe(1000)
    const all = journal.newest(1000)
    expect(all[0]?.requestId).toBe('req-1005')
    expect(all[999]?.requestId).toBe('req-6')
  })

  it('drops the oldest once full and answers the newest first', () => {
    const journal = new RequestJournal(3)
    for (let n = 1; n <= 2; n++) journal.record(record(n))
    expect(ids(journal.newest(10))).toEqual(['req-2', 'req-1'])
    for (let n = 3; n <= 7; n++) journal.record(record(n))
    expect(ids(journal.newest(10))).toEqual(['req-7', 'req-6', 'req-5'])
    expect(ids(journal.newest(2))).toEqual(['req-7', 'req-6'])
  })

  it('filters by a path glob before applying the limit', () => {
    const journal = new RequestJournal(10)
    journal.record(record(1, '/v1/accounts/A/orders'))
    journal.record(record(2, '/v1/clock'))
    journal.record(record(3, '/v1/accounts/B/orders/ord-1'))
    expect(ids(journal.newest(1, '/v1/accounts/*/orders'))).toEqual(['req-1'])
    expect(ids(journal.newest(5, '/v1/accounts/*'))).toEqual(['req-3', 'req-1'])
    expect(ids(journal.newest(5, '/v1/c?ock'))).toEqual(['req-2'])
    expect(ids(journal.newest(5, '/v1/(clock)'))).toEqual([])
  })

  it('clears, answering how many it dropped', () => {
    const journal = new RequestJournal(2)
    for (let n = 1; n <= 3; n++) journal.record(record(n))
    expect(journal.clear()).toBe(2)
    expect(journal.newest(10)).toEqual([])
    journal.record(record(4))
    expect(ids(journal.newest(10))).toEqual(['req-4'])
  })

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RequestJournal(0)).toThrow()
    expect(() => new RequestJournal(1.5)).toThrow()
  })
})
