import { oc } from '@orpc/contract'
import * as z from 'zod'
import { idSchema } from './common'

export const ticketSchema = z.object({
  id: idSchema,
  number: z.number(),
  subject: z.string(),
  status: z.string(),
  assignee: z.object({ id: idSchema, name: z.string(), active: z.boolean() }).nullable(),
  createdAt: z.date(),
})

export const helpdeskContract = {
  /** Helpdesk → Tickets: the acting tenant's tickets, newest first (needs the helpdesk feature). */
  tickets: oc.input(z.object({ limit: z.number().int().min(1).max(500).default(200) })).output(z.array(ticketSchema)),
}
