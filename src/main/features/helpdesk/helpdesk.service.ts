import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import { auditActor, notFound, requireRole } from '../access'
import { AuditResult, writeAudit } from '../audit/audit.repository'
import type { Actor } from '../auth/auth.service'
import type { OrganisationsService } from '../organisations/organisations.service'
import { findTeam } from '../teams/teams.repository'
import { assignableUsers } from '../users/users.repository'
import { findTicket, listTickets, updateTicket, type TicketRow } from './helpdesk.repository'

function toTicket({ ticket, assigneeName, assigneeActive, teamName }: TicketRow) {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    assignee:
      ticket.assigneeId && assigneeName !== null ? { id: ticket.assigneeId, name: assigneeName, active: assigneeActive ?? false } : null,
    team: ticket.teamId && teamName !== null ? { id: ticket.teamId, name: teamName } : null,
    createdAt: ticket.createdAt,
  }
}

const WORKERS = ['SUPER_ADMIN', 'ADMIN', 'AGENT'] as const

/** The helpdesk model as far as the console needs it: ticket lists, routing and assignment. */
export function createHelpdeskService(db: Db, clock: Clock, organisations: Pick<OrganisationsService, 'requireFeature'>) {
  function load(actor: Actor, id: string): TicketRow {
    organisations.requireFeature(actor, 'helpdesk')
    const row = findTicket(db, actor.actingTenantId, id)
    if (!row) throw notFound('That ticket')
    return row
  }

  return {
    tickets(actor: Actor, limit: number) {
      organisations.requireFeature(actor, 'helpdesk')
      return listTickets(db, actor.actingTenantId, limit).map(toTicket)
    },

    setTicketTeam(actor: Actor, ticketId: string, teamId: string | null) {
      requireRole(actor, WORKERS, 'route tickets')
      const row = load(actor, ticketId)
      if (teamId && !findTeam(db, actor.actingTenantId, teamId)) throw notFound('That team')
      // An assignee who is not an active member of the new team is cleared.
      const keep =
        row.ticket.assigneeId &&
        teamId &&
        assignableUsers(db, actor.actingTenantId, undefined, teamId, 10_000).some((u) => u.id === row.ticket.assigneeId)
      db.transaction((tx) => {
        updateTicket(tx, ticketId, { teamId, assigneeId: keep ? row.ticket.assigneeId : teamId ? null : row.ticket.assigneeId })
        writeAudit(tx, clock, {
          ...auditActor(actor),
          action: 'tickets.set-team',
          target: `${ticketId} → ${teamId ?? 'none'}`,
          result: AuditResult.OK,
        })
      })
      return toTicket(load(actor, ticketId))
    },

    assignTicket(actor: Actor, ticketId: string, assigneeId: string | null) {
      requireRole(actor, WORKERS, 'assign tickets')
      const row = load(actor, ticketId)
      if (assigneeId) {
        const allowed = assignableUsers(db, actor.actingTenantId, undefined, row.ticket.teamId ?? undefined, 10_000)
        if (!allowed.some((u) => u.id === assigneeId)) {
          throw new AppError(
            ErrorCode.VALIDATION,
            row.ticket.teamId
              ? `Only active members of ${row.teamName} can be assigned.`
              : 'Only active users who can take work can be assigned.',
            {
              assigneeId: 'Not assignable',
            },
          )
        }
      }
      db.transaction((tx) => {
        updateTicket(tx, ticketId, { assigneeId })
        writeAudit(tx, clock, {
          ...auditActor(actor),
          action: 'tickets.assign',
          target: `${ticketId} → ${assigneeId ?? 'nobody'}`,
          result: AuditResult.OK,
        })
      })
      return toTicket(load(actor, ticketId))
    },
  }
}
