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

/** Who wrote a thread entry; a deactivated author is still shown, marked. */
const authorSchema = z.object({ id: idSchema, name: z.string(), active: z.boolean() })

/** A ticket's thread, oldest first: public replies, internal notes and time entries. */
export const threadEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), id: idSchema, body: z.string(), author: authorSchema, createdAt: z.date() }),
  z.object({ kind: z.literal('note'), id: idSchema, body: z.string(), author: authorSchema, createdAt: z.date() }),
  z.object({
    kind: z.literal('time'),
    id: idSchema,
    minutes: z.number(),
    note: z.string().nullable(),
    author: authorSchema,
    createdAt: z.date(),
  }),
])
export type ThreadEntry = z.infer<typeof threadEntrySchema>

export const ticketThreadSchema = z.object({
  ticket: ticketSchema,
  entries: z.array(threadEntrySchema),
  /**
   * The caller's signature on a public reply, placeholders filled: set when they are a member of the
   * ticket's team and the team has a signature. The console previews the reply with it.
   */
  replySignature: z.string().nullable(),
})
export type TicketThread = z.infer<typeof ticketThreadSchema>

export const ReplyVisibility = { PUBLIC: 'public', INTERNAL: 'internal' } as const
export type ReplyVisibility = (typeof ReplyVisibility)[keyof typeof ReplyVisibility]

export const replyInputSchema = z.object({
  ticketId: idSchema,
  body: z.string().trim().min(1, 'Write something first').max(20_000, 'Too long'),
  visibility: z.enum([ReplyVisibility.PUBLIC, ReplyVisibility.INTERNAL]),
})

export const helpdeskContract = {
  /** Helpdesk → Tickets: the acting tenant's tickets, newest first (needs the helpdesk feature). */
  tickets: oc.input(z.object({ limit: z.number().int().min(1).max(500).default(200) })).output(z.array(ticketSchema)),
  /** Routes a ticket to a team (or none); an assignee outside the new team is cleared. */
  setTicketTeam: oc.input(z.object({ ticketId: idSchema, teamId: idSchema.nullable() })).output(ticketSchema),
  /** Assigns a ticket to one of the assignable users (of its team, when it has one), or nobody. */
  assignTicket: oc.input(z.object({ ticketId: idSchema, assigneeId: idSchema.nullable() })).output(ticketSchema),
  /** Helpdesk → Tickets → a ticket: its thread of replies, internal notes and time entries, authors named. */
  ticket: oc.input(z.object({ id: idSchema })).output(ticketThreadSchema),
  /** Reply (public, with the team's signature when the caller is of the ticket's team) or Internal note (never signed). */
  reply: oc.input(replyInputSchema).output(ticketThreadSchema),
}
