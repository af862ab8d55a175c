import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, seal } from './sealed-secret'

describe('sealed secrets (AES-256-GCM)', () => {
  const key = randomBytes(32)

  it('open what they seal, and show nothing of it', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'user-1')
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP')
    expect(open(key, sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP')
    // A fresh IV each time: the same secret never seals the same way twice.
    expect(seal(key, 'JBSWY3DPEHPK3PXP', 'user-1')).not.toBe(sealed)
  })

  it('refuse another key, another owner, and any change', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'user-1')
    expect(() => open(randomBytes(32), sealed, 'user-1')).toThrow()
    expect(() => open(key, sealed, 'user-2')).toThrow()
    const [v, iv, tag, body] = sealed.split('.')
    const flipped = Buffer.from(body!, 'base64url')
    flipped[0]! ^= 1
    expect(() => open(key, [v, iv, tag, flipped.toString('base64url')].join('.'), 'user-1')).toThrow()
    expect(() => open(key, 'not sealed', 'user-1')).toThrow()
  })
})
