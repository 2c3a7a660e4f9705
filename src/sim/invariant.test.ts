import { describe, expect, it } from 'vitest'
import { InvariantError, invariant } from './invariant.js'

describe('invariant', () => {
  it('returns when the condition holds', () => {
    expect(() => invariant(1, 'unused')).not.toThrow()
  })

  it('throws an InvariantError carrying the message when the condition fails', () => {
    expect(() => invariant(0, 'qty must be positive, was 0')).toThrow(
      new InvariantError('qty must be positive, was 0'),
    )
  })

  it('produces errors that are Errors named InvariantError', () => {
    const error = new InvariantError('boom')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('InvariantError')
  })
})
