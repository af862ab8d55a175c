import { randomUUID } from 'node:crypto'
import { describe, expect, inject, it } from 'vitest'
import { osKeychain, probeKeychain } from './keychain'

// The real OS credential store: on Linux, a Secret Service (`npm test` starts a private one where
// it can; tests/support/keychain-gate.ts decides once whether this suite runs, and says why not).
const store = osKeychain('Switchboard tests')
const probe = await probeKeychain(store)

describe.skipIf(!inject('keychain').run)('OS keychain', () => {
  it('is there', () => {
    expect(probe).toEqual({ available: true })
  })

  it('stores, reads, replaces and deletes a secret, one account apart from another', async () => {
    const account = `session-${randomUUID()}`
    const other = `session-${randomUUID()}`
    expect(await store.get(account)).toBeNull()
    await store.set(account, 'first token ✓')
    await store.set(other, 'another token')
    expect(await store.get(account)).toBe('first token ✓')
    await store.set(account, 'replaced token')
    expect(await store.get(account)).toBe('replaced token')
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeNull()
    expect(await store.delete(account)).toBe(false)
    expect(await store.get(other)).toBe('another token')
    await store.delete(other)
  })

  it('keeps services apart', async () => {
    const account = `shared-${randomUUID()}`
    const elsewhere = osKeychain('Switchboard tests (elsewhere)')
    await store.set(account, 'mine')
    expect(await elsewhere.get(account)).toBeNull()
    await store.delete(account)
  })
})
