import * as z from 'zod'
import { emailSchema, idSchema, keysetPageSchema, pageCursorSchema, pageLimitSchema, roleSchema, searchTermSchema } from './common'
import { INVITATION_STATUSES, USER_SORTS } from './constants'
import { documented } from './operation-docs'

export { USER_SORTS } from './constants'

export const userStatusFilterSchema = z.enum(['all', 'active', 'inactive'])

export const userListInputSchema = z.object({
  search: searchTermSchema.optional(),
  role: roleSchema.optional(),
  status: userStatusFilterSchema.default('all'),
  sort: z.enum(USER_SORTS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  cursor: pageCursorSchema,
  limit: pageLimitSchema,
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
  /** Whether they have a second factor (a confirmed authenticator app or a passkey), which `users.resetSecondFactor` can reset. */
  secondFactor: z.boolean(),
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

/** What deactivating a user touches, shown before Active is switched off. */
export const deactivationImpactSchema = z.object({
  user: userSummarySchema,
  /** Open (OPEN or PENDING) tickets assigned to them, by number; `openTicketCount` counts them all. */
  openTickets: z.array(
    z.object({
      id: idSchema,
      number: z.number(),
      subject: z.string(),
      status: z.string(),
      team: z.object({ id: idSchema, name: z.string() }).nullable(),
    }),
  ),
  openTicketCount: z.number(),
  teams: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      role: z.enum(['MEMBER', 'MANAGER']),
      /** Of a team they manage: its other active MANAGERs (0: without an appointment the team has no manager). */
      otherManagers: z.number(),
      /** Of a team they manage: its other active members, who can be appointed MANAGER in their place (by name). */
      successors: z.array(z.object({ id: idSchema, name: z.string() })),
    }),
  ),
  /** Teams whose signature names them (their name or email written into it). */
  signatures: z.array(z.object({ id: idSchema, name: z.string() })),
  liveSessions: z.number(),
})
export type DeactivationImpact = z.infer<typeof deactivationImpactSchema>

/**
 * Where their open tickets go: to one active user who can take work (a member of each ticket's
 * team when it has one), or to the team queue (unassigned, team kept). Omitted: they stay assigned.
 */
export const handoverSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('user'), assigneeId: idSchema }),
  z.object({ to: z.literal('queue') }),
])
export type Handover = z.infer<typeof handoverSchema>

/** Of a team the leaving user manages: another active member of it, appointed MANAGER in the same transaction. */
export const managerAppointmentSchema = z.object({ teamId: idSchema, userId: idSchema })

export const deactivateInputSchema = z.object({
  id: idSchema,
  handover: handoverSchema.optional(),
  /** Optional; a team they manage left out keeps only its other MANAGERs, if any. */
  managers: z.array(managerAppointmentSchema).max(100).optional(),
})

export const deliverySchema = z.object({
  to: z.string(),
  /** `smtp`: handed to the mail server; `outbox`: kept on this machine (Outbox screen). */
  via: z.enum(['smtp', 'outbox']),
})
export type Delivery = z.infer<typeof deliverySchema>

export const assignableUserSchema = z.object({ id: idSchema, name: z.string(), email: z.string() })

export const usersContract = {
  list: documented({
    summary: 'List users',
    description:
      "The acting tenant's users, searched (name or email), filtered by role and status, sorted, one keyset page at a time: pass the answer's `nextCursor` as `cursor` for the next page. The first page also counts the total.",
  })
    .input(userListInputSchema)
    .output(keysetPageSchema(userSummarySchema)),
  get: documented({
    summary: 'Get a user',
    description: 'One user of the acting tenant with their historical work (tickets, comments, time entries).',
    errors: ['NOT_FOUND'],
  })
    .input(z.object({ id: idSchema }))
    .output(userDetailSchema),
  update: documented({
    summary: 'Change a user',
    description:
      "Changes a user's role and/or Active flag (ADMIN, SUPER_ADMIN). Deactivating ends all their sessions. Refused: changing yourself (`SELF_CHANGE`), the last SUPER_ADMIN (`LAST_SUPER_ADMIN`), a role this caller cannot grant (`ROLE_NOT_GRANTABLE`).",
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(userUpdateInputSchema)
    .output(userDetailSchema),
  deactivationImpact: documented({
    summary: 'What deactivating a user touches',
    description:
      'Before deactivating: their open tickets (OPEN, PENDING), team memberships and MANAGER roles (for each team they manage, its other active MANAGERs and the active members who could take over), team signatures that name them, and live sessions.',
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ id: idSchema }))
    .output(deactivationImpactSchema),
  deactivate: documented({
    summary: 'Deactivate a user, handing over their open tickets',
    description:
      "Deactivates a user of the acting tenant and, in the same transaction, hands their open tickets over: to one active user who can take work (`{ to: 'user', assigneeId }`, a member of each ticket's team when it has one) or to the team queue (`{ to: 'queue' }`: unassigned, team kept). All or nothing: an assignee who may not take one of the tickets (`NOT_ASSIGNABLE`) leaves every ticket and the user as they were. Their sessions end. For teams they manage, `managers` appoints another active member of each as MANAGER in the same transaction; a team they do not manage, or a user who is not an active member of it, is refused (`NOT_APPOINTABLE`) and nothing changes. Closed tickets, comments and time entries keep their author. Refused as `users.update` is (`SELF_CHANGE`, `LAST_SUPER_ADMIN`), and for a user already deactivated (`USER_DEACTIVATED`). The answer counts the tickets moved, the managers appointed and the sessions ended.",
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(deactivateInputSchema)
    .output(z.object({ user: userDetailSchema, ticketsMoved: z.number(), managersAppointed: z.number(), sessionsEnded: z.number() })),
  sendPasswordReset: documented({
    summary: 'Send a password-reset link',
    description:
      'Emails the user a reset link valid for 1 hour; earlier links stop working. Refused for a deactivated user (`USER_DEACTIVATED`). The answer says where the mail went (`smtp` or the local `outbox`).',
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(z.object({ id: idSchema }))
    .output(deliverySchema),
  resetSecondFactor: documented({
    summary: "Reset a user's second factor",
    description:
      "For a user who lost their device: removes another user's authenticator app (also one still being set up), passkeys and recovery codes, and ends all their sessions, in one transaction (ADMIN of the acting tenant; SUPER_ADMIN in any tenant they act in). The user is mailed (no secret in the mail); they sign in with the password alone and set up an app again on Your account. Refused: yourself (`SELF_CHANGE`; remove your own with `account.removeTotp`), a SUPER_ADMIN by an ADMIN (403), a user with no second factor (`NO_SECOND_FACTOR`). Answers how many sessions ended.",
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(z.object({ id: idSchema }))
    .output(z.object({ sessionsEnded: z.number() })),
  assignable: documented({
    summary: 'Users a ticket can be assigned to',
    description:
      'The one list every assignee dropdown uses: active users of the acting tenant who may take tickets (of one team, with `teamId`).',
    errors: ['NOT_FOUND'],
  })
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

/** Issue 20: the cross-tenant queue's filters ("All Invitations"). */
export const invitationStatusFilterSchema = z.enum(INVITATION_STATUSES)

export const invitationQueueInputSchema = z.object({
  /** One tenant only; another than the acting one is for members of the Admin Tenant. */
  tenantId: idSchema.optional(),
  role: roleSchema.optional(),
  status: invitationStatusFilterSchema.default('all'),
  /** Sent at least this many days ago. */
  minAgeDays: z.number().int().min(0).max(365).optional(),
  cursor: pageCursorSchema,
  limit: pageLimitSchema,
})
export type InvitationQueueInput = z.input<typeof invitationQueueInputSchema>

export const queuedInvitationSchema = invitationSchema.extend({
  tenant: z.object({ id: idSchema, name: z.string(), slug: z.string() }),
})
export type QueuedInvitation = z.infer<typeof queuedInvitationSchema>

/** At most this many invitations per bulk Resend or Revoke. */
export const BULK_INVITATIONS_MAX = 200

export const bulkInvitationIdsSchema = z.object({ ids: z.array(idSchema).min(1).max(BULK_INVITATIONS_MAX) })

/** One row of a bulk action's summary: done, or failed with the reason (the rest still ran). */
export const bulkInvitationResultSchema = z.object({
  id: idSchema,
  ok: z.boolean(),
  /** The error code when it failed (NOT_FOUND, FORBIDDEN, …). */
  code: z.string().nullable(),
  /** Why it failed, in the console's words; for a Resend whose email could not be sent, why not. */
  message: z.string().nullable(),
})
export type BulkInvitationResult = z.infer<typeof bulkInvitationResultSchema>

/** Admin → Users → Pending Invitations, one page at a time. */
export const pendingInvitationsInputSchema = z.object({
  cursor: pageCursorSchema,
  limit: pageLimitSchema,
})
export type PendingInvitationsInput = z.input<typeof pendingInvitationsInputSchema>

export const invitationsContract = {
  list: documented({
    summary: 'List pending invitations',
    description:
      'Pending (not accepted, not revoked) invitations of the acting tenant, newest first, all of them in one answer; `expired` marks those whose link no longer works. `pending` gives the same invitations a page at a time.',
    errors: ['FORBIDDEN'],
  })
    .input(z.void())
    .output(z.array(invitationSchema)),
  pending: documented({
    summary: 'Pending invitations, a page at a time',
    description:
      "Admin → Users → Pending Invitations: the acting tenant's pending (not accepted, not revoked) invitations, newest sent first, one keyset page at a time (pass `nextCursor` as `cursor`). `total`, given with the first page only, is how many there are; `expired` marks those whose link no longer works.",
    errors: ['FORBIDDEN'],
  })
    .input(pendingInvitationsInputSchema)
    .output(keysetPageSchema(invitationSchema)),
  create: documented({
    summary: 'Invite a user',
    description:
      'Sends an invitation email with a registration link valid for 7 days. Refused when the email is a user here (`EMAIL_TAKEN`) or elsewhere (`EMAIL_ELSEWHERE`), already invited (`ALREADY_INVITED`, with the invitation in `ids`), or the role cannot be granted (`ROLE_NOT_GRANTABLE`).',
    errors: ['FORBIDDEN', 'CONFLICT'],
  })
    .input(inviteInputSchema)
    .output(z.object({ invitation: invitationSchema, delivery: deliverySchema.nullable() })),
  resend: documented({
    summary: 'Resend an invitation',
    description: 'A new link (the old one stops working), valid 7 more days, emailed again.',
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(z.object({ id: idSchema }))
    .output(z.object({ invitation: invitationSchema, delivery: deliverySchema.nullable() })),
  revoke: documented({
    summary: 'Revoke an invitation',
    description: 'Withdraws a pending invitation; its link stops working.',
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(z.object({ id: idSchema }))
    .output(z.object({ ok: z.literal(true) })),
  queue: documented({
    summary: 'All invitations across tenants',
    description:
      'Pending and expired invitations, soonest to expire first, one keyset page at a time (pass `nextCursor` as `cursor`): of every tenant for members of the Admin Tenant, of the acting tenant for others. Filter by tenant, role, status and age (sent at least `minAgeDays` ago). Naming another tenant without being a member of the Admin Tenant is refused (`FORBIDDEN`). `total` is not counted (null).',
    errors: ['FORBIDDEN'],
  })
    .input(invitationQueueInputSchema)
    .output(keysetPageSchema(queuedInvitationSchema)),
  resendMany: documented({
    summary: 'Resend several invitations',
    description:
      'Resends each invitation as `resend` does, in the tenant it belongs to (audited there), one after another; a failure does not stop the rest. The answer has one result per id: done, or failed with the code and reason (`NOT_FOUND` for an invitation this caller cannot see).',
    errors: ['FORBIDDEN'],
  })
    .input(bulkInvitationIdsSchema)
    .output(z.object({ results: z.array(bulkInvitationResultSchema) })),
  revokeMany: documented({
    summary: 'Revoke several invitations',
    description:
      'Revokes each invitation as `revoke` does, in the tenant it belongs to (audited there); a failure does not stop the rest. One result per id: done, or failed with the code and reason.',
    errors: ['FORBIDDEN'],
  })
    .input(bulkInvitationIdsSchema)
    .output(z.object({ results: z.array(bulkInvitationResultSchema) })),
}

export const outboxMessageSchema = z.object({
  id: idSchema,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.date(),
})

export const outboxContract = {
  list: documented({
    summary: 'Mail kept in the outbox',
    description: 'Mail kept on this machine for the acting tenant (no mail server configured), newest first.',
    errors: ['FORBIDDEN'],
  })
    .input(z.void())
    .output(z.array(outboxMessageSchema)),
}
