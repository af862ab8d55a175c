import type { users } from '../../db/schema'
import type { Actor } from '../actor'
import type { EnrolmentFacts } from '../factors/enrolment'
import type { OrganisationRow } from '../organisations/organisations.rows'

/**
 * Who a live session acts as, and the inputs of its enrolment rule (factors/enrolment.ts): what every
 * request needs, and all it needs, from the session, read in one statement.
 */
export interface SessionState {
  actor: Actor
  enrolment: EnrolmentFacts
}

/** The session statement's row on either engine: SQLite answers the flags as 0/1, PostgreSQL as booleans (null: no row). */
export type SessionRow = Omit<Actor, 'homeIsAdminTenant' | 'actingIsAdminTenant'> & {
  homeIsAdminTenant: unknown
  actingIsAdminTenant: unknown
  organisationRequires: unknown
  superAdminsRequired: unknown
  pendingReset: unknown
  hasFactor: unknown
}

const flag = (value: unknown) => value === true || value === 1

export function sessionStateOf(row: SessionRow): SessionState {
  return {
    actor: {
      sessionId: row.sessionId,
      userId: row.userId,
      role: row.role,
      homeTenantId: row.homeTenantId,
      actingTenantId: row.actingTenantId,
      homeIsAdminTenant: flag(row.homeIsAdminTenant),
      actingIsAdminTenant: flag(row.actingIsAdminTenant),
    },
    enrolment: {
      role: row.role,
      organisationRequires: flag(row.organisationRequires),
      superAdminsRequired: flag(row.superAdminsRequired),
      pendingReset: flag(row.pendingReset),
      hasFactor: flag(row.hasFactor),
    },
  }
}

/** What `auth.me` reads besides the session: the user, their home organisation and the acting one (the same row when they are one). */
export interface MeRows {
  user: Pick<typeof users.$inferSelect, 'id' | 'name' | 'email' | 'role' | 'tenantId'>
  home: OrganisationRow
  acting: OrganisationRow
}
