import { describe, expect, it } from 'vitest'
import { tempBackend, tempDir } from '../../../tests/support/temp-backend'
import type { Io } from './io'
import { main } from './main'

function fakeIo(env: NodeJS.ProcessEnv, stdin: string | null = null) {
  const out: string[] = []
  const err: string[] = []
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), env, readStdinLine: async () => stdin }
  return { io, out, err }
}

const FLAGS = [
  '--org-name',
  'Northwind MSP',
  '--org-slug',
  'northwind',
  '--admin-email',
  'Ada@Northwind.test',
  '--admin-name',
  'Ada Operator',
]

describe('switchboard init', () => {
  it('creates the operator from flags and SWITCHBOARD_ADMIN_PASSWORD, never printing the password', async () => {
    const dataDir = tempDir()
    const { io, out, err } = fakeIo({ SWITCHBOARD_ADMIN_PASSWORD: 'correct horse battery' })
    expect(await main(['init', '--data', dataDir, ...FLAGS], io)).toBe(0)
    expect(err).toEqual([])
    expect(out.join('')).toContain('SUPER_ADMIN:  Ada Operator <ada@northwind.test>')
    expect(out.join('')).not.toContain('correct horse')
    // On by default (issue 25): every SUPER_ADMIN needs a second factor, this first one too.
    expect(out.join('')).toContain('second factor: required for every SUPER_ADMIN (set up at the first sign-in)')

    const { services, engine } = tempBackend(dataDir)
    const stored = await engine.read(async ({ db, t }) => ({
      organisations: await db.select().from(t.organisations),
      users: await db.select().from(t.users),
      audit: await db.select().from(t.auditLog),
    }))
    expect(stored.organisations).toMatchObject([{ slug: 'northwind', isAdminTenant: true }])
    expect(stored.users).toMatchObject([{ email: 'ada@northwind.test', role: 'SUPER_ADMIN' }])
    expect(stored.audit).toMatchObject([{ action: 'setup.create-operator' }])
    const { me } = await services.auth.signIn('ada@northwind.test', 'correct horse battery')
    expect([me.homeTenant.name, me.enrolmentOnly]).toEqual(['Northwind MSP', true])
  })

  it('leaves SUPER_ADMINs free of the second-factor rule with --super-admin-second-factor optional, and refuses other values', async () => {
    const dataDir = tempDir()
    const env = { SWITCHBOARD_ADMIN_PASSWORD: 'correct horse battery' }
    const wrong = fakeIo(env)
    expect(await main(['init', '--data', dataDir, ...FLAGS, '--super-admin-second-factor', 'sometimes'], wrong.io)).toBe(2)
    expect(wrong.err.join('')).toContain('--super-admin-second-factor: "required" or "optional"')
    const { io, out } = fakeIo(env)
    expect(await main(['init', '--data', dataDir, ...FLAGS, '--super-admin-second-factor', 'optional'], io)).toBe(0)
    expect(out.join('')).toContain('second factor: optional for every SUPER_ADMIN')
    const { me } = await tempBackend(dataDir).services.auth.signIn('ada@northwind.test', 'correct horse battery')
    expect(me.enrolmentOnly).toBe(false)
  })

  it('reads the password from standard input when the variable is absent', async () => {
    const dataDir = tempDir()
    const { io } = fakeIo({}, 'a long enough password')
    expect(await main(['init', '--data', dataDir, ...FLAGS], io)).toBe(0)
    const { services } = tempBackend(dataDir)
    await expect(services.auth.signIn('ada@northwind.test', 'a long enough password')).resolves.toBeTruthy()
  })

  it('names each bad flag, exits 2 and creates nothing', async () => {
    const dataDir = tempDir()
    const { io, err } = fakeIo({ SWITCHBOARD_ADMIN_PASSWORD: 'short' })
    const code = await main(
      ['init', '--data', dataDir, '--org-name', 'X', '--org-slug', 'Not A Slug', '--admin-email', 'nope', '--admin-name', 'A'],
      io,
    )
    expect(code).toBe(2)
    const text = err.join('')
    expect(text).toMatch(/--org-slug: Use lowercase/)
    expect(text).toMatch(/--admin-email: Enter a valid email/)
    expect(text).toMatch(/password .*: Password must be at least 12/)
    const { services } = tempBackend(dataDir)
    expect(await services.setup.status()).toEqual({ needsSetup: true })
  })

  it('refuses to initialise twice', async () => {
    const dataDir = tempDir()
    const env = { SWITCHBOARD_ADMIN_PASSWORD: 'correct horse battery' }
    expect(await main(['init', '--data', dataDir, ...FLAGS], fakeIo(env).io)).toBe(0)
    const second = fakeIo(env)
    expect(await main(['init', '--data', dataDir, ...FLAGS], second.io)).toBe(1)
    expect(second.err.join('')).toMatch(/already set up/)
  })

  it('documents every flag in --help and rejects unknown ones', async () => {
    const help = fakeIo({})
    expect(await main(['--help'], help.io)).toBe(0)
    for (const flag of ['--data', '--port', '--no-open', '--browser', '--org-name', '--org-slug', '--admin-email', '--admin-name']) {
      expect(help.out.join('')).toContain(flag)
    }
    const bad = fakeIo({})
    expect(await main(['init', '--bogus'], bad.io)).toBe(2)
    expect(bad.err.join('')).toMatch(/bogus/)
  })
})
