import { oc } from '@orpc/contract'
import * as z from 'zod'
import { emailSchema, idSchema, keysetPageSchema, roleSchema, searchTermSchema } from './common'
import { USER_SORTS } from './constants'

export { USER_SORTS } from './constants'

export const userStatusFilterSchema = z.enum(['all', 'active', 'inactive'])

export const userListInputSchema = z.object({
  search: searchTermSchema.optional(),
  role: roleSchema.optional(),
  status: userStatusFilterSchema.default('all'),
  sort: z.enum(USER_SORTS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(200).default(50),
})
export type UserListInput = z.input<typeof userListInputSchema>

export const userSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  active: z.boolean(),
  lastSignInAt: z.date().nullable(),
})
export type UserSummary = z.infer<typeof userSummarySchema>

export const userDetailSchema = userSummarySchema.extend({
  createdAt: z.date(),
  history: z.object({
    tickets: z.array(
      z.object({ id: idSchema, number: z.number(), subject: z.string(), status: z.string(), relation: z.enum(['assigned', 'created']) }),
    ),
    comments: z.array(z.object({ id: idSchema, ticketNumber: z.number(), excerpt: z.string(), createdAt: z.date() })),
    timeEntries: z.array(
      z.object({ id: idSchema, ticketNumber: z.number(), minutes: z.number(), note: z.string().nullable(), createdAt: z.date() }),
    ),
    totalMinutes: z.number(),
  }),
})
export type UserDetail = z.infer<typeof userDetailSchema>

export const userUpdateInputSchema = z.object({
  id: idSchema,
  role: roleSchema.optional(),
  active: z.boolean().optional(),
})

export const deliverySchema = z.object({
  to: z.string(),
  /** `smtp`: handed to the mail server; `outbox`: kept on this machine (Outbox screen). */
  via: z.enum(['smtp', 'outbox']),
})
export type Delivery = z.infer<typeof deliverySchema>

export const assignableUserSchema = z.object({ id: idSchema, name: z.string(), email: z.string() })

export const usersContract = {
  /** The acting tenant's users, searched, filtered, sorted, one keyset page at a time. */
  list: oc.input(userListInputSchema).output(keysetPageSchema(userSummarySchema)),
  /** One user of the acting tenant with their historical work. */
  get: oc.input(z.object({ id: idSchema })).output(userDetailSchema),
  /** Changes role and/or Active (ADMIN, SUPER_ADMIN). */
  update: oc.input(userUpdateInputSchema).output(userDetailSchema),
  /** Emails the user a reset link valid for 1 hour; earlier links stop working. */
  sendPasswordReset: oc.input(z.object({ id: idSchema })).output(deliverySchema),
  /** The one list every assignee dropdown uses: active users of the acting tenant (of one team, with teamId). */
  assignable: oc
    .input(z.object({ search: searchTermSchema.optional(), teamId: idSchema.optional() }))
    .output(z.array(assignableUserSchema)),
}

export const invitationSchema = z.object({
  id: idSchema,
  email: z.string(),
  role: roleSchema,
  invitedBy: z.object({ id: idSchema, name: z.string() }),
  sentAt: z.date(),
  expiresAt: z.date(),
  expired: z.boolean(),
  sendError: z.string().nullable(),
})
export type Invitation = z.infer<typeof invitationSchema>

export const inviteInputSchema = z.object({ email: emailSchema, role: roleSchema })

export const invitationsContract = {
  /** Pending (not accepted, not revoked) invitations of the acting tenant, newest first. */
  list: oc.input(z.void()).output(z.array(invitationSchema)),
  /** Sends an invitation email with a registration link valid for 7 days. */
  create: oc.input(inviteInputSchema).output(z.object({ invitation: invitationSchema, delivery: deliverySchema.nullable() })),
  /** New link (the old one stops working), 7 more days, email sent again. */
  resend: oc.input(z.object({ id: idSchema })).output(z.object({ invitation: invitationSchema, delivery: deliverySchema.nullable() })),
  /** Withdraws a pending invitation; its link stops working. */
  revoke: oc.input(z.object({ id: idSchema })).output(z.object({ ok: z.literal(true) })),
}

export const outboxMessageSchema = z.object({
  id: idSchema,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.date(),
})

export const outboxContract = {
  /** Mail kept on this machine for the acting tenant, newest first. */
  list: oc.input(z.void()).output(z.array(outboxMessageSchema)),
}
