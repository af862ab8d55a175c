import { describe, expect, it } from 'vitest'
import { instanceUrlSchema } from '../../shared/contract/connections.contract'
import { isMutation, operationPaths, QUERY_OPERATIONS } from './operations'

describe('which operations are mutations', () => {
  it('names only reads that exist in the contract', () => {
    const operations = new Set(operationPaths().map((p) => p.join('.')))
    expect([...QUERY_OPERATIONS].filter((name) => !operations.has(name))).toEqual([])
  })

  it('treats everything else, and anything new, as a mutation', () => {
    expect(isMutation(['invitations', 'create'])).toBe(true)
    expect(isMutation(['auth', 'signIn'])).toBe(true)
    expect(isMutation(['users', 'list'])).toBe(false)
    expect(isMutation(['users', 'someFutureOperation'])).toBe(true)
  })
})

describe('instance address', () => {
  it('takes https anywhere, plain http only on loopback, and keeps it without a trailing slash', () => {
    expect(instanceUrlSchema.parse(' https://switchboard.example.com/ ')).toBe('https://switchboard.example.com')
    // The console calls /rpc at the root: a path would be dropped and the password sent elsewhere on that host.
    expect(instanceUrlSchema.safeParse('https://example.com/switchboard/').error?.issues[0]?.message).toMatch(/without a path/)
    expect(instanceUrlSchema.parse('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080')
    expect(instanceUrlSchema.parse('http://localhost:8080/')).toBe('http://localhost:8080')
    expect(instanceUrlSchema.safeParse('http://switchboard.example.com').error?.issues[0]?.message).toMatch(/https/)
    expect(instanceUrlSchema.safeParse('ftp://127.0.0.1').success).toBe(false)
    expect(instanceUrlSchema.safeParse('switchboard.example.com').error?.issues[0]?.message).toMatch(/full address/)
    expect(instanceUrlSchema.safeParse('https://ada:secret@example.com').success).toBe(false)
  })
})
