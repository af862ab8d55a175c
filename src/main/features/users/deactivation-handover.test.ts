import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { ErrorCode, ErrorReason } from '../../../shared/errors'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'

type Status = 'OPEN' | 'PENDING' | 'RESOLVED' | 'CLOSED'

async function ticket(b: Backend, tenantId: string, number: number, assigneeId: string, teamId: string | null, status: Status = 'OPEN') {
  const id = randomUUID()
  await b.engine.transaction(({ db, t }) =>
    db.insert(t.tickets).values({
      id,
      tenantId,
      number,
      subject: `Ticket ${number}`,
      status,
      assigneeId,
      teamId,
      createdBy: assigneeId,
      createdAt: new Date(),
    }),
  )
  return id
}

const assigneeOf = (b: Backend, id: string) =>
  b.engine.read(async ({ db, t }) => (await db.select().from(t.tickets).where(eq(t.tickets.id, id)))[0]!)
const isActive = (b: Backend, id: string) =>
  b.engine.read(async ({ db, t }) => (await db.select().from(t.users).where(eq(t.users.id, id)))[0]!.active)
const roleIn = (b: Backend, teamId: string, userId: string) =>
  b.engine.read(
    async ({ db, t }) =>
      (
        await db
          .select()
          .from(t.teamMembers)
          .where(and(eq(t.teamMembers.teamId, teamId), eq(t.teamMembers.userId, userId)))
      )[0]?.role,
  )
const auditRows = (b: Backend) => b.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))

/** An operator's tenant with two teams: Al (leaving) in both, MANAGER of Desk; Bo in Desk only; Cy in no team. */
async function scene(engine: Parameters<typeof backendOn>[0]) {
  const b = await backendOn(engine)
  const op = await seedOperator(b)
  const al = await seedUser(b, op.tenantId, 'AGENT', 'Al Leaving')
  const bo = await seedUser(b, op.tenantId, 'AGENT', 'Bo Desk')
  const cy = await seedUser(b, op.tenantId, 'AGENT', 'Cy Free')
  const desk = await b.services.teams.create(op.actor, { name: 'Desk', description: '' })
  const field = await b.services.teams.create(op.actor, { name: 'Field', description: '' })
  await b.services.teams.setMember(op.actor, { teamId: desk.id, userId: al.id, role: 'MANAGER' })
  await b.services.teams.setMember(op.actor, { teamId: field.id, userId: al.id, role: 'MEMBER' })
  await b.services.teams.setMember(op.actor, { teamId: desk.id, userId: bo.id, role: 'MEMBER' })
  await b.services.teams.setSignature(op.actor, { teamId: desk.id, signature: 'Regards, Al Leaving ({{team.name}})' })
  await b.services.teams.setSignature(op.actor, { teamId: field.id, signature: 'Regards, {{agent.name}}' })
  return { b, op, al, bo, cy, desk, field }
}

describeEngines('deactivation with handover', (engine) => {
  it('shows the impact: open tickets, teams and MANAGER roles, signatures that name them, live sessions', async () => {
    const { b, op, al, bo, desk, field } = await scene(engine)
    const t1 = await ticket(b, op.tenantId, 1, al.id, desk.id)
    await ticket(b, op.tenantId, 2, al.id, null, 'PENDING')
    await ticket(b, op.tenantId, 3, al.id, field.id, 'CLOSED')
    await ticket(b, op.tenantId, 4, al.id, null, 'RESOLVED')
    await b.services.auth.openSessionFor(al.id)
    const impact = await b.services.users.deactivationImpact(op.actor, al.id)
    expect(impact.openTickets).toEqual([
      { id: t1, number: 1, subject: 'Ticket 1', status: 'OPEN', team: { id: desk.id, name: 'Desk' } },
      expect.objectContaining({ number: 2, status: 'PENDING', team: null }),
    ])
    expect(impact.openTicketCount).toBe(2)
    expect(impact.teams).toEqual([
      { id: desk.id, name: 'Desk', role: 'MANAGER', otherManagers: 0, successors: [{ id: bo.id, name: 'Bo Desk' }] },
      { id: field.id, name: 'Field', role: 'MEMBER', otherManagers: 0, successors: [] },
    ])
    expect(impact.signatures).toEqual([{ id: desk.id, name: 'Desk' }])
    expect(impact.liveSessions).toBe(2)
    expect(impact.user).toMatchObject({ id: al.id, active: true })
  })

  it('hands open tickets to an active member of the team, ends sessions, and writes one audit row', async () => {
    const { b, op, al, bo, desk } = await scene(engine)
    const open = await ticket(b, op.tenantId, 1, al.id, desk.id)
    const pending = await ticket(b, op.tenantId, 2, al.id, desk.id, 'PENDING')
    const closed = await ticket(b, op.tenantId, 3, al.id, desk.id, 'CLOSED')
    const before = (await auditRows(b)).length
    const result = await b.services.users.deactivate(op.actor, { id: al.id, handover: { to: 'user', assigneeId: bo.id } })
    expect(result).toMatchObject({ ticketsMoved: 2, managersAppointed: 0, sessionsEnded: 1, user: { id: al.id, active: false } })
    expect((await assigneeOf(b, open)).assigneeId).toBe(bo.id)
    expect((await assigneeOf(b, pending)).assigneeId).toBe(bo.id)
    expect(await assigneeOf(b, closed)).toMatchObject({ assigneeId: al.id, createdBy: al.id })
    expect(await b.services.auth.resolve(al.token)).toBeNull()
    const rows = (await auditRows(b)).slice(before)
    expect(rows).toMatchObject([
      {
        action: 'users.deactivate',
        result: 'ok',
        actingTenantId: op.tenantId,
        target: `${al.id} (deactivated; 2 open tickets to ${bo.id}; 1 session ended)`,
      },
    ])
  })

  it('hands tickets without a team to another active user', async () => {
    const { b, op, al, cy } = await scene(engine)
    const loose = await ticket(b, op.tenantId, 1, al.id, null)
    const result = await b.services.users.deactivate(op.actor, { id: al.id, handover: { to: 'user', assigneeId: cy.id } })
    expect(result.ticketsMoved).toBe(1)
    expect((await assigneeOf(b, loose)).assigneeId).toBe(cy.id)
  })

  it('hands tickets to the team queue: unassigned, team kept', async () => {
    const { b, op, al, desk } = await scene(engine)
    const t1 = await ticket(b, op.tenantId, 1, al.id, desk.id)
    const result = await b.services.users.deactivate(op.actor, { id: al.id, handover: { to: 'queue' } })
    expect(result.ticketsMoved).toBe(1)
    expect(await assigneeOf(b, t1)).toMatchObject({ assigneeId: null, teamId: desk.id })
  })

  it('without a handover, the tickets stay assigned', async () => {
    const { b, op, al } = await scene(engine)
    const t1 = await ticket(b, op.tenantId, 1, al.id, null)
    const result = await b.services.users.deactivate(op.actor, { id: al.id })
    expect(result).toMatchObject({ ticketsMoved: 0, user: { active: false } })
    expect((await assigneeOf(b, t1)).assigneeId).toBe(al.id)
  })

  it('refuses an assignee of another tenant, an inactive one, and the leaving user, changing nothing', async () => {
    const { b, op, al, cy } = await scene(engine)
    const t1 = await ticket(b, op.tenantId, 1, al.id, null)
    const other = await seedTenant(b, 'Contoso', 'contoso')
    const stranger = await seedUser(b, other, 'AGENT', 'Stan Stranger')
    await b.services.users.update(op.actor, { id: cy.id, active: false })
    for (const assigneeId of [stranger.id, cy.id, al.id, randomUUID()]) {
      const err = await failure(() => b.services.users.deactivate(op.actor, { id: al.id, handover: { to: 'user', assigneeId } }))
      expect(err).toMatchObject({ code: ErrorCode.VALIDATION, reason: ErrorReason.NOT_ASSIGNABLE })
    }
    expect((await assigneeOf(b, t1)).assigneeId).toBe(al.id)
    expect(await isActive(b, al.id)).toBe(true)
    expect(await b.services.auth.resolve(al.token)).not.toBeNull()
    const denied = (await auditRows(b)).filter((r) => r.action === 'users.deactivate')
    expect(denied.every((r) => r.result !== 'ok')).toBe(true)
  })

  it('is all or nothing: an assignee found not to fit after tickets moved leaves every ticket and the user as they were', async () => {
    const { b, op, al, bo, desk, field } = await scene(engine)
    // Bo is of Desk, not of Field: tickets 1 and 2 (Desk) move before ticket 3 (Field) is refused.
    const t1 = await ticket(b, op.tenantId, 1, al.id, desk.id)
    const t2 = await ticket(b, op.tenantId, 2, al.id, desk.id)
    const t3 = await ticket(b, op.tenantId, 3, al.id, field.id)
    const err = await failure(() => b.services.users.deactivate(op.actor, { id: al.id, handover: { to: 'user', assigneeId: bo.id } }))
    expect(err).toMatchObject({ code: ErrorCode.VALIDATION, reason: ErrorReason.NOT_ASSIGNABLE })
    expect(err.message).toContain('#3')
    for (const id of [t1, t2, t3]) expect((await assigneeOf(b, id)).assigneeId).toBe(al.id)
    expect(await isActive(b, al.id)).toBe(true)
    expect(await b.services.auth.resolve(al.token)).not.toBeNull()
  })

  it('keeps the author of closed tickets, comments and time entries', async () => {
    const { b, op, al, bo, desk } = await scene(engine)
    const open = await ticket(b, op.tenantId, 1, al.id, desk.id)
    const closed = await ticket(b, op.tenantId, 2, al.id, desk.id, 'CLOSED')
    await b.engine.transaction(async ({ db, t }) => {
      await db
        .insert(t.comments)
        .values({ id: randomUUID(), tenantId: op.tenantId, ticketId: open, authorId: al.id, body: 'On it', createdAt: new Date() })
      await db
        .insert(t.timeEntries)
        .values({ id: randomUUID(), tenantId: op.tenantId, ticketId: open, userId: al.id, minutes: 30, createdAt: new Date() })
    })
    await b.services.users.deactivate(op.actor, { id: al.id, handover: { to: 'user', assigneeId: bo.id } })
    expect(await assigneeOf(b, closed)).toMatchObject({ assigneeId: al.id, createdBy: al.id })
    expect(await assigneeOf(b, open)).toMatchObject({ assigneeId: bo.id, createdBy: al.id })
    const detail = await b.services.users.get(op.actor, al.id)
    expect(detail.history.comments).toMatchObject([{ ticketNumber: 1, excerpt: 'On it' }])
    expect(detail.history.totalMinutes).toBe(30)
  })

  it('refuses a user already deactivated, oneself, and a user of another tenant', async () => {
    const { b, op, al } = await scene(engine)
    await b.services.users.deactivate(op.actor, { id: al.id })
    expect(await failure(() => b.services.users.deactivate(op.actor, { id: al.id }))).toMatchObject({
      code: ErrorCode.CONFLICT,
      reason: ErrorReason.USER_DEACTIVATED,
    })
    expect(await failure(() => b.services.users.deactivate(op.actor, { id: op.userId }))).toMatchObject({ reason: ErrorReason.SELF_CHANGE })
    const other = await seedTenant(b, 'Contoso', 'contoso')
    const stranger = await seedUser(b, other, 'AGENT', 'Stan Stranger')
    expect(await failure(() => b.services.users.deactivate(op.actor, { id: stranger.id }))).toMatchObject({ code: ErrorCode.NOT_FOUND })
    expect(await failure(() => b.services.users.deactivationImpact(op.actor, stranger.id))).toMatchObject({ code: ErrorCode.NOT_FOUND })
    expect(await isActive(b, stranger.id)).toBe(true)
  })

  it('offers as successors only the other active members, and counts the other active MANAGERs', async () => {
    const { b, op, al, bo, cy, desk } = await scene(engine)
    const di = await seedUser(b, op.tenantId, 'AGENT', 'Di Manager')
    const ed = await seedUser(b, op.tenantId, 'AGENT', 'Ed Gone')
    await b.services.teams.setMember(op.actor, { teamId: desk.id, userId: di.id, role: 'MANAGER' })
    await b.services.teams.setMember(op.actor, { teamId: desk.id, userId: ed.id, role: 'MEMBER' })
    await b.services.users.update(op.actor, { id: ed.id, active: false })
    const impact = await b.services.users.deactivationImpact(op.actor, al.id)
    expect(impact.teams[0]).toMatchObject({ name: 'Desk', otherManagers: 1, successors: [{ id: bo.id, name: 'Bo Desk' }] })
    expect(impact.teams[0]!.successors.map((s) => s.id)).not.toContain(cy.id)
  })

  it('appoints another active member MANAGER of a team they manage, in the same transaction and audit row', async () => {
    const { b, op, al, bo, desk } = await scene(engine)
    const t1 = await ticket(b, op.tenantId, 1, al.id, desk.id)
    const before = (await auditRows(b)).length
    const result = await b.services.users.deactivate(op.actor, {
      id: al.id,
      handover: { to: 'user', assigneeId: bo.id },
      managers: [{ teamId: desk.id, userId: bo.id }],
    })
    expect(result).toMatchObject({ ticketsMoved: 1, managersAppointed: 1, user: { active: false } })
    expect((await assigneeOf(b, t1)).assigneeId).toBe(bo.id)
    expect(await roleIn(b, desk.id, bo.id)).toBe('MANAGER')
    const rows = (await auditRows(b)).slice(before)
    expect(rows).toMatchObject([
      {
        action: 'users.deactivate',
        result: 'ok',
        target: `${al.id} (deactivated; 1 open ticket to ${bo.id}; MANAGER appointed: ${bo.id} of ${desk.id}; 1 session ended)`,
      },
    ])
  })

  it('without an appointment the team keeps no active MANAGER, and the deactivation goes ahead', async () => {
    const { b, op, al, bo, desk } = await scene(engine)
    await b.services.users.deactivate(op.actor, { id: al.id })
    expect(await roleIn(b, desk.id, bo.id)).toBe('MEMBER')
    const team = await b.services.teams.get(op.actor, desk.id)
    expect(team.members.filter((m) => m.role === 'MANAGER' && m.active)).toEqual([])
  })

  it('refuses a team they do not manage, a non-member, an inactive member and themselves, changing nothing', async () => {
    const { b, op, al, bo, cy, desk, field } = await scene(engine)
    const ed = await seedUser(b, op.tenantId, 'AGENT', 'Ed Gone')
    await b.services.teams.setMember(op.actor, { teamId: desk.id, userId: ed.id, role: 'MEMBER' })
    await b.services.users.update(op.actor, { id: ed.id, active: false })
    const other = await seedTenant(b, 'Contoso', 'contoso')
    const stranger = await seedUser(b, other, 'AGENT', 'Stan Stranger')
    const refused = [
      { teamId: field.id, userId: bo.id },
      { teamId: desk.id, userId: cy.id },
      { teamId: desk.id, userId: ed.id },
      { teamId: desk.id, userId: al.id },
      { teamId: desk.id, userId: stranger.id },
      { teamId: randomUUID(), userId: bo.id },
    ]
    for (const appointment of refused) {
      const err = await failure(() => b.services.users.deactivate(op.actor, { id: al.id, managers: [appointment] }))
      expect(err).toMatchObject({ code: ErrorCode.VALIDATION, reason: ErrorReason.NOT_APPOINTABLE })
    }
    expect(await isActive(b, al.id)).toBe(true)
    expect(await roleIn(b, desk.id, bo.id)).toBe('MEMBER')
  })

  it('is all or nothing: a refused appointment after tickets moved and a MANAGER appointed leaves everything as it was', async () => {
    const { b, op, al, bo, desk, field } = await scene(engine)
    const t1 = await ticket(b, op.tenantId, 1, al.id, desk.id)
    // Bo becomes MANAGER of Desk first; then Field (which Al only belongs to) is refused.
    const err = await failure(() =>
      b.services.users.deactivate(op.actor, {
        id: al.id,
        handover: { to: 'queue' },
        managers: [
          { teamId: desk.id, userId: bo.id },
          { teamId: field.id, userId: bo.id },
        ],
      }),
    )
    expect(err).toMatchObject({ code: ErrorCode.VALIDATION, reason: ErrorReason.NOT_APPOINTABLE })
    expect(await roleIn(b, desk.id, bo.id)).toBe('MEMBER')
    expect((await assigneeOf(b, t1)).assigneeId).toBe(al.id)
    expect(await isActive(b, al.id)).toBe(true)
    expect(await b.services.auth.resolve(al.token)).not.toBeNull()
  })
})
