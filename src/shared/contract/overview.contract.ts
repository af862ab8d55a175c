import * as z from 'zod'
import { auditEntrySchema } from './audit.contract'
import { idSchema } from './common'
import { documented } from './operation-docs'
import { queuedInvitationSchema } from './users.contract'

/** How many tenants each ranking of the Overview shows, and how many invitations and audit events. */
export const OVERVIEW_TOP = 10
/** The chart's days (today included), and the window of the 7-day figures. */
export const OVERVIEW_DAYS = 14
export const OVERVIEW_WINDOW_DAYS = 7
/** "Expiring soon": an open invitation whose link stops working within this many hours. */
export const EXPIRING_SOON_HOURS = 48

const tenantLabelSchema = z.object({ id: idSchema, name: z.string(), slug: z.string() })

export const overviewSchema = z.object({
  /** `every-tenant` for members of the Admin Tenant (every tenant they may switch into); `tenant` for others. */
  scope: z.enum(['every-tenant', 'tenant']),
  totals: z.object({
    users: z.number(),
    activeUsers: z.number(),
    /** Neither accepted nor revoked: pending, or expired and waiting for a Resend or Revoke. */
    openInvitations: z.number(),
    /** Open invitations whose link stops working within EXPIRING_SOON_HOURS. */
    expiringSoon: z.number(),
    /** In the last OVERVIEW_WINDOW_DAYS UTC days, today included. */
    deactivations: z.number(),
    failedSignIns: z.number(),
  }),
  /** The tenants with the most open invitations, most first (only tenants with any). */
  invitationTenants: z.array(
    tenantLabelSchema.extend({ openInvitations: z.number(), pendingInvitations: z.number(), expiringSoon: z.number() }),
  ),
  /** The tenants with the most users, most first. */
  userTenants: z.array(tenantLabelSchema.extend({ users: z.number(), activeUsers: z.number() })),
  /** The last OVERVIEW_DAYS UTC days, oldest first, each `YYYY-MM-DD`. */
  days: z.array(z.object({ day: z.string(), invitationsSent: z.number(), deactivations: z.number(), failedSignIns: z.number() })),
  /** Pending invitations soonest to expire first (All Invitations' first rows). */
  expiringNext: z.array(queuedInvitationSchema),
  /** The newest rows of the audit log the caller reads (Admin → Audit Log's first rows). */
  recentAudit: z.array(auditEntrySchema),
})
export type Overview = z.infer<typeof overviewSchema>

export const overviewContract = {
  get: documented({
    summary: 'The Overview',
    description: [
      'What needs attention, read from counters kept with every write (nothing is counted row by row): users and open',
      'invitations per tenant, the tenants with the most of each, invitations expiring within',
      `${EXPIRING_SOON_HOURS} hours, deactivations and failed sign-ins in the last ${OVERVIEW_WINDOW_DAYS} days, invitations sent,`,
      `deactivations and failed sign-ins per day for ${OVERVIEW_DAYS} days, and the newest audit events. Members of the Admin`,
      'Tenant see every tenant they may switch into; others their own tenant. For roles that manage users (ADMIN, SUPER_ADMIN).',
    ].join(' '),
    errors: ['FORBIDDEN'],
  })
    .input(z.void())
    .output(overviewSchema),
}
