import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../shared/errors'
import { failure } from '../../../../tests/support/failure'
import { OPERATOR } from '../../../../tests/support/operator'
import { seedOperator, seedTenant, seedTicket, seedUser } from '../../../../tests/support/seed'
import { tempBackend } from '../../../../tests/support/temp-backend'
import { auditLog, comments } from '../../db/schema'

const SIGNATURE = 'Kind regards,\n{{agent.name}} <{{agent.email}}>\n{{ team.name }} · {{organisation.name}}'

/** Two teams of the operator's tenant: Service Desk (signed) owns the ticket; Projects has its own signature. */
async function desk() {
  const backend = tempBackend()
  const op = await seedOperator(backend)
  const nia = await seedUser(backend, op.tenantId, 'AGENT', 'Nia Agent', 'nia@northwind.example')
  const pat = await seedUser(backend, op.tenantId, 'AGENT', 'Pat Projects', 'pat@northwind.example')
  const rex = await seedUser(backend, op.tenantId, 'READ_ONLY', 'Rex Reader', 'rex@northwind.example')
  const service = backend.services.teams.create(op.actor, { name: 'Service Desk', description: '' })
  const projects = backend.services.teams.create(op.actor, { name: 'Projects', description: '' })
  backend.services.teams.setMember(op.actor, { teamId: service.id, userId: nia.id, role: 'MEMBER' })
  backend.services.teams.setMember(op.actor, { teamId: projects.id, userId: pat.id, role: 'MANAGER' })
  backend.services.teams.setSignature(op.actor, { teamId: service.id, signature: SIGNATURE })
  backend.services.teams.setSignature(op.actor, { teamId: projects.id, signature: 'Projects: {{agent.name}}' })
  const ticket = seedTicket(backend, op.tenantId, 1, 'Printer on fire')
  backend.services.helpdesk.setTicketTeam(op.actor, ticket, service.id)
  return { backend, op, nia, pat, rex, service, projects, ticket }
}

const NIA_SIGNED = `Kind regards,\nNia Agent <nia@northwind.example>\nService Desk · ${OPERATOR.organisation.name}`

describe('replies on a ticket', () => {
  it("appends the ticket team's signature, placeholders filled, to a public reply by a member of that team", async () => {
    const { backend, nia, ticket } = await desk()
    expect(backend.services.helpdesk.ticket(nia.actor, ticket).replySignature).toBe(NIA_SIGNED)
    const thread = backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'Replaced the fuser.  \n', visibility: 'public' })
    expect(thread.entries.at(-1)).toMatchObject({
      kind: 'reply',
      body: `Replaced the fuser.\n\n${NIA_SIGNED}`,
      author: { id: nia.id, name: 'Nia Agent', active: true },
    })
  })

  it('never signs an internal note, even by a member of the team', async () => {
    const { backend, nia, ticket } = await desk()
    const thread = backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'Fuser part ordered', visibility: 'internal' })
    expect(thread.entries.at(-1)).toMatchObject({ kind: 'note', body: 'Fuser part ordered' })
  })

  it("uses the ticket's team only: another team's member, an operator outside the team, and a team without signature send unsigned", async () => {
    const { backend, op, pat, nia, service, projects, ticket } = await desk()
    expect(backend.services.helpdesk.ticket(pat.actor, ticket).replySignature).toBeNull()
    expect(
      backend.services.helpdesk.reply(pat.actor, { ticketId: ticket, body: 'From Projects', visibility: 'public' }).entries.at(-1)!,
    ).toMatchObject({
      body: 'From Projects',
    })
    expect(
      backend.services.helpdesk.reply(op.actor, { ticketId: ticket, body: 'From the operator', visibility: 'public' }).entries.at(-1),
    ).toMatchObject({
      body: 'From the operator',
    })
    backend.services.teams.setSignature(op.actor, { teamId: service.id, signature: null })
    expect(
      backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'No signature now', visibility: 'public' }).entries.at(-1),
    ).toMatchObject({
      body: 'No signature now',
    })
    // Routed to Projects, the same ticket gets Projects' signature for Pat.
    backend.services.helpdesk.setTicketTeam(op.actor, ticket, projects.id)
    expect(
      backend.services.helpdesk.reply(pat.actor, { ticketId: ticket, body: 'Now ours', visibility: 'public' }).entries.at(-1),
    ).toMatchObject({
      body: 'Now ours\n\nProjects: Pat Projects',
    })
  })

  it('audits each reply once, keeps it in the ticket’s tenant, and refuses readers and other tenants', async () => {
    const { backend, nia, rex, ticket, op } = await desk()
    const before = backend.store.db.select().from(auditLog).all().length
    backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'On it', visibility: 'public' })
    const rows = backend.store.db.select().from(auditLog).all().slice(before)
    expect(rows.map((r) => [r.action, r.result, r.actorUserId, r.actingTenantId])).toEqual([['tickets.reply', 'ok', nia.id, op.tenantId]])
    expect(
      backend.store.db
        .select()
        .from(comments)
        .all()
        .map((c) => c.tenantId),
    ).toEqual([op.tenantId])

    expect(
      (await failure(() => backend.services.helpdesk.reply(rex.actor, { ticketId: ticket, body: 'x', visibility: 'internal' }))).code,
    ).toBe(ErrorCode.FORBIDDEN)
    // Readers still read the thread, without a signature to preview.
    expect(backend.services.helpdesk.ticket(rex.actor, ticket)).toMatchObject({
      replySignature: null,
      entries: [{ kind: 'reply', author: { name: 'Nia Agent' } }],
    })
    const tenantB = seedTenant(backend, 'Contoso', 'contoso')
    const bea = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.example')
    expect(
      (await failure(() => backend.services.helpdesk.reply(bea.actor, { ticketId: ticket, body: 'x', visibility: 'public' }))).code,
    ).toBe(ErrorCode.NOT_FOUND)
    expect((await failure(() => backend.services.helpdesk.ticket(bea.actor, ticket))).code).toBe(ErrorCode.NOT_FOUND)
    expect(backend.store.db.select().from(comments).all()).toHaveLength(1)
  })

  it('shows a deactivated author by name, marked inactive', async () => {
    const { backend, op, nia, ticket } = await desk()
    backend.services.helpdesk.reply(nia.actor, { ticketId: ticket, body: 'Before I left', visibility: 'public' })
    backend.services.users.update(op.actor, { id: nia.id, active: false })
    expect(backend.services.helpdesk.ticket(op.actor, ticket).entries[0]).toMatchObject({ author: { name: 'Nia Agent', active: false } })
  })
})
