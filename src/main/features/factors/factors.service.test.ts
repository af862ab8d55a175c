import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { failure } from '../../../../tests/support/failure'
import { backendOn, describeEngines, type EngineName } from '../../../../tests/support/engines'
import { PASSWORD, seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import { OPERATOR, tempDir, testKeychain } from '../../../../tests/support/temp-backend'
import { useMailCapture } from '../../../../tests/support/mail-capture'
import type { InstanceConfig } from '../../config'
import { Dialect } from '../../db/engine'
import { ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Backend } from '../../backend'
import { instanceKey, instanceKeyFile } from '../../security/instance-key'
import { open } from '../../security/sealed-secret'
import { createServices } from '../../services'
import { CHALLENGE_TTL_MS, FACTOR_KEY_MISSING } from './factors.service'
import { totpCodeAt, TOTP_PERIOD_SECONDS } from './totp'

const STEP_MS = TOTP_PERIOD_SECONDS * 1000

const auditActions = async (b: Backend) =>
  (await b.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).map((r) => [r.action, r.result])

/** A user with a confirmed authenticator app; the clock sits at the start of a step. */
async function enrolled(engine: EngineName, config?: InstanceConfig) {
  const backend = await backendOn(engine, config)
  const { services, clock } = backend
  clock.set(new Date('2026-03-02T09:00:00.000Z'))
  const op = await seedOperator(backend)
  const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
  const { secret } = await services.factors.startTotp(agent.actor)
  const { recoveryCodes } = await services.factors.confirmTotp(agent.actor, totpCodeAt(secret, clock.now()))
  // The confirming code's step is used: move on two, so that the step before now is unused too.
  clock.advance(2 * STEP_MS)
  const code = (offsetSteps = 0) => totpCodeAt(secret, new Date(clock.now().getTime() + offsetSteps * STEP_MS))
  /** The first step: the password, answered with SECOND_FACTOR_REQUIRED and its pending token. */
  const pending = async () => {
    const error = await failure(() => services.auth.signIn(agent.email, PASSWORD))
    expect([error.code, error.reason]).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.SECOND_FACTOR_REQUIRED])
    return error.pendingToken!
  }
  return { backend, services, clock, op, agent, secret, recoveryCodes, code, pending }
}

describeEngines('second factors: the authenticator app', (engine) => {
  it('is set up from a QR code and counts only once a first code confirms it; the key is sealed outside the database', async () => {
    const backend = await backendOn(engine)
    const { services, clock } = backend
    const op = await seedOperator(backend)
    const started = await services.factors.startTotp(op.actor)
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/Switchboard:ada%40northwind\.test\?/)
    expect(started.uri).toContain(`secret=${started.secret}`)
    expect(started.qrSvg).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\s*$/)
    // Not counting yet: signing in asks for the password alone.
    expect(await services.factors.status(op.actor)).toEqual({ totp: null, passkeys: 0, recoveryCodesLeft: 0 })
    await expect(services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)).resolves.toBeTruthy()

    // The key is in the database only sealed (AES-256-GCM) under factor.key, which is beside it, not in it.
    const [row] = await backend.engine.read(({ db, t }) => db.select().from(t.userFactors))
    expect(row!.secret).not.toContain(started.secret)
    const keyFile = instanceKeyFile(backend.dataDir, 'factor')
    expect(fs.existsSync(keyFile)).toBe(true)
    expect(fs.statSync(keyFile).mode & 0o077).toBe(0)
    expect(open(instanceKey(backend.dataDir, 'factor'), row!.secret, op.userId)).toBe(started.secret)
    // Bound to its user: the same value does not open as another's.
    expect(() => open(instanceKey(backend.dataDir, 'factor'), row!.secret, 'someone-else')).toThrow()

    const wrong = await failure(() => services.factors.confirmTotp(op.actor, '000000'))
    expect([wrong.code, wrong.reason, Object.keys(wrong.fields ?? {})]).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
      ['code'],
    ])
    const { recoveryCodes } = await services.factors.confirmTotp(op.actor, totpCodeAt(started.secret, clock.now()))
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
    expect(await services.factors.status(op.actor)).toEqual({ totp: { confirmedAt: clock.now() }, passkeys: 0, recoveryCodesLeft: 10 })
    // Recovery codes are argon2id hashes; no code, and no key, is anywhere in the store in plain text.
    const stored = JSON.stringify(
      await backend.engine.read(async ({ db, t }) => [await db.select().from(t.recoveryCodes), await db.select().from(t.userFactors)]),
    )
    expect(stored).toMatch(/\$argon2id\$/)
    for (const secret of [started.secret, ...recoveryCodes, ...recoveryCodes.map((c) => c.replace('-', ''))])
      expect(stored).not.toContain(secret)
    if (engine === Dialect.SQLITE) {
      for (const file of fs.readdirSync(backend.dataDir).filter((f) => !f.endsWith('.key'))) {
        const full = path.join(backend.dataDir, file)
        if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(started.secret), file).toBe(false)
      }
    }
    // A second set-up is refused while one is confirmed.
    expect((await failure(() => services.factors.startTotp(op.actor))).code).toBe(ErrorCode.CONFLICT)
    expect((await auditActions(backend)).filter(([action]) => action!.startsWith('account.'))).toEqual([
      ['account.start-totp', 'ok'],
      ['account.confirm-totp', 'ok'],
    ])
  })

  it('asks for a code after the password; takes the current step and one either side, never a code twice', async () => {
    const { services, clock, agent, code, pending, backend } = await enrolled(engine)
    const before = (await backend.engine.read(({ db, t }) => db.select().from(t.sessions))).length
    const token = await pending()
    // No session yet: only the half-way token, whose hash alone is stored.
    expect(await backend.engine.read(({ db, t }) => db.select().from(t.sessions))).toHaveLength(before)
    const [challenge] = await backend.engine.read(({ db, t }) => db.select().from(t.signInChallenges))
    expect(challenge!.tokenHash).not.toBe(token)

    // Two steps back is too old; one step back (a slow clock) is taken.
    const tooOld = await failure(() => services.auth.verifySecondFactor(token, { code: code(-2) }, 'test'))
    expect([tooOld.code, tooOld.reason]).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.SECOND_FACTOR_INVALID])
    const signedIn = await services.auth.verifySecondFactor(token, { code: code(-1) }, 'test')
    expect(signedIn.me.user.id).toBe(agent.id)
    expect((await services.auth.resolve(signedIn.token))?.userId).toBe(agent.id)

    // The half-way token worked once.
    const reused = await failure(() => services.auth.verifySecondFactor(token, { code: code(0) }, 'test'))
    expect(reused.reason).toBe(ErrorReason.SECOND_FACTOR_EXPIRED)
    // The same code again, on a new sign-in, is refused; so is the one before it (an earlier step).
    const again = await pending()
    expect((await failure(() => services.auth.verifySecondFactor(again, { code: code(-1) }, 'test'))).reason).toBe(
      ErrorReason.SECOND_FACTOR_INVALID,
    )
    // A step ahead (a fast clock) is taken, and then the current one is older than it: refused.
    await services.auth.verifySecondFactor(again, { code: code(1) }, 'test')
    const third = await pending()
    expect((await failure(() => services.auth.verifySecondFactor(third, { code: code(0) }, 'test'))).reason).toBe(
      ErrorReason.SECOND_FACTOR_INVALID,
    )
    clock.advance(2 * STEP_MS)
    await services.auth.verifySecondFactor(third, { code: code(0) }, 'test')
  })

  it('lets a half-way sign-in expire after 5 minutes', async () => {
    const { services, clock, code, pending } = await enrolled(engine)
    const token = await pending()
    clock.advance(CHALLENGE_TTL_MS - 1000)
    const late = await pending()
    await expect(services.auth.verifySecondFactor(token, { code: code() }, 'test')).resolves.toBeTruthy()
    clock.advance(CHALLENGE_TTL_MS + 1000)
    const expired = await failure(() => services.auth.verifySecondFactor(late, { code: code() }, 'test'))
    expect([expired.code, expired.reason]).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.SECOND_FACTOR_EXPIRED])
    // An unknown token is the same answer.
    const unknown = await failure(() => services.auth.verifySecondFactor('x'.repeat(43), { code: code() }, 'test'))
    expect(unknown.reason).toBe(ErrorReason.SECOND_FACTOR_EXPIRED)
  })

  it('throttles wrong codes with the password limiter, per user', async () => {
    const { services, clock, code, pending } = await enrolled(engine)
    const token = await pending()
    for (let i = 0; i < 5; i++) {
      expect((await failure(() => services.auth.verifySecondFactor(token, { code: '000000' }, 'test'))).reason).toBe(
        ErrorReason.SECOND_FACTOR_INVALID,
      )
    }
    // Blocked now, even for the right code.
    const blocked = await failure(() => services.auth.verifySecondFactor(token, { code: code() }, 'test'))
    expect([blocked.code, blocked.reason, blocked.retryAfterSeconds]).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.THROTTLED, 1])
    clock.advance(1000)
    await expect(services.auth.verifySecondFactor(token, { code: code() }, 'test')).resolves.toBeTruthy()
  })
})

describeEngines('second factors without their factor.key', (engine) => {
  it('say so (UNAVAILABLE, never INTERNAL) and still take a recovery code', async () => {
    const { backend, code, agent, recoveryCodes } = await enrolled(engine)
    // The same store served from a data folder without that factor.key (another machine it was not copied to).
    const elsewhere = createServices(backend.engine, backend.clock, {}, { dataDir: tempDir(), secrets: testKeychain, migrationsFolder: '' })
    const pendingThere = async () => (await failure(() => elsewhere.auth.signIn(agent.email, PASSWORD))).pendingToken!
    const refused = await failure(async () => elsewhere.auth.verifySecondFactor(await pendingThere(), { code: code() }, 'test'))
    expect([refused.code, refused.message]).toEqual([ErrorCode.UNAVAILABLE, FACTOR_KEY_MISSING])
    await expect(elsewhere.auth.verifySecondFactor(await pendingThere(), { recoveryCode: recoveryCodes[0]! }, 'test')).resolves.toBeTruthy()
  })
})

describeEngines('second factors: recovery codes', (engine) => {
  it('sign in once each, are audited and mailed; regenerating kills the old ones', async () => {
    const { backend, services, agent, recoveryCodes, code, pending } = await enrolled(engine)
    const first = recoveryCodes[0]!
    // Typed in capitals and without the hyphen, it still counts.
    const signedIn = await services.auth.verifySecondFactor(
      await pending(),
      { recoveryCode: first.toUpperCase().replace('-', ' ') },
      'test',
    )
    expect(signedIn.me.user.id).toBe(agent.id)
    expect((await auditActions(backend)).at(-1)).toEqual(['auth.sign-in-with-recovery-code', 'ok'])
    const mail = await backend.engine.read(({ db, t }) => db.select().from(t.outbox))
    expect(mail.map((m) => [m.to, m.subject])).toContainEqual([agent.email, 'A recovery code was used to sign in to Switchboard'])
    expect(await services.factors.status(agent.actor)).toMatchObject({ recoveryCodesLeft: 9 })

    const reused = await failure(async () => services.auth.verifySecondFactor(await pending(), { recoveryCode: first }, 'test'))
    expect([reused.code, reused.reason]).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.SECOND_FACTOR_INVALID])

    // New codes need a current code (or the password); the old ones stop working.
    const wrong = await failure(() => services.factors.regenerateRecoveryCodes(agent.actor, { password: 'not it' }))
    expect([wrong.code, wrong.reason, Object.keys(wrong.fields ?? {})]).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
      ['password'],
    ])
    const { recoveryCodes: fresh } = await services.factors.regenerateRecoveryCodes(agent.actor, { code: code() })
    expect((await auditActions(backend)).at(-1)).toEqual(['account.regenerate-recovery-codes', 'ok'])
    expect(await services.factors.status(agent.actor)).toMatchObject({ recoveryCodesLeft: 10 })
    expect(
      (await failure(async () => services.auth.verifySecondFactor(await pending(), { recoveryCode: recoveryCodes[1]! }, 'test'))).reason,
    ).toBe(ErrorReason.SECOND_FACTOR_INVALID)
    await expect(services.auth.verifySecondFactor(await pending(), { recoveryCode: fresh[0]! }, 'test')).resolves.toBeTruthy()
    // The code that made them is used: it cannot sign in.
    expect((await failure(async () => services.auth.verifySecondFactor(await pending(), { code: code() }, 'test'))).reason).toBe(
      ErrorReason.SECOND_FACTOR_INVALID,
    )
  })

  it('removing the app (with the password) takes the codes with it: the password alone signs in again', async () => {
    const { backend, services, agent, pending } = await enrolled(engine)
    await pending()
    const wrong = await failure(() => services.factors.removeTotp(agent.actor, { code: '123456' }))
    expect([wrong.code, wrong.reason]).toEqual([ErrorCode.VALIDATION, ErrorReason.SECOND_FACTOR_INVALID])
    await services.factors.removeTotp(agent.actor, { password: PASSWORD })
    expect((await auditActions(backend)).at(-1)).toEqual(['account.remove-totp', 'ok'])
    expect(await services.factors.status(agent.actor)).toEqual({ totp: null, passkeys: 0, recoveryCodesLeft: 0 })
    expect(await backend.engine.read(({ db, t }) => db.select().from(t.recoveryCodes))).toEqual([])
    expect((await services.auth.signIn(agent.email, PASSWORD)).me.user.id).toBe(agent.id)
    expect((await failure(() => services.factors.removeTotp(agent.actor, { password: PASSWORD }))).code).toBe(ErrorCode.NOT_FOUND)
  })
})

const sent = useMailCapture()

describeEngines("second factors: an administrator resets another user's (lost devices)", (engine) => {
  it('ADMIN of the tenant: the app and codes go, sessions end, the user is mailed, audited; never their own', async () => {
    const { backend, services, op, agent, recoveryCodes, pending, clock } = await enrolled(engine, sent.config())
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    const peer = await seedUser(backend, op.tenantId, 'AGENT', 'Pat Peer')
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
    const waiting = await pending()
    const rows = async () => backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))
    const before = (await rows()).length

    // Who may not: an AGENT, an ADMIN on a SUPER_ADMIN, anyone on themselves, another tenant's ADMIN.
    expect((await failure(() => services.factors.resetOf(peer.actor, agent.id))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await failure(() => services.factors.resetOf(admin.actor, op.userId))).code).toBe(ErrorCode.FORBIDDEN)
    const own = await failure(() => services.factors.resetOf(agent.actor, agent.id))
    expect(own.code).toBe(ErrorCode.FORBIDDEN)
    const self = await failure(() => services.factors.resetOf(admin.actor, admin.id))
    expect([self.code, self.reason, self.message]).toEqual([
      ErrorCode.FORBIDDEN,
      ErrorReason.SELF_CHANGE,
      'You cannot reset your own second factor. Remove your authenticator app on Your account, or ask another administrator.',
    ])
    expect((await failure(() => services.factors.resetOf(adminB.actor, agent.id))).code).toBe(ErrorCode.NOT_FOUND)
    expect(await services.factors.status(agent.actor)).toMatchObject({ recoveryCodesLeft: 10 })
    expect((await rows()).length).toBe(before)
    expect((await services.users.get(admin.actor, agent.id)).secondFactor).toBe(true)

    // The reset: in one transaction with its audit row in the user's tenant.
    expect(await services.factors.resetOf(admin.actor, agent.id)).toEqual({ sessionsEnded: 1 })
    const row = (await rows()).at(-1)!
    expect(row).toMatchObject({ action: 'users.reset-second-factor', result: 'ok', actorUserId: admin.id, actingTenantId: op.tenantId })
    expect(row.target).toBe(`${agent.id} (1 session ended)`)
    expect(await services.auth.resolve(agent.token)).toBeNull()
    expect(await backend.engine.read(({ db, t }) => db.select().from(t.userFactors))).toEqual([])
    expect(await backend.engine.read(({ db, t }) => db.select().from(t.recoveryCodes))).toEqual([])
    expect((await services.users.get(admin.actor, agent.id)).secondFactor).toBe(false)
    // Mailed, with no secret: no recovery code, no token.
    const mail = sent.received().at(-1)!
    expect([mail.to && !Array.isArray(mail.to) && mail.to.text, mail.subject]).toEqual([
      agent.email,
      'Your second factor for Switchboard was reset',
    ])
    expect(mail.text).toContain('Ann Admin')
    for (const code of recoveryCodes) expect(`${mail.text} ${String(mail.html)}`).not.toContain(code)
    // A sign-in half-way when it happened cannot be finished; the password alone signs in now.
    expect((await failure(() => services.auth.verifySecondFactor(waiting, { recoveryCode: recoveryCodes[0]! }, 'test'))).reason).toBe(
      ErrorReason.SECOND_FACTOR_EXPIRED,
    )
    // The password alone signs in, to a session limited to setting up a factor again (the organisation does not require one).
    const again = await services.auth.signIn(agent.email, PASSWORD)
    expect([again.me.user.id, again.me.secondFactorRequired, again.me.enrolmentOnly, again.me.enrolmentReason]).toEqual([
      agent.id,
      false,
      true,
      'reset',
    ])
    const inAgain = (await services.auth.resolve(again.token))!
    const { secret } = await services.factors.startTotp(inAgain)
    await services.factors.confirmTotp(inAgain, totpCodeAt(secret, clock.now()))
    expect(await services.factors.enrolmentReason(inAgain)).toBe(null)
    await services.factors.removeTotp(inAgain, { password: PASSWORD })
    // Set up again, the reset no longer holds them: removing their own leaves them free (nothing required).
    expect(await services.factors.enrolmentReason(inAgain)).toBe(null)
    // Nothing left to reset.
    const nothing = await failure(() => services.factors.resetOf(admin.actor, agent.id))
    expect([nothing.code, nothing.reason]).toEqual([ErrorCode.CONFLICT, ErrorReason.NO_SECOND_FACTOR])
  })

  it('SUPER_ADMIN: any user of a tenant they act in, audited in that tenant', async () => {
    const { backend, services, op, clock } = await enrolled(engine)
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const bo = await seedUser(backend, tenantB, 'AGENT', 'Bo Agent', 'bo@contoso.test')
    const { secret } = await services.factors.startTotp(bo.actor)
    await services.factors.confirmTotp(bo.actor, totpCodeAt(secret, clock.now()))
    // From the Admin Tenant, Bo is not in the acting tenant.
    expect((await failure(() => services.factors.resetOf(op.actor, bo.id))).code).toBe(ErrorCode.NOT_FOUND)
    await services.auth.switchTenant(op.actor, tenantB)
    const inB = (await services.auth.resolve(op.token))!
    expect(await services.factors.resetOf(inB, bo.id)).toEqual({ sessionsEnded: 1 })
    const row = (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).at(-1)!
    expect(row).toMatchObject({ action: 'users.reset-second-factor', actorUserId: op.userId, actingTenantId: tenantB })
    expect(await services.factors.status(bo.actor)).toEqual({ totp: null, passkeys: 0, recoveryCodesLeft: 0 })
  })
})
