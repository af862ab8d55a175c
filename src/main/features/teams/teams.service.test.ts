import { expect, it } from 'vitest'
import { ErrorCode, toAppError } from '../../../shared/errors'
import { backendOn, describeEngines, type EngineName } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { seedOperator, seedTenant, seedTicket, seedUser, withoutHelpdesk } from '../../../../tests/support/seed'

async function withTeam(engine: EngineName) {
  const backend = await backendOn(engine)
  const op = await seedOperator(backend)
  const nia = await seedUser(backend, op.tenantId, 'AGENT', 'Nia Agent')
  const max = await seedUser(backend, op.tenantId, 'AGENT', 'Max Manager')
  const sol = await seedUser(backend, op.tenantId, 'AGENT', 'Sol Outsider')
  const team = await backend.services.teams.create(op.actor, { name: 'Service Desk', description: 'First line' })
  await backend.services.teams.setMember(op.actor, { teamId: team.id, userId: nia.id, role: 'MEMBER' })
  await backend.services.teams.setMember(op.actor, { teamId: team.id, userId: max.id, role: 'MANAGER' })
  return { backend, op, nia, max, sol, team }
}

describeEngines('teams', (engine) => {
  it('lists teams with member counts and managers', async () => {
    const { backend, op } = await withTeam(engine)
    expect(await backend.services.teams.list(op.actor)).toMatchObject([
      { name: 'Service Desk', memberCount: 2, managers: [{ name: 'Max Manager' }] },
    ])
  })

  it('keeps names unique in the tenant, case-insensitively, but not across tenants', async () => {
    const { backend, op, team } = await withTeam(engine)
    const error = await failure(() => backend.services.teams.create(op.actor, { name: 'SERVICE desk', description: '' }))
    expect([error.code, error.fields?.name, error.reason, error.ids]).toEqual([
      ErrorCode.CONFLICT,
      'A team with this name exists',
      'NAME_TAKEN',
      { teamId: team.id },
    ])
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin')
    expect((await backend.services.teams.create(adminB.actor, { name: 'Service Desk', description: '' })).name).toBe('Service Desk')
  })

  it('lets a MANAGER change membership and signature of their own team only', async () => {
    const { backend, op, nia, max, sol, team } = await withTeam(engine)
    const changed = await backend.services.teams.setMember(max.actor, { teamId: team.id, userId: sol.id, role: 'MEMBER' })
    expect(changed.members.map((m) => m.name)).toEqual(['Max Manager', 'Nia Agent', 'Sol Outsider'])
    await backend.services.teams.setSignature(max.actor, { teamId: team.id, signature: '{{agent.name}} — {{team.name}}' })
    expect((await failure(() => backend.services.teams.update(max.actor, { id: team.id, name: 'Renamed', description: '' }))).code).toBe(
      ErrorCode.FORBIDDEN,
    )
    expect(
      (await failure(() => backend.services.teams.setMember(nia.actor, { teamId: team.id, userId: sol.id, role: 'MANAGER' }))).code,
    ).toBe(ErrorCode.FORBIDDEN)
    const other = await backend.services.teams.create(op.actor, { name: 'Projects', description: '' })
    expect(
      (await failure(() => backend.services.teams.setMember(max.actor, { teamId: other.id, userId: sol.id, role: 'MEMBER' }))).code,
    ).toBe(ErrorCode.FORBIDDEN)
    const actions = (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).map((r) => r.action)
    expect(actions.filter((a) => a.startsWith('teams.'))).toEqual([
      'teams.create',
      'teams.set-member',
      'teams.set-member',
      'teams.set-member',
      'teams.set-signature',
      'teams.create',
    ])
  })

  it('lets only an ADMIN demote or remove a MANAGER, the MANAGER themselves included', async () => {
    const { backend, op, nia, max, team } = await withTeam(engine)
    const pia = await seedUser(backend, op.tenantId, 'AGENT', 'Pia Manager')
    await backend.services.teams.setMember(op.actor, { teamId: team.id, userId: pia.id, role: 'MANAGER' })
    for (const userId of [max.id, pia.id]) {
      expect((await failure(() => backend.services.teams.removeMember(max.actor, { teamId: team.id, userId }))).code).toBe(
        ErrorCode.FORBIDDEN,
      )
      expect((await failure(() => backend.services.teams.setMember(max.actor, { teamId: team.id, userId, role: 'MEMBER' }))).code).toBe(
        ErrorCode.FORBIDDEN,
      )
    }
    expect((await backend.services.teams.removeMember(max.actor, { teamId: team.id, userId: nia.id })).members.map((m) => m.name)).toEqual([
      'Max Manager',
      'Pia Manager',
    ])
    expect((await backend.services.teams.removeMember(op.actor, { teamId: team.id, userId: pia.id })).members.map((m) => m.name)).toEqual([
      'Max Manager',
    ])
  })

  it('refuses a deactivated user as a new member, keeps one who was already a member, and excludes them from assignment', async () => {
    const { backend, op, nia, sol, team } = await withTeam(engine)
    await backend.services.users.update(op.actor, { id: sol.id, active: false })
    const refused = await failure(() => backend.services.teams.setMember(op.actor, { teamId: team.id, userId: sol.id, role: 'MEMBER' }))
    expect([refused.code, refused.reason, refused.ids]).toEqual([ErrorCode.CONFLICT, 'USER_DEACTIVATED', { userId: sol.id }])
    await backend.services.users.update(op.actor, { id: nia.id, active: false })
    const detail = await backend.services.teams.get(op.actor, team.id)
    expect(detail.members.find((m) => m.userId === nia.id)).toMatchObject({ active: false, role: 'MEMBER' })
    expect((await backend.services.users.assignable(op.actor, undefined, team.id)).map((u) => u.name)).toEqual(['Max Manager'])
  })

  it('routes a ticket to a team and offers only its active members as assignees', async () => {
    const { backend, op, nia, max, sol, team } = await withTeam(engine)
    const ticket = await seedTicket(backend, op.tenantId, 1, 'Printer on fire', sol.id)
    const routed = await backend.services.helpdesk.setTicketTeam(op.actor, ticket, team.id)
    // Sol is not in the team, so the assignment is cleared.
    expect(routed).toMatchObject({ team: { name: 'Service Desk' }, assignee: null })
    expect((await backend.services.users.assignable(op.actor, undefined, team.id)).map((u) => u.name)).toEqual(['Max Manager', 'Nia Agent'])
    const refused = await failure(() => backend.services.helpdesk.assignTicket(op.actor, ticket, sol.id))
    expect([refused.code, refused.fields?.assigneeId]).toEqual([ErrorCode.VALIDATION, 'Not assignable'])
    expect((await backend.services.helpdesk.assignTicket(op.actor, ticket, nia.id)).assignee?.name).toBe('Nia Agent')
    await backend.services.users.update(op.actor, { id: max.id, active: false })
    expect((await failure(() => backend.services.helpdesk.assignTicket(op.actor, ticket, max.id))).code).toBe(ErrorCode.VALIDATION)
  })

  it('renders the reply footer from the team signature with the agent’s values, or nothing', async () => {
    const { backend, op, nia, team } = await withTeam(engine)
    expect(await backend.services.teams.replyFooter(op.tenantId, team.id, { name: 'Nia Agent', email: nia.email }, 'Northwind MSP')).toBe(
      '',
    )
    await backend.services.teams.setSignature(op.actor, {
      teamId: team.id,
      signature: '-- \n{{agent.name}} <{{agent.email}}>\n{{team.name}}, {{organisation.name}}',
    })
    expect(await backend.services.teams.replyFooter(op.tenantId, team.id, { name: 'Nia Agent', email: nia.email }, 'Northwind MSP')).toBe(
      `-- \nNia Agent <${nia.email}>\nService Desk, Northwind MSP`,
    )
    expect(await backend.services.teams.replyFooter(op.tenantId, null, { name: 'Nia Agent', email: nia.email }, 'Northwind MSP')).toBe('')
  })

  it('answers NOT_FOUND across tenants and FEATURE_DISABLED without helpdesk', async () => {
    const { backend, op, nia, team } = await withTeam(engine)
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin')
    for (const run of [
      () => backend.services.teams.get(adminB.actor, team.id),
      () => backend.services.teams.setMember(adminB.actor, { teamId: team.id, userId: adminB.id, role: 'MEMBER' }),
      () => backend.services.teams.removeMember(adminB.actor, { teamId: team.id, userId: nia.id }),
      () => backend.services.users.assignable(adminB.actor, undefined, team.id),
    ]) {
      expect((await failure(run)).code).toBe(ErrorCode.NOT_FOUND)
    }
    await withoutHelpdesk(backend, op)
    expect((await failure(() => backend.services.teams.list(op.actor))).code).toBe(ErrorCode.FEATURE_DISABLED)
  })

  it('lets one of two racing creates or renames to one name through, the other a CONFLICT naming it', async () => {
    const { backend, op, team } = await withTeam(engine)
    const created = await Promise.allSettled([
      backend.services.teams.create(op.actor, { name: 'Projects', description: '' }),
      backend.services.teams.create(op.actor, { name: 'PROJECTS', description: '' }),
    ])
    const other = await backend.services.teams.create(op.actor, { name: 'Escalations', description: '' })
    const renamed = await Promise.allSettled([
      backend.services.teams.update(op.actor, { id: team.id, name: 'Second line', description: '' }),
      backend.services.teams.update(op.actor, { id: other.id, name: 'second LINE', description: '' }),
    ])
    for (const results of [created, renamed]) {
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
      const error = toAppError((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)
      expect([error.code, error.reason]).toEqual([ErrorCode.CONFLICT, 'NAME_TAKEN'])
    }
  })

  it('lists teams by lower(name) byte by byte on both engines', async () => {
    const { backend, op } = await withTeam(engine)
    for (const name of ['_Triage', 'a team', 'A-Team', 'Zebra']) await backend.services.teams.create(op.actor, { name, description: '' })
    expect((await backend.services.teams.list(op.actor)).map((t) => t.name)).toEqual([
      '_Triage',
      'a team',
      'A-Team',
      'Service Desk',
      'Zebra',
    ])
  })
})
