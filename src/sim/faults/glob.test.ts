import { describe, expect, it } from 'vitest'
import { globMatches } from './glob.js'

describe('globMatches', () => {
  it.each([
    ['force-reject-*', 'force-reject-1', true],
    ['force-reject-*', 'force-reject-', true],
    ['force-reject-*', 'xforce-reject-1', false],
    ['/v1/accounts/*/orders', '/v1/accounts/DEMO/orders', true],
    ['/v1/accounts/*/orders', '/v1/accounts/DEMO/orders/ord-000001', false],
    ['/v1/*', '/v1/accounts/DEMO/orders/ord-000001', true],
    ['ord-00000?', 'ord-000007', true],
    ['ord-00000?', 'ord-0000070', false],
    ['a.b', 'axb', false],
    ['(x)+[y]', '(x)+[y]', true],
    ['CASE', 'case', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected)
  })
})
