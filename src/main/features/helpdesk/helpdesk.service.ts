import { TICKET_WORKERS, worksTickets } from '../../../shared/access'
import { ReplyVisibility, type TicketThread } from '../../../shared/contract'
import { signedReply } from '../../../shared/signature'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import { orderedId } from '../../security/ordered-id'
import type { Conn, Engine } from '../../db/engine'
import { notFound, requireRole } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import type { OrganisationsService } from '../organisations/organisations.service'
import { findTeam, memberRole, teamNamesByIds } from '../teams/teams.repository'
import { findUserInTenant, usersByIds } from '../users/users.repository'
import { findTicket, insertComment, listTickets, updateTicket, type TicketRow } from './helpdesk.repository'
import { replySignatureFor, threadOf } from './ticket-thread'

/** Whether a user of the tenant may be given a ticket: active, a ticket worker, and of its team when it has one. */
async function isAssignable(conn: Conn, tenantId: string, userId: string, teamId: string | null): Promise<boolean> {
  const user = await findUserInTenant(conn, tenantId, userId)
  return !!user && user.active && worksTickets(user.role) && (!teamId || (await memberRole(conn, teamId, userId)) !== undefined)
}

/** The helpdesk model as far as the console needs it: ticket lists, routing and assignment. */
export function createHelpdeskService(engine: Engine, clock: Clock, organisations: Pick<OrganisationsService, 'requireFeature'>) {
  async function toTickets(conn: Conn, tenantId: string, rows: TicketRow[]) {
    const people = await usersByIds(
      conn,
      rows.flatMap((t) => (t.assigneeId ? [t.assigneeId] : [])),
    )
    const teamNames = await teamNamesByIds(
      conn,
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
  async function requireTicket(conn: Conn, actor: Actor, id: string): Promise<TicketRow> {
    const row = await findTicket(conn, actor.actingTenantId, id)
    if (!row) throw notFound('That ticket')
    return row
  }

  function load(actor: Actor, id: string) {
    return engine.read(async (conn) => (await toTickets(conn, actor.actingTenantId, [await requireTicket(conn, actor, id)]))[0]!)
  }

  /**
   * A change to a ticket (routing, assigning, a reply): by a ticket worker, of a ticket of the acting
   * tenant found inside the transaction; `apply` answers the audit row's target.
   */
  async function mutateTicket(
    actor: Actor,
    ticketId: string,
    what: string,
    action: string,
    apply: (ticket: TicketRow, conn: Conn) => Promise<string>,
  ): Promise<void> {
    requireRole(actor, TICKET_WORKERS, what)
    await organisations.requireFeature(actor, 'helpdesk')
    await mutate(engine, clock, actor, action, async (conn) => ({
      target: await apply(await requireTicket(conn, actor, ticketId), conn),
      value: undefined,
    }))
  }

  /** A change to the ticket's fields; answers the ticket as it now is. */
  async function changeTicket(
    actor: Actor,
    ticketId: string,
    what: string,
    action: string,
    apply: (ticket: TicketRow, conn: Conn) => Promise<string>,
  ) {
    await mutateTicket(actor, ticketId, what, action, apply)
    return load(actor, ticketId)
  }

  /** The ticket of the acting tenant with its thread, read together. */
  function thread(actor: Actor, id: string): Promise<TicketThread> {
    return engine.read(async (conn) => {
      const row = await requireTicket(conn, actor, id)
      return {
        ticket: (await toTickets(conn, actor.actingTenantId, [row]))[0]!,
        entries: await threadOf(conn, row),
        replySignature: worksTickets(actor.role) ? await replySignatureFor(conn, actor, row) : null,
      }
    })
  }

  return {
    /** A ticket of the acting tenant with its thread; readers see it too, only ticket workers reply. */
    async ticket(actor: Actor, id: string): Promise<TicketThread> {
      await organisations.requireFeature(actor, 'helpdesk')
      return thread(actor, id)
    },

    /**
     * Reply (public) or Internal note. The ticket is looked up in the session's acting tenant inside
     * the transaction, and the comment is written to that tenant: never to one named by input. The
     * signature is worked out here again (not taken from the console), so a preview cannot forge one.
     */
    async reply(actor: Actor, input: { ticketId: string; body: string; visibility: ReplyVisibility }): Promise<TicketThread> {
      const isPublic = input.visibility === ReplyVisibility.PUBLIC
      await mutateTicket(actor, input.ticketId, 'reply to tickets', 'tickets.reply', async (ticket, conn) => {
        const body = isPublic ? signedReply(input.body, await replySignatureFor(conn, actor, ticket)) : input.body
        const id = orderedId()
        await insertComment(conn, {
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
      return thread(actor, input.ticketId)
    },

    async tickets(actor: Actor, limit: number) {
      await organisations.requireFeature(actor, 'helpdesk')
      return engine.read(async (conn) => toTickets(conn, actor.actingTenantId, await listTickets(conn, actor.actingTenantId, limit)))
    },

    setTicketTeam(actor: Actor, ticketId: string, teamId: string | null) {
      return changeTicket(actor, ticketId, 'route tickets', 'tickets.set-team', async (ticket, conn) => {
        if (teamId && !(await findTeam(conn, actor.actingTenantId, teamId))) throw notFound('That team')
        // An assignee who is not an active member of the new team is cleared.
        const keep = !teamId || (ticket.assigneeId !== null && (await isAssignable(conn, actor.actingTenantId, ticket.assigneeId, teamId)))
        await updateTicket(conn, ticketId, { teamId, assigneeId: keep ? ticket.assigneeId : null })
        return `${ticketId} → ${teamId ?? 'none'}`
      })
    },

    assignTicket(actor: Actor, ticketId: string, assigneeId: string | null) {
      return changeTicket(actor, ticketId, 'assign tickets', 'tickets.assign', async (ticket, conn) => {
        if (assigneeId && !(await isAssignable(conn, actor.actingTenantId, assigneeId, ticket.teamId))) {
          const teamName = ticket.teamId ? (await findTeam(conn, actor.actingTenantId, ticket.teamId))?.name : undefined
          throw new AppError(
            ErrorCode.VALIDATION,
            teamName ? `Only active members of ${teamName} can be assigned.` : 'Only active users who can take work can be assigned.',
            { assigneeId: 'Not assignable' },
            { reason: ErrorReason.NOT_ASSIGNABLE, ids: { ticketId, assigneeId, ...(ticket.teamId ? { teamId: ticket.teamId } : {}) } },
          )
        }
        await updateTicket(conn, ticketId, { assigneeId })
        return `${ticketId} → ${assigneeId ?? 'nobody'}`
      })
    },
  }
}

export type HelpdeskService = ReturnType<typeof createHelpdeskService>
