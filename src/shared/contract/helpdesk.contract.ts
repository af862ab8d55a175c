import { oc } from '@orpc/contract'
import * as z from 'zod'
import { idSchema } from './common'

export const ticketSchema = z.object({
  id: idSchema,
  number: z.number(),
  subject: z.string(),
  status: z.string(),
  assignee: z.object({ id: idSchema, name: z.string(), active: z.boolean() }).nullable(),
  team: z.object({ id: idSchema, name: z.string() }).nullable(),
  createdAt: z.date(),
})

export const helpdeskContract = {
  /** Helpdesk → Tickets: the acting tenant's tickets, newest first (needs the helpdesk feature). */
  tickets: oc.input(z.object({ limit: z.number().int().min(1).max(500).default(200) })).output(z.array(ticketSchema)),
  /** Routes a ticket to a team (or none); an assignee outside the new team is cleared. */
  setTicketTeam: oc.input(z.object({ ticketId: idSchema, teamId: idSchema.nullable() })).output(ticketSchema),
  /** Assigns a ticket to one of the assignable users (of its team, when it has one), or nobody. */
  assignTicket: oc.input(z.object({ ticketId: idSchema, assigneeId: idSchema.nullable() })).output(ticketSchema),
}
