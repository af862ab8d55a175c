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
  ticket: documented({
    summary: 'Get a ticket and its thread',
    description:
      "Helpdesk → Tickets → a ticket: its thread oldest first (public replies, internal notes, time entries), authors named, deactivated ones marked; and `replySignature`, the caller's team signature with its placeholders filled when they are of the ticket's team (the console previews a public reply with it).",
    errors: ['FEATURE_DISABLED', 'NOT_FOUND'],
  })
    .input(z.object({ id: idSchema }))
    .output(ticketThreadSchema),
  reply: documented({
    summary: 'Reply to a ticket or add an internal note',
    description:
      "`visibility: public` is a Reply: from a member of the ticket's team it gets that team's signature appended, placeholders filled (worked out by the server, never taken from the input). `visibility: internal` is an Internal note and is never signed. READ_ONLY users may not write. Answers the thread as it now is; audited in the ticket's tenant.",
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND'],
  })
    .input(replyInputSchema)
    .output(ticketThreadSchema),
}
