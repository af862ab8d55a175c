import type { ThreadEntry } from '../../../shared/contract'
import { renderSignature } from '../../../shared/signature'
import type { Conn } from '../../db/engine'
import type { Actor } from '../actor'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { findTeam, memberRole } from '../teams/teams.repository'
import { findUserInTenant, usersByIds } from '../users/users.repository'
import { threadRows, type TicketRow } from './helpdesk.repository'

/**
 * The signature a public reply by `actor` on `ticket` gets, placeholders filled, or null: only a
 * member (MEMBER or MANAGER) of the ticket's own team signs as that team, and only when the team
 * has a signature. An operator switched into the tenant is no member of its teams, so never signs.
 */
export async function replySignatureFor(conn: Conn, actor: Actor, ticket: TicketRow): Promise<string | null> {
  if (!ticket.teamId) return null
  const team = await findTeam(conn, ticket.tenantId, ticket.teamId)
  if (!team?.signature) return null
  if (!(await memberRole(conn, team.id, actor.userId))) return null
  const agent = await findUserInTenant(conn, ticket.tenantId, actor.userId)
  const organisation = await findOrganisation(conn, ticket.tenantId)
  if (!agent || !organisation) return null
  return renderSignature(team.signature, {
    'agent.name': agent.name,
    'agent.email': agent.email,
    'team.name': team.name,
    'organisation.name': organisation.name,
  })
}

/** The ticket's thread, oldest first; an author who has left since is still named (marked inactive). */
export async function threadOf(conn: Conn, ticket: TicketRow): Promise<ThreadEntry[]> {
  const rows = await threadRows(conn, ticket.tenantId, ticket.id)
  const people = await usersByIds(conn, [...rows.comments.map((c) => c.authorId), ...rows.timeEntries.map((t) => t.authorId)])
  const author = (id: string) => {
    const person = people.get(id)
    return { id, name: person?.name ?? 'Unknown user', active: person?.active ?? false }
  }
  const entries: ThreadEntry[] = [
    ...rows.comments.map((c) => ({
      kind: c.isPublic ? ('reply' as const) : ('note' as const),
      id: c.id,
      body: c.body,
      author: author(c.authorId),
      createdAt: c.createdAt,
    })),
    ...rows.timeEntries.map((t) => ({
      kind: 'time' as const,
      id: t.id,
      minutes: t.minutes,
      note: t.note,
      author: author(t.authorId),
      createdAt: t.createdAt,
    })),
  ]
  // A stable sort: at the same moment, comments stay in the order they were written.
  return entries.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}
