import fs from 'node:fs'
import { asc } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import { openBackend, type Backend } from '../../src/main/backend'
import { manualClock } from '../../src/main/clock'
import { findEmailSettings } from '../../src/main/features/settings/settings.repository'
import type { EmailSettingsInput } from '../../src/shared/contract'
import { failure } from '../support/failure'
import { noKeychain } from '../support/no-keychain'
import { seedOperator, seedUser } from '../support/seed'
import { smtpServer } from '../support/smtp-server'
import { tempBackend, tempDir, testKeychain } from '../support/temp-backend'

// Settings → Email against the real OS keychain and a real SMTP server on loopback.

const PASSWORD = 'smtp pässword ✓ 7d1e'
const FROM = 'Northwind Ops <ops@northwind.test>'
const settings = (port: number, password?: string | null): EmailSettingsInput => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  user: 'mailer',
  from: FROM,
  ...(password === undefined ? {} : { password }),
})

/** The stored settings, as the service reads them. */
const storedSettings = (backend: Backend) => backend.engine.read((conn) => findEmailSettings(conn))
const auditRows = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(asc(t.auditLog.id)))

/** Every byte SQLite keeps for the store: the file and its write-ahead log. */
function storeBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)))
}

describe.skipIf(!inject('keychain').run)('Settings → Email with the OS keychain', () => {
  it('keeps the settings in the store and the password in the keychain only, never returned or audited', async () => {
    const backend = tempBackend(undefined, {})
    const op = await seedOperator(backend)
    const email = backend.services.emailSettings
    const responses: unknown[] = [await email.get(op.actor)]
    expect(responses[0]).toMatchObject({ stored: null, passwordSet: false, delivery: 'outbox', keychain: { available: true } })

    responses.push(await email.save(op.actor, settings(2525, PASSWORD)))
    expect(responses[1]).toMatchObject({
      stored: { host: '127.0.0.1', port: 2525, security: 'none', user: 'mailer', from: FROM },
      passwordSet: true,
      passwordSource: 'keychain',
      overriddenBy: { smtp: false, from: false },
      delivery: 'smtp',
    })
    const account = (await storedSettings(backend))!.passwordAccount!
    expect(await testKeychain.get(account)).toBe(PASSWORD)

    // Saving without a password keeps the one in the keychain; null removes it from there.
    responses.push(await email.save(op.actor, { ...settings(2526), security: 'starttls' }))
    expect(await testKeychain.get(account)).toBe(PASSWORD)
    responses.push(await email.get(op.actor))
    expect(responses.at(-1)).toMatchObject({ stored: { port: 2526, security: 'starttls' }, passwordSet: true })

    const secret = Buffer.from(PASSWORD)
    expect(storeBytes(backend.store!.file).includes(secret)).toBe(false)
    const audit = await auditRows(backend)
    expect(audit.filter((r) => r.action === 'settings.save-email').map((r) => [r.target, r.result])).toEqual([
      ['email', 'ok'],
      ['email', 'ok'],
    ])
    expect(JSON.stringify(audit)).not.toContain(PASSWORD)
    expect(JSON.stringify(responses)).not.toContain(PASSWORD)

    responses.push(await email.save(op.actor, settings(2526, null)))
    expect(responses.at(-1)).toMatchObject({ passwordSet: false, passwordSource: null })
    expect(await testKeychain.get(account)).toBeNull()

    // Clearing the settings takes the password out of the keychain with them.
    await email.save(op.actor, settings(2526, PASSWORD))
    const again = (await storedSettings(backend))!.passwordAccount!
    expect(await testKeychain.get(again)).toBe(PASSWORD)
    expect(await email.clear(op.actor)).toMatchObject({ stored: null, passwordSet: false, delivery: 'outbox' })
    expect(await testKeychain.get(again)).toBeNull()
    expect(await storedSettings(backend)).toBeUndefined()
  })

  it('sends the test email and other mail through the stored settings, signing in with the keychain password', async () => {
    const smtp = await smtpServer({ user: 'mailer', password: PASSWORD })
    const backend = tempBackend(undefined, {})
    const op = await seedOperator(backend)
    await backend.services.emailSettings.save(op.actor, settings(smtp.port, PASSWORD))

    const answer = await backend.services.emailSettings.sendTest(op.actor)
    expect(answer).toMatchObject({ ok: true, to: 'ada@northwind.test', message: expect.stringMatching(/^250 /) })
    expect(smtp.received.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.from?.value[0]?.address, m.subject])).toEqual([
      ['ada@northwind.test', 'ops@northwind.test', 'Switchboard test email'],
    ])
    const invited = await backend.services.invitations.create(op.actor, { email: 'new.agent@example.test', role: 'AGENT' })
    expect(invited.delivery).toEqual({ to: 'new.agent@example.test', via: 'smtp' })
    expect(smtp.received).toHaveLength(2)
    expect((await auditRows(backend)).at(-2)).toMatchObject({ action: 'settings.send-test-email', result: 'ok' })
  })

  it('answers a refused sign-in with the server’s own error, on record as failed', async () => {
    const smtp = await smtpServer({ user: 'mailer', password: 'the right one' })
    const backend = tempBackend(undefined, {})
    const op = await seedOperator(backend)
    await backend.services.emailSettings.save(op.actor, settings(smtp.port, PASSWORD))

    const answer = await backend.services.emailSettings.sendTest(op.actor, 'someone@example.test')
    expect(answer).toMatchObject({
      ok: false,
      to: 'someone@example.test',
      message: expect.stringContaining('535 Authentication credentials invalid'),
    })
    expect(answer.message).not.toContain(PASSWORD)
    expect(smtp.received).toHaveLength(0)
    expect((await auditRows(backend)).at(-1)).toMatchObject({
      action: 'settings.send-test-email',
      target: 'someone@example.test',
      result: 'failed',
    })
  })
})

describe('Settings → Email without an OS keychain', () => {
  it('says why there is no keychain, refuses to save a password, and saves the rest', async () => {
    const backend = tempBackend(undefined, {}, undefined, noKeychain)
    const op = await seedOperator(backend)
    const email = backend.services.emailSettings
    expect((await email.get(op.actor)).keychain).toEqual({ available: false, reason: "Couldn't access platform storage: AccessDenied" })
    const rowsBefore = (await auditRows(backend)).length

    const refused = await failure(() => email.save(op.actor, settings(2525, PASSWORD)))
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', reason: 'KEYCHAIN_UNAVAILABLE', fields: { password: expect.any(String) } })
    expect(refused.message).toContain('SWITCHBOARD_SMTP_PASSWORD')
    expect(refused.message).not.toContain(PASSWORD)
    expect(await storedSettings(backend)).toBeUndefined()
    expect(await auditRows(backend)).toHaveLength(rowsBefore)

    expect(await email.save(op.actor, settings(2525))).toMatchObject({ stored: { port: 2525 }, passwordSet: false, delivery: 'smtp' })
  })

  it('signs in with SWITCHBOARD_SMTP_PASSWORD given at start instead', async () => {
    const smtp = await smtpServer({ user: 'mailer', password: PASSWORD })
    const backend = tempBackend(undefined, { smtpPassword: PASSWORD }, undefined, noKeychain)
    const op = await seedOperator(backend)
    const saved = await backend.services.emailSettings.save(op.actor, settings(smtp.port))
    expect(saved).toMatchObject({ passwordSet: true, passwordSource: 'environment' })
    expect(JSON.stringify(saved)).not.toContain(PASSWORD)
    expect(await backend.services.emailSettings.sendTest(op.actor)).toMatchObject({ ok: true })
    expect(smtp.received).toHaveLength(1)
  })

  it('reads SWITCHBOARD_SMTP_PASSWORD once at start and takes it out of the environment', async () => {
    process.env.SWITCHBOARD_SMTP_PASSWORD = PASSWORD
    try {
      const backend = openBackend({ dataDir: tempDir(), clock: manualClock(), secrets: noKeychain })
      try {
        expect(process.env.SWITCHBOARD_SMTP_PASSWORD).toBeUndefined()
        const op = await seedOperator(backend)
        expect(await backend.services.emailSettings.get(op.actor)).toMatchObject({ passwordSet: true, passwordSource: 'environment' })
      } finally {
        await backend.close()
      }
    } finally {
      delete process.env.SWITCHBOARD_SMTP_PASSWORD
    }
  })
})

describe('Settings → Email, whatever the keychain', () => {
  it('reports the environment overrides, and mail follows SWITCHBOARD_SMTP_URL over the stored server', async () => {
    const envServer = await smtpServer()
    const storedServer = await smtpServer()
    const backend = tempBackend(
      undefined,
      { smtpUrl: `smtp://127.0.0.1:${envServer.port}`, mailFrom: 'Env <env@northwind.test>' },
      undefined,
      noKeychain,
    )
    const op = await seedOperator(backend)
    const saved = await backend.services.emailSettings.save(op.actor, { ...settings(storedServer.port), user: '' })
    expect(saved).toMatchObject({ overriddenBy: { smtp: true, from: true }, delivery: 'smtp' })
    expect(await backend.services.emailSettings.sendTest(op.actor)).toMatchObject({ ok: true })
    expect(envServer.received.map((m) => m.from?.value[0]?.address)).toEqual(['env@northwind.test'])
    expect(storedServer.received).toHaveLength(0)
  })

  it('says that no server is configured when mail stays in the Outbox', async () => {
    const backend = tempBackend(undefined, {}, undefined, noKeychain)
    const op = await seedOperator(backend)
    expect(await backend.services.emailSettings.get(op.actor)).toMatchObject({
      stored: null,
      delivery: 'outbox',
      overriddenBy: { smtp: false, from: false },
    })
    expect(await backend.services.emailSettings.sendTest(op.actor)).toMatchObject({ ok: false, message: expect.stringContaining('Outbox') })
  })

  it('is for SUPER_ADMINs only', async () => {
    const backend = tempBackend(undefined, {}, undefined, noKeychain)
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Adam Admin')
    const email = backend.services.emailSettings
    const calls = [
      () => email.get(admin.actor),
      () => email.save(admin.actor, settings(25)),
      () => email.clear(admin.actor),
      () => email.sendTest(admin.actor),
    ]
    for (const call of calls) {
      expect((await failure(call)).code).toBe('FORBIDDEN')
    }
    expect(await storedSettings(backend)).toBeUndefined()
  })
})
