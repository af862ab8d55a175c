/**
 * The contract's plain values, apart from its schemas: the console's first load needs these (roles,
 * list sorts, limits) and must not pull zod and every schema with them. The contract files re-export
 * them where they always were.
 */
export const Role = {
  SUPER_ADMIN: 'SUPER_ADMIN',
  ADMIN: 'ADMIN',
  AGENT: 'AGENT',
  READ_ONLY: 'READ_ONLY',
} as const
export type Role = (typeof Role)[keyof typeof Role]
/** Every role, as a tuple: for enums (zod, the database columns) that need one. */
export const ROLES = [Role.SUPER_ADMIN, Role.ADMIN, Role.AGENT, Role.READ_ONLY] as const

export const USER_SORTS = ['name', 'email', 'role', 'lastSignIn'] as const

export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const

/** All Invitations' status filter (issue 20). */
export const INVITATION_STATUSES = ['all', 'pending', 'expired'] as const

/** The tenant switcher lists at most this many organisations at once; typing finds the others. */
export const SWITCHER_LIMIT = 50
