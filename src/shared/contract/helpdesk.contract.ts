import * as z from 'zod'
import { idSchema } from './common'
import { documented } from './operation-docs'

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
  tickets: documented({
    summary: 'List tickets',
    description:
      "Helpdesk → Tickets: the acting tenant's tickets, newest first. Needs the helpdesk feature (403 `FEATURE_DISABLED` without it).",
    errors: ['FEATURE_DISABLED'],
  })
    .input(z.object({ limit: z.number().int().min(1).max(500).default(200) }))
    .output(z.array(ticketSchema)),
  setTicketTeam: documented({
    summary: 'Route a ticket to a team',
    description: 'Routes a ticket to a team (or none); an assignee outside the new team is cleared.',
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ ticketId: idSchema, teamId: idSchema.nullable() }))
    .output(ticketSchema),
  assignTicket: documented({
    summary: 'Assign a ticket',
    description:
      'Assigns a ticket to one of the assignable users (of its team, when it has one), or nobody. Refused for a user who cannot take it (`NOT_ASSIGNABLE`).',
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ ticketId: idSchema, assigneeId: idSchema.nullable() }))
    .output(ticketSchema),
}
