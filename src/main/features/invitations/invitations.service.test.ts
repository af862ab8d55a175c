import { expect, it } from 'vitest'
import { ErrorCode, ErrorReason, type AppError } from '../../../shared/errors'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { useMailCapture } from '../../../../tests/support/mail-capture'
import { PASSWORD, seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import { EMAIL_ELSEWHERE, INVITATION_TTL_MS, LINK_EXPIRED, LINK_INVALID, LINK_USED } from './invitations.service'

const users = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.users))
const invitationRows = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.invitations))

describeEngines('invitations', (engine) => {
  const sent = useMailCapture()

  async function invited(email = 'new.agent@example.test') {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const result = await backend.services.invitations.create(op.actor, { email, role: 'AGENT' })
    return { backend, op, result, token: sent.last().token }
  }

  it('emails a registration link valid for exactly 7 days', async () => {
    const { backend, result, token } = await invited()
    const { mail } = sent.last()
    expect(result.delivery).toEqual({ to: 'new.agent@example.test', via: 'smtp' })
    expect(mail.subject).toBe("You're invited to Northwind MSP on Switchboard")
    expect(mail.html).toContain(token)
    expect(result.invitation.expiresAt.getTime() - result.invitation.sentAt.getTime()).toBe(INVITATION_TTL_MS)

    backend.clock.advance(INVITATION_TTL_MS - 1000)
    expect(await backend.services.invitations.inspect(token, 'test')).toEqual({
      email: 'new.agent@example.test',
      organisation: 'Northwind MSP',
      role: 'AGENT',
    })
    backend.clock.advance(2000)
    const error = await failure(() => backend.services.invitations.inspect(token, 'test'))
    expect([error.code, error.message]).toEqual([ErrorCode.EXPIRED, LINK_EXPIRED])
    expect((await failure(() => backend.services.invitations.register(token, { name: 'Late', password: PASSWORD }, 'test'))).code).toBe(
      ErrorCode.EXPIRED,
    )
  })

  it('registers the invitee in the inviting tenant with the invited role, once', async () => {
    const { backend, op, token } = await invited()
    const { userId } = await backend.services.invitations.register(token, { name: 'Nia Agent', password: PASSWORD }, 'test')
    const user = (await users(backend)).find((u) => u.id === userId)!
    expect(user).toMatchObject({ tenantId: op.tenantId, role: 'AGENT', email: 'new.agent@example.test', name: 'Nia Agent', active: true })
    await expect(backend.services.auth.signIn('new.agent@example.test', PASSWORD)).resolves.toBeTruthy()
    const again = await failure(() => backend.services.invitations.register(token, { name: 'Again', password: PASSWORD }, 'test'))
    expect([again.code, again.message, again.reason]).toEqual([ErrorCode.CONFLICT, LINK_USED, 'LINK_USED'])
    expect(await backend.services.invitations.list(op.actor)).toEqual([])
  })

  it('lets exactly one of two concurrent registrations through', async () => {
    const { backend, token } = await invited()
    const outcomes = await Promise.allSettled([
      backend.services.invitations.register(token, { name: 'First', password: PASSWORD }, 'test'),
      backend.services.invitations.register(token, { name: 'Second', password: PASSWORD }, 'test'),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect((rejected.reason as AppError).code).toBe(ErrorCode.CONFLICT)
    expect((await users(backend)).filter((u) => u.email === 'new.agent@example.test')).toHaveLength(1)
  })

  it('Resend issues a new link, kills the old one and renews the 7 days', async () => {
    const { backend, op, result, token: oldToken } = await invited()
    backend.clock.advance(6 * 24 * 3600 * 1000)
    const resent = await backend.services.invitations.resend(op.actor, result.invitation.id)
    const { token: newToken } = sent.last()
    expect(newToken).not.toBe(oldToken)
    expect(resent.invitation.expiresAt.getTime()).toBe(backend.clock.now().getTime() + INVITATION_TTL_MS)
    const old = await failure(() => backend.services.invitations.inspect(oldToken, 'test'))
    expect([old.code, old.message]).toEqual([ErrorCode.NOT_FOUND, LINK_INVALID])
    backend.clock.advance(INVITATION_TTL_MS - 1000)
    expect((await backend.services.invitations.inspect(newToken, 'test')).email).toBe('new.agent@example.test')
  })

  it('Revoke withdraws the invitation and its link', async () => {
    const { backend, op, result, token } = await invited()
    await backend.services.invitations.revoke(op.actor, result.invitation.id)
    expect((await failure(() => backend.services.invitations.inspect(token, 'test'))).message).toBe(LINK_INVALID)
    expect(await backend.services.invitations.list(op.actor)).toEqual([])
  })

  it('refuses to invite an existing user or an already invited email, case-insensitively', async () => {
    const { backend, op } = await invited('pending@example.test')
    const existing = await failure(() => backend.services.invitations.create(op.actor, { email: 'ada@northwind.test', role: 'AGENT' }))
    expect([existing.code, existing.reason, existing.fields?.email]).toEqual([
      ErrorCode.CONFLICT,
      ErrorReason.EMAIL_TAKEN,
      'Already a user here',
    ])
    const pending = await failure(() => backend.services.invitations.create(op.actor, { email: 'PENDING@example.test', role: 'ADMIN' }))
    // The reason and the invitation's id are data, so the console offers Resend without reading prose.
    const [open] = await backend.services.invitations.list(op.actor)
    expect([pending.code, pending.reason, pending.ids]).toEqual([
      ErrorCode.CONFLICT,
      ErrorReason.ALREADY_INVITED,
      { invitationId: open?.id },
    ])
    expect(await invitationRows(backend)).toHaveLength(1)
  })

  it('refuses an email in use in another organisation with one message that names neither it nor its state', async () => {
    const { backend, op } = await invited()
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
    await backend.services.invitations.create(adminB.actor, { email: 'pending.b@contoso.test', role: 'AGENT' })
    const userElsewhere = await failure(() => backend.services.invitations.create(op.actor, { email: 'bea@contoso.test', role: 'AGENT' }))
    const invitedElsewhere = await failure(() =>
      backend.services.invitations.create(op.actor, { email: 'pending.b@contoso.test', role: 'AGENT' }),
    )
    const seen = (e: AppError) => JSON.stringify([e.code, e.message, e.fields, e.reason, e.ids])
    expect(seen(userElsewhere)).toBe(seen(invitedElsewhere))
    expect([userElsewhere.code, userElsewhere.reason, userElsewhere.message]).toEqual([
      ErrorCode.CONFLICT,
      ErrorReason.EMAIL_ELSEWHERE,
      EMAIL_ELSEWHERE,
    ])
    expect(seen(userElsewhere)).not.toMatch(/contoso|pending|invitation|user/i)
  })

  it('grants SUPER_ADMIN only inside the Admin Tenant, and only AGENT-proof roles manage invitations', async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin')
    const agentB = await seedUser(backend, tenantB, 'AGENT', 'Al Agent')
    const superInB = await failure(() =>
      backend.services.invitations.create(adminB.actor, { email: 'x@example.test', role: 'SUPER_ADMIN' }),
    )
    expect(superInB.code).toBe(ErrorCode.VALIDATION)
    const byAgent = await failure(() => backend.services.invitations.create(agentB.actor, { email: 'x@example.test', role: 'AGENT' }))
    expect(byAgent.code).toBe(ErrorCode.FORBIDDEN)
  })

  it('lets only a SUPER_ADMIN resend or revoke a SUPER_ADMIN invitation, and hides its mail from ADMINs', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    const root = await backend.services.invitations.create(op.actor, { email: 'root@example.test', role: 'SUPER_ADMIN' })
    const agent = await backend.services.invitations.create(admin.actor, { email: 'agent@example.test', role: 'AGENT' })
    expect((await failure(() => backend.services.invitations.resend(admin.actor, root.invitation.id))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await failure(() => backend.services.invitations.revoke(admin.actor, root.invitation.id))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await backend.services.outbox.list(admin.actor)).map((m) => m.to)).toEqual(['agent@example.test'])
    expect(await backend.services.outbox.list(op.actor)).toHaveLength(2)
    await backend.services.invitations.resend(admin.actor, agent.invitation.id)
    await backend.services.invitations.resend(op.actor, root.invitation.id)
    await backend.services.invitations.revoke(op.actor, root.invitation.id)
    expect((await backend.services.invitations.list(admin.actor)).map((i) => i.email)).toEqual(['agent@example.test'])
  })

  it('keeps tokens and password hashes out of every result and audit row', async () => {
    const { backend, op, result, token } = await invited()
    const resent = await backend.services.invitations.resend(op.actor, result.invitation.id)
    const newToken = sent.last().token
    await backend.services.invitations.register(newToken, { name: 'Nia Agent', password: PASSWORD }, 'test')
    const rows = await backend.engine.read(({ db, t }) => db.select().from(t.auditLog))
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['invitations.create', 'invitations.resend', 'invitations.accept']))
    const hashes = (await users(backend)).map((u) => u.passwordHash!)
    const visible = JSON.stringify([result, resent, rows, await backend.services.invitations.list(op.actor)])
    for (const secret of [token, newToken, PASSWORD, ...hashes]) expect(visible).not.toContain(secret)
  })

  it('pages Pending Invitations newest sent first, ties by id, with the total on the first page', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin')
    const invite = (email: string, actor = op.actor) => backend.services.invitations.create(actor, { email, role: 'AGENT' })
    // The oldest is left to expire (still pending, marked expired); two pairs are sent at the same moment.
    await invite('oldest@example.test')
    backend.clock.advance(INVITATION_TTL_MS + 60_000)
    for (const group of [
      ['b1@example.test', 'b2@example.test'],
      ['c@example.test'],
      ['d1@example.test', 'd2@example.test', 'd3@example.test'],
    ]) {
      for (const email of group) await invite(email)
      backend.clock.advance(1000)
    }
    const revoked = await invite('revoked@example.test')
    await backend.services.invitations.revoke(op.actor, revoked.invitation.id)
    await invite('elsewhere@example.test', adminB.actor)

    const rows = (await invitationRows(backend)).filter((r) => r.tenantId === op.tenantId && !r.revokedAt && !r.acceptedAt)
    const expected = rows.sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.email)
    expect(expected).toHaveLength(7)

    const pages: { emails: string[]; total: number | null }[] = []
    let cursor: string | undefined
    do {
      const page = await backend.services.invitations.pending(op.actor, { limit: 2, cursor })
      pages.push({ emails: page.items.map((i) => i.email), total: page.total })
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(pages.flatMap((p) => p.emails)).toEqual(expected)
    expect(pages.map((p) => p.total)).toEqual([7, null, null, null])
    // The same invitations, fields and all, as the whole list gives them.
    const all = await backend.services.invitations.list(op.actor)
    expect((await backend.services.invitations.pending(op.actor, { limit: 200 })).items).toEqual(all)
    expect(all.at(-1)).toMatchObject({ email: 'oldest@example.test', expired: true })

    expect(await backend.services.invitations.pending(adminB.actor, {})).toMatchObject({
      items: [{ email: 'elsewhere@example.test' }],
      total: 1,
    })
    expect((await failure(() => backend.services.invitations.pending(op.actor, { cursor: 'not-a-cursor' }))).code).toBe(
      ErrorCode.VALIDATION,
    )
    expect((await failure(() => backend.services.invitations.pending(agent.actor, {}))).code).toBe(ErrorCode.FORBIDDEN)
  })

  it("answers NOT_FOUND for another tenant's invitation and changes nothing", async () => {
    const { backend, result } = await invited()
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin')
    for (const run of [
      () => backend.services.invitations.resend(adminB.actor, result.invitation.id),
      () => backend.services.invitations.revoke(adminB.actor, result.invitation.id),
    ]) {
      expect((await failure(run)).code).toBe(ErrorCode.NOT_FOUND)
    }
    expect(await backend.services.invitations.list(adminB.actor)).toEqual([])
    const [row] = await invitationRows(backend)
    expect(row?.revokedAt).toBeNull()
  })
})
