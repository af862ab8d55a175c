import { describe, expect, it } from 'vitest'
import { emailSettingsInputSchema } from './settings.contract'

const valid = { host: 'mail.example.com', port: 587, security: 'starttls', user: 'ops', from: 'no-reply@example.com' }

describe('Settings → Email input', () => {
  it('takes a bare address or a named one as the sender', () => {
    for (const from of ['no-reply@example.com', 'Switchboard <no-reply@example.com>', '"Ops, Northwind" <ops@northwind.test>']) {
      expect(emailSettingsInputSchema.safeParse({ ...valid, from }).success).toBe(true)
    }
  })

  it('refuses senders and user names that are not addresses or that could add a mail header', () => {
    for (const from of ['no-reply', 'Switchboard', 'a@b.test\r\nBcc: x@evil.test', 'A <a@b.test>\nBcc: x@evil.test']) {
      expect([from, emailSettingsInputSchema.safeParse({ ...valid, from }).success]).toEqual([from, false])
    }
    expect(emailSettingsInputSchema.safeParse({ ...valid, user: 'ops\r\nRSET' }).success).toBe(false)
    expect(emailSettingsInputSchema.safeParse({ ...valid, host: 'mail example' }).success).toBe(false)
    expect(emailSettingsInputSchema.safeParse({ ...valid, port: 0 }).success).toBe(false)
  })

  it('keeps, removes or replaces the password: absent, null, or text', () => {
    expect(emailSettingsInputSchema.parse(valid)).not.toHaveProperty('password')
    expect(emailSettingsInputSchema.parse({ ...valid, password: null }).password).toBeNull()
    expect(emailSettingsInputSchema.safeParse({ ...valid, password: '' }).success).toBe(false)
  })
})
