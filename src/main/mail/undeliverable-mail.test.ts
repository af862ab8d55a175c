import { describe, expect, it } from 'vitest'
import { failure } from '../../../tests/support/failure'
import { useMailCapture } from '../../../tests/support/mail-capture'
import { linkToken, PASSWORD, seedOperator, seedUser } from '../../../tests/support/seed'
import { tempBackend, tempDir } from '../../../tests/support/temp-backend'
import { backendOn, describeEngines } from '../../../tests/support/engines'
import { ErrorCode, ErrorReason } from '../../shared/errors'
import type { Backend } from '../backend'
import { NOT_SENT } from './mailer'

const sent = useMailCapture()

/** Every stored byte of the Outbox, to look for links in. */
const outboxText = async (backend: Backend) => JSON.stringify(await backend.engine.read(({ db, t }) => db.select().from(t.outbox)))

describeEngines('mail that cannot be sent (no mail server) outside demo tenancies', (engine) => {
  it('is recorded as not sent, recipient and subject only, so an ADMIN cannot take over an account from the Outbox', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')

    const reset = await failure(() => backend.services.users.sendPasswordReset(admin.actor, agent.id))
    expect([reset.code, reset.reason]).toEqual([ErrorCode.UNAVAILABLE, ErrorReason.EMAIL_NOT_CONFIGURED])
    expect(reset.message).toContain(NOT_SENT)
    const invited = await backend.services.invitations.create(admin.actor, { email: 'new.agent@example.test', role: 'AGENT' })
    expect(invited.delivery).toBeNull()
    expect(invited.invitation.sendError).toContain(NOT_SENT)

    const seen = await backend.services.outbox.list(admin.actor)
    expect(seen.map((m) => [m.to, m.subject])).toEqual(
      expect.arrayContaining([
        [agent.email, 'Reset your Switchboard password'],
        ['new.agent@example.test', "You're invited to Northwind MSP on Switchboard"],
      ]),
    )
    for (const mail of seen) expect(mail.text).toContain(NOT_SENT)
    expect(await outboxText(backend)).not.toMatch(/#\/(register|reset-password)\//)
  })
})

describe('mail that could not be sent, in a store file', () => {
  it('sends a fresh, working link on Resend once email is configured', async () => {
    const dataDir = tempDir()
    const before = tempBackend(dataDir)
    const op = await seedOperator(before)
    const invited = await before.services.invitations.create(op.actor, { email: 'new.agent@example.test', role: 'AGENT' })
    await before.close()

    const after = tempBackend(dataDir, sent.config())
    const actor = (await after.services.auth.resolve(op.token))!
    const resent = await after.services.invitations.resend(actor, invited.invitation.id)
    expect(resent.delivery).toEqual({ to: 'new.agent@example.test', via: 'smtp' })
    const { userId } = await after.services.invitations.register(sent.last().token, { name: 'Nia Agent', password: PASSWORD }, 'test')
    expect(userId).toBeTruthy()
  })
})

describeEngines('mail of demo tenancies', (engine) => {
  it('stays in the Outbox with its link, also for a SUPER_ADMIN of the Admin Tenant acting there, even with SMTP configured', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const demo = await backend.services.organisations.create(op.actor, {
      name: 'Demo Co',
      slug: 'demo-co',
      isAdminTenant: false,
      isDemo: true,
    })
    await backend.services.auth.switchTenant(op.actor, demo.id)
    const inDemo = (await backend.services.auth.resolve(op.token))!
    const received = sent.received().length

    const result = await backend.services.invitations.create(inDemo, { email: 'demo.agent@example.test', role: 'AGENT' })
    expect(result.delivery).toEqual({ to: 'demo.agent@example.test', via: 'outbox' })
    const [mail] = await backend.services.outbox.list(inDemo)
    const token = linkToken(mail!.text)
    expect((await backend.services.invitations.inspect(token, 'test')).email).toBe('demo.agent@example.test')
    expect(sent.received()).toHaveLength(received)

    // Once the tenancy is no longer a demo, its Outbox keeps no link.
    await backend.services.organisations.update(op.actor, { ...demo, isDemo: false, featuresEnabled: null })
    expect(await outboxText(backend)).not.toContain(token)
  })
})
