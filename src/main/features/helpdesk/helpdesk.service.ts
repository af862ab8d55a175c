import { randomUUID } from 'node:crypto'
import { TICKET_WORKERS, worksTickets } from '../../../shared/access'
import { ReplyVisibility, type TicketThread } from '../../../shared/contract'
import { signedReply } from '../../../shared/signature'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Reader, Tx } from '../../db/types'
import { notFound, requireRole } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import type { OrganisationsService } from '../organisations/organisations.service'
import { findTeam, memberRole, teamNamesByIds } from '../teams/teams.repository'
import { findUserInTenant, usersByIds } from '../users/users.repository'
import { findTicket, insertComment, listTickets, updateTicket, type TicketRow } from './helpdesk.repository'
import { replySignatureFor, threadOf } from './ticket-thread'

/** Whether a user of the tenant may be given a ticket: active, a ticket worker, and of its team when it has one. */
function isAssignable(db: Reader, tenantId: string, userId: string, teamId: string | null): boolean {
  const user = findUserInTenant(db, tenantId, userId)
  return !!user && user.active && worksTickets(user.role) && (!teamId || memberRole(db, teamId, userId) !== undefined)
}

/** The helpdesk model as far as the console needs it: ticket lists, routing and assignment. */
export function createHelpdeskService(db: Db, clock: Clock, organisations: Pick<OrganisationsService, 'requireFeature'>) {
  function toTickets(tenantId: string, rows: TicketRow[]) {
    const people = usersByIds(
      db,
      rows.flatMap((t) => (t.assigneeId ? [t.assigneeId] : [])),
    )
    const teamNames = teamNamesByIds(
      db,
      tenantId,
      rows.flatMap((t) => (t.teamId ? [t.teamId] : [])),
    )
    return rows.map((ticket) => {
      const assignee = ticket.assigneeId ? people.get(ticket.assigneeId) : undefined
      const teamName = ticket.teamId ? teamNames.get(ticket.teamId) : undefined
      return {
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
        assignee: assignee ? { id: assignee.id, name: assignee.name, active: assignee.active } : null,
        team: ticket.teamId && teamName !== undefined ? { id: ticket.teamId, name: teamName } : null,
        createdAt: ticket.createdAt,
      }
    })
  }

  function load(actor: Actor, id: string) {
    const row = findTicket(db, actor.actingTenantId, id)
    if (!row) throw notFound('That ticket')
    return toTickets(actor.actingTenantId, [row])[0]!
  }

  /** Ticket changes: by a ticket worker, of a ticket of the acting tenant found inside the transaction. */
  function changeTicket(actor: Actor, ticketId: string, what: string, action: string, apply: (ticket: TicketRow, tx: Tx) => string) {
    requireRole(actor, TICKET_WORKERS, what)
    organisations.requireFeature(actor, 'helpdesk')
    mutate(db, clock, actor, action, (tx) => {
      const ticket = findTicket(tx, actor.actingTenantId, ticketId)
      if (!ticket) throw notFound('That ticket')
      return { target: apply(ticket, tx), value: undefined }
    })
    return load(actor, ticketId)
  }

  function thread(actor: Actor, row: TicketRow): TicketThread {
    return {
      ticket: toTickets(actor.actingTenantId, [row])[0]!,
      entries: threadOf(db, row),
      replySignature: worksTickets(actor.role) ? replySignatureFor(db, actor, row) : null,
    }
  }

  return {
    /** A ticket of the acting tenant with its thread; readers see it too, only ticket workers reply. */
    ticket(actor: Actor, id: string): TicketThread {
      organisations.requireFeature(actor, 'helpdesk')
      const row = findTicket(db, actor.actingTenantId, id)
      if (!row) throw notFound('That ticket')
      return thread(actor, row)
    },

    /**
     * Reply (public) or Internal note. The ticket is looked up in the session's acting tenant inside
     * the transaction, and the comment is written to that tenant: never to one named by input. The
     * signature is worked out here again (not taken from the console), so a preview cannot forge one.
     */
    reply(actor: Actor, input: { ticketId: string; body: string; visibility: ReplyVisibility }): TicketThread {
      requireRole(actor, TICKET_WORKERS, 'reply to tickets')
      organisations.requireFeature(actor, 'helpdesk')
      const isPublic = input.visibility === ReplyVisibility.PUBLIC
      mutate(db, clock, actor, 'tickets.reply', (tx) => {
        const ticket = findTicket(tx, actor.actingTenantId, input.ticketId)
        if (!ticket) throw notFound('That ticket')
        const body = isPublic ? signedReply(input.body, replySignatureFor(tx, actor, ticket)) : input.body
        const id = randomUUID()
        insertComment(tx, {
          id,
          tenantId: ticket.tenantId,
          ticketId: ticket.id,
          authorId: actor.userId,
          body,
          isPublic,
          createdAt: clock.now(),
        })
        return { target: `${ticket.id}: ${input.visibility} ${id}`, value: undefined }
      })
      return thread(actor, findTicket(db, actor.actingTenantId, input.ticketId)!)
    },

    tickets(actor: Actor, limit: number) {
      organisations.requireFeature(actor, 'helpdesk')
      return toTickets(actor.actingTenantId, listTickets(db, actor.actingTenantId, limit))
    },

    setTicketTeam(actor: Actor, ticketId: string, teamId: string | null) {
      return changeTicket(actor, ticketId, 'route tickets', 'tickets.set-team', (ticket, tx) => {
        if (teamId && !findTeam(tx, actor.actingTenantId, teamId)) throw notFound('That team')
        // An assignee who is not an active member of the new team is cleared.
        const keep = !teamId || (ticket.assigneeId !== null && isAssignable(tx, actor.actingTenantId, ticket.assigneeId, teamId))
        updateTicket(tx, ticketId, { teamId, assigneeId: keep ? ticket.assigneeId : null })
        return `${ticketId} → ${teamId ?? 'none'}`
      })
    },

    assignTicket(actor: Actor, ticketId: string, assigneeId: string | null) {
      return changeTicket(actor, ticketId, 'assign tickets', 'tickets.assign', (ticket, tx) => {
        if (assigneeId && !isAssignable(tx, actor.actingTenantId, assigneeId, ticket.teamId)) {
          const teamName = ticket.teamId ? findTeam(tx, actor.actingTenantId, ticket.teamId)?.name : undefined
          throw new AppError(
            ErrorCode.VALIDATION,
            teamName ? `Only active members of ${teamName} can be assigned.` : 'Only active users who can take work can be assigned.',
            { assigneeId: 'Not assignable' },
            { reason: ErrorReason.NOT_ASSIGNABLE, ids: { ticketId, assigneeId, ...(ticket.teamId ? { teamId: ticket.teamId } : {}) } },
          )
        }
        updateTicket(tx, ticketId, { assigneeId })
        return `${ticketId} → ${assigneeId ?? 'nobody'}`
      })
    },
  }
}

export type HelpdeskService = ReturnType<typeof createHelpdeskService>
