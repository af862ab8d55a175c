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

  /** A ticket of the acting tenant, or NOT_FOUND (another tenant's ticket is not found either). */
  function requireTicket(reader: Reader, actor: Actor, id: string): TicketRow {
    const row = findTicket(reader, actor.actingTenantId, id)
    if (!row) throw notFound('That ticket')
    return row
  }

  function load(actor: Actor, id: string) {
    return toTickets(actor.actingTenantId, [requireTicket(db, actor, id)])[0]!
  }

  /**
   * A change to a ticket (routing, assigning, a reply): by a ticket worker, of a ticket of the acting
   * tenant found inside the transaction; `apply` answers the audit row's target.
   */
  function mutateTicket(actor: Actor, ticketId: string, what: string, action: string, apply: (ticket: TicketRow, tx: Tx) => string): void {
    requireRole(actor, TICKET_WORKERS, what)
    organisations.requireFeature(actor, 'helpdesk')
    mutate(db, clock, actor, action, (tx) => ({ target: apply(requireTicket(tx, actor, ticketId), tx), value: undefined }))
  }

  /** A change to the ticket's fields; answers the ticket as it now is. */
  function changeTicket(actor: Actor, ticketId: string, what: string, action: string, apply: (ticket: TicketRow, tx: Tx) => string) {
    mutateTicket(actor, ticketId, what, action, apply)
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
      return thread(actor, requireTicket(db, actor, id))
    },

    /**
     * Reply (public) or Internal note. The ticket is looked up in the session's acting tenant inside
     * the transaction, and the comment is written to that tenant: never to one named by input. The
     * signature is worked out here again (not taken from the console), so a preview cannot forge one.
     */
    reply(actor: Actor, input: { ticketId: string; body: string; visibility: ReplyVisibility }): TicketThread {
      const isPublic = input.visibility === ReplyVisibility.PUBLIC
      mutateTicket(actor, input.ticketId, 'reply to tickets', 'tickets.reply', (ticket, tx) => {
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
        return `${ticket.id}: ${input.visibility} ${id}`
      })
      return thread(actor, requireTicket(db, actor, input.ticketId))
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
