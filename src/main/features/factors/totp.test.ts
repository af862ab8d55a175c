import { describe, expect, it } from 'vitest'
import { matchingStep, newTotpSecret, stepAt, totpCodeAt, totpUri } from './totp'

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const at = (seconds: number) => new Date(seconds * 1000)

describe('TOTP (RFC 6238)', () => {
  it('makes the RFC test vectors (their last 6 digits)', () => {
    expect(totpCodeAt(RFC_KEY, at(59))).toBe('287082')
    expect(totpCodeAt(RFC_KEY, at(1111111109))).toBe('081804')
    expect(totpCodeAt(RFC_KEY, at(1234567890))).toBe('005924')
  })

  it('takes a code in its own step and one step either side, to the millisecond, and no further', () => {
    const secret = newTotpSecret()
    const step = 58_000_000
    const code = totpCodeAt(secret, at(step * 30))
    const stepStart = step * 30_000
    // The moments around the window: one step before it opens, and one after it closes.
    expect(matchingStep(secret, code, new Date(stepStart - 30_000 - 1))).toBeNull()
    expect(matchingStep(secret, code, new Date(stepStart - 30_000))).toBe(step)
    expect(matchingStep(secret, code, new Date(stepStart))).toBe(step)
    expect(matchingStep(secret, code, new Date(stepStart + 60_000 - 1))).toBe(step)
    expect(matchingStep(secret, code, new Date(stepStart + 60_000))).toBeNull()
    expect(stepAt(new Date(stepStart + 29_999))).toBe(step)
    // Five digits, or the code with a digit added, is no code.
    expect(matchingStep(secret, code.slice(1), new Date(stepStart))).toBeNull()
    expect(matchingStep(secret, `${code}0`, new Date(stepStart))).toBeNull()
  })

  it('gives every user a key of their own, and apps a URI naming the issuer and account', () => {
    const a = newTotpSecret()
    expect(a).toMatch(/^[A-Z2-7]{32}$/)
    expect(newTotpSecret()).not.toBe(a)
    expect(totpUri(a, 'ada@northwind.test')).toBe(
      `otpauth://totp/Switchboard:ada%40northwind.test?issuer=Switchboard&secret=${a}&algorithm=SHA1&digits=6&period=30`,
    )
  })
})
