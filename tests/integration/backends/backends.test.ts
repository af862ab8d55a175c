import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { SESSION_TTL_MS } from '../../../src/main/features/auth/auth.service'
import { toAppError } from '../../../src/shared/errors'
import { useMailCapture } from '../../support/mail-capture'
import { OPERATOR } from '../../support/temp-backend'
import { describeBackends, openBackendOf, type BackendKind } from './backends'

const sent = useMailCapture()

async function signedIn(kind: BackendKind) {
  const target = await openBackendOf(kind, sent.config())
  const operator = target.connect()
  await operator.auth.setup(OPERATOR)
  return { ...target, operator }
}

describeBackends((kind) => {
  it('invitations: invite, the mail reaches the invitee, they register and appear in Users', async () => {
    const { operator, connect, linkBase } = await signedIn(kind)
    const { invitation } = await operator.invitations.create({ email: 'nia@example.test', role: 'AGENT' })
    expect((await operator.invitations.list()).map((i) => i.id)).toContain(invitation.id)
    const { mail, token } = sent.last()
    expect(mail.to).toContain('nia@example.test')
    expect(mail.text).toContain(`${linkBase}/#/register/${token}`)

    const invitee = connect()
    expect(await invitee.auth.inspectInvitation({ token })).toMatchObject({ email: 'nia@example.test', role: 'AGENT' })
    const me = await invitee.auth.register({ token, name: 'Nia Agent', password: 'a perfectly fine password' })
    expect(me.user).toMatchObject({ email: 'nia@example.test', role: 'AGENT' })
    expect((await invitee.auth.me())?.user.email).toBe('nia@example.test')
    expect((await operator.users.list({})).items.map((u) => u.email).sort()).toEqual([OPERATOR.admin.email, 'nia@example.test'])
    // The link works once.
    expect(
      (
        await connect()
          .auth.register({ token, name: 'Again', password: 'a perfectly fine password' })
          .then(() => null, toAppError)
      )?.code,
    ).toBeDefined()
  })

  it('All Invitations: the queue across tenants, bulk Resend and Revoke with per-row results', async () => {
    const { operator } = await signedIn(kind)
    const home = (await operator.invitations.create({ email: 'home@example.test', role: 'AGENT' })).invitation
    const contoso = await operator.organisations.create({ name: 'Contoso', slug: 'contoso', isAdminTenant: false, isDemo: false })
    await operator.auth.switchTenant({ tenantId: contoso.id })
    const there = (await operator.invitations.create({ email: 'there@example.test', role: 'AGENT' })).invitation
    const queue = await operator.invitations.queue({})
    // Soonest to expire first: created moments apart (or at one instant, then by id), so compared as a set.
    expect(queue.items.map((i) => [i.email, i.tenant.slug]).sort()).toEqual([
      ['home@example.test', 'northwind'],
      ['there@example.test', 'contoso'],
    ])
    expect((await operator.invitations.queue({ tenantId: contoso.id })).items.map((i) => i.id)).toEqual([there.id])
    const unknown = randomUUID()
    const resent = await operator.invitations.resendMany({ ids: [home.id, unknown, there.id] })
    expect(resent.results.map((r) => [r.id, r.ok, r.code])).toEqual([
      [home.id, true, null],
      [unknown, false, 'NOT_FOUND'],
      [there.id, true, null],
    ])
    const revoked = await operator.invitations.revokeMany({ ids: [there.id, home.id] })
    expect(revoked.results.every((r) => r.ok)).toBe(true)
    expect((await operator.invitations.queue({})).items).toEqual([])
  })

  it('users: a deactivated user is signed out everywhere at once', async () => {
    const { operator, connect } = await signedIn(kind)
    await operator.invitations.create({ email: 'max@example.test', role: 'ADMIN' })
    const max = connect()
    const me = await max.auth.register({ token: sent.last().token, name: 'Max Admin', password: 'a perfectly fine password' })
    expect((await max.users.list({})).items.length).toBe(2)
    const updated = await operator.users.update({ id: me.user.id, active: false })
    expect(updated.active).toBe(false)
    expect((await max.users.list({}).then(() => null, toAppError))?.code).toBe('UNAUTHENTICATED')
  })

  it('organisations: create, list, get and update', async () => {
    const { operator } = await signedIn(kind)
    const created = await operator.organisations.create({ name: 'Contoso', slug: 'contoso', isAdminTenant: false, isDemo: false })
    expect((await operator.organisations.list({})).items.map((o) => o.slug).sort()).toEqual(['contoso', 'northwind'])
    expect((await operator.organisations.get({ id: created.id })).name).toBe('Contoso')
    const { organisation } = await operator.organisations.update({ ...created, name: 'Contoso Ltd', featuresEnabled: '' })
    expect(organisation.name).toBe('Contoso Ltd')
    const taken = await operator.organisations
      .create({ name: 'Other', slug: 'contoso', isAdminTenant: false, isDemo: false })
      .then(() => null, toAppError)
    expect(taken?.code).toBe('CONFLICT')
  })

  it('teams: create a team and manage its members', async () => {
    const { operator } = await signedIn(kind)
    const me = await operator.auth.me()
    const team = await operator.teams.create({ name: 'Service Desk', description: 'First line' })
    const withManager = await operator.teams.setMember({ teamId: team.id, userId: me!.user.id, role: 'MANAGER' })
    expect(withManager.members.map((m) => [m.name, m.role])).toEqual([[OPERATOR.admin.name, 'MANAGER']])
    expect((await operator.teams.list()).map((t) => [t.name, t.memberCount])).toEqual([['Service Desk', 1]])
    expect((await operator.teams.removeMember({ teamId: team.id, userId: me!.user.id })).members).toEqual([])
  })

  it('an expired session asks for the password again', async () => {
    const { operator, backend } = await signedIn(kind)
    expect((await operator.users.list({})).items).toHaveLength(1)
    backend.clock.advance(SESSION_TTL_MS)
    expect((await operator.users.list({}).then(() => null, toAppError))?.code).toBe('UNAUTHENTICATED')
    expect(await operator.auth.me()).toBeNull()
  })
})
