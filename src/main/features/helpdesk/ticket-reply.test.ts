import { expect, it } from 'vitest'
import { ErrorCode } from '../../../shared/errors'
import { backendOn, describeEngines, type EngineName } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { OPERATOR } from '../../../../tests/support/operator'
import { seedOperator, seedTenant, seedTicket, seedUser } from '../../../../tests/support/seed'

const SIGNATURE = 'Kind regards,\n{{agent.name}} <{{agent.email}}>\n{{ team.name }} · {{organisation.name}}'

/** Two teams of the operator's tenant: Service Desk (signed) owns the ticket; Projects has its own signature. */
async function desk(engine: EngineName) {
  const backend = await backendOn(engine)
  const op = await seedOperator(backend)
  const nia = await seedUser(backend, op.tenantId, 'AGENT', 'Nia Agent', 'nia@northwind.example')
  const pat = await seedUser(backend, op.tenantId, 'AGENT', 'Pat Projects', 'pat@northwind.example')
  const rex = await seedUser(backend, op.tenantId, 'READ_ONLY', 'Rex Reader', 'rex@northwind.example')
  const service = await backend.services.teams.create(op.actor, { name: 'Service Desk', description: '' })
  const projects = await backend.services.teams.create(op.actor, { name: 'Projects', description: '' })
  await backend.services.teams.setMember(op.actor, { teamId: service.id, userId: nia.id, role: 'MEMBER' })
  await backend.services.teams.setMember(op.actor, { teamId: projects.id, userId: pat.id, role: 'MANAGER' })
  await backend.services.teams.setSignature(op.actor, { teamId: service.id, signature: SIGNATURE })
  await backend.services.teams.setSignature(op.actor, { teamId: projects.id, signature: 'Projects: {{agent.name}}' })
  const ticket = await seedTicket(backend, op.tenantId, 1, 'Printer on fire')
  await backend.services.helpdesk.setTicketTeam(op.actor, ticket, service.id)
  return { backend, op, nia, pat, rex, service, projects, ticket }
}

const NIA_SIGNED = `Kind regards,\nNia Agent <nia@northwind.example>\nService Desk · ${OPERATOR.organisation.name}`

describeEngines('replies on a ticket', (engine) => {
  it("appends the ticket team's signature, placeholders filled, to a public reply by a member of that team", async () => {
    const { backend, nia, ticket } = await desk(engine)
    expect((await backend.services.helpdesk.ticket(nia.actor, ticket)).replySignature).toBe(NIA_SIGNED)
    const thread = await backend.services.helpdesk.reply(nia.actor, {
      ticketId: ticket,
      body: 'Replaced the fuser.  \n',
      visibility: 'public',
    })
    expect(thread.entries.at(-1)).toMatchObject({
      kind: 'reply',
      body: `Replaced the fuser.\n\n${NIA_SIGNED}`,
      author: { id: nia.id, name: 'Nia Agent', active: true },
    })
  })

  it('never signs an internal note, even by a member of the team', async () => {
    const { backend, nia, ticket } = await desk(engine)
    const thread = await backend.services.helpdesk.reply(nia.actor, {
      ticketId: ticket,
      body: 'Fuser part ordered',
      visibility: 'internal',
    })
    expect(thread.entries.at(-1)).toMatchObject({ kind: 'note', body: 'Fuser part ordered' })
  })

  it("uses the ticket's team only: another team's member, an operator outside the team, and a team without signature send unsigned", async () => {
    const { backend, op, pat, nia, service, projects, ticket } = await desk(engine)
    const reply = async (actor: typeof op.actor, body: string) =>
      (await backend.services.helpdesk.reply(actor, { ticketId: ticket, body, visibility: 'public' })).entries.at(-1)
    expect((await backend.services.helpdesk.ticket(pat.actor, ticket)).replySignature).toBeNull()
    expect(await reply(pat.actor, 'From Projects')).toMatchObject({ body: 'From Projects' })
    expect(await reply(op.actor, 'From the operator')).toMatchObject({ body: 'From the operator' })
    await backend.services.teams.setSignature(op.actor, { teamId: service.id, signature: null })
    expect(await reply(nia.actor, 'No signature now')).toMatchObject({ body: 'No signature now' })
    // Routed to Projects, the same ticket gets Projects' signature for Pat.
    await backend.services.helpdesk.setTicketTeam(op.actor, ticket, projects.id)
    expect(await reply(pat.actor, 'Now ours')).toMatchObject({ body: 'Now ours\n\nProjects: Pat Projects' })
  })

  it('keeps replies of the same millisecond in the order they were written', async () => {
    const { backend, nia, pat, ticket } = await desk(engine)
    // The manual clock stands still: every reply has the same created_at, and ids are random.
    const bodies = Array.from({ length: 12 }, (_, i) => `Reply ${i + 1}`)
    for (const [i, body] of bodies.entries()) {
      await backend.services.helpdesk.reply(i % 2 ? nia.actor : pat.actor, { ticketId: ticket, body, visibility: 'internal' })
    }
    const { entries } = await backend.services.helpdesk.ticket(nia.actor, ticket)
    expect(entries.map((e) => (e.kind === 'time' ? null : e.body))).toEqual(bodies)
  })

  it('audits each reply once, keeps it in the ticket’s tenant, and refuses readers and other tenants', async () => {
    const { backend, nia, rex, ticket, op } = await desk(engine)
    const audits = () => backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))
    const comments = () => backend.engine.read(({ db, t }) => db.select().from(t.comments))
    const before = (await audits()).length
    await backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'On it', visibility: 'public' })
    const rows = (await audits()).slice(before)
    expect(rows.map((r) => [r.action, r.result, r.actorUserId, r.actingTenantId])).toEqual([['tickets.reply', 'ok', nia.id, op.tenantId]])
    expect((await comments()).map((c) => c.tenantId)).toEqual([op.tenantId])

    expect(
      (await failure(() => backend.services.helpdesk.reply(rex.actor, { ticketId: ticket, body: 'x', visibility: 'internal' }))).code,
    ).toBe(ErrorCode.FORBIDDEN)
    // Readers still read the thread, without a signature to preview.
    expect(await backend.services.helpdesk.ticket(rex.actor, ticket)).toMatchObject({
      replySignature: null,
      entries: [{ kind: 'reply', author: { name: 'Nia Agent' } }],
    })
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const bea = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.example')
    expect(
      (await failure(() => backend.services.helpdesk.reply(bea.actor, { ticketId: ticket, body: 'x', visibility: 'public' }))).code,
    ).toBe(ErrorCode.NOT_FOUND)
    expect((await failure(() => backend.services.helpdesk.ticket(bea.actor, ticket))).code).toBe(ErrorCode.NOT_FOUND)
    expect(await comments()).toHaveLength(1)
  })

  it('shows a deactivated author by name, marked inactive', async () => {
    const { backend, op, nia, ticket } = await desk(engine)
    await backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'Before I left', visibility: 'public' })
    await backend.services.users.update(op.actor, { id: nia.id, active: false })
    expect((await backend.services.helpdesk.ticket(op.actor, ticket)).entries[0]).toMatchObject({
      author: { name: 'Nia Agent', active: false },
    })
  })
})
