import type { Conn } from '../../db/engine'
import { pgRows } from '../../db/pg-query'
import { sessionStateOf, type SessionRow, type SessionState } from './session-state'

/**
 * PostgreSQL's session lookup (SQLite's is ./auth.sqlite.ts): every request asks the database, in
 * one statement written out once (an indexed lookup on sessions_token_hash_unique and a few
 * primary-key probes). Another process may have ended the session, changed the user, their
 * factors, their organisation's rule or the instance's a moment ago, and one round trip costs what
 * a stamp check would.
 */
const SESSION_SQL = `select s.id as "sessionId", s.user_id as "userId", u.role as "role", s.home_tenant_id as "homeTenantId",
    s.acting_tenant_id as "actingTenantId", o.require_second_factor as "organisationRequires", o.is_admin_tenant as "homeIsAdminTenant",
    (select a.is_admin_tenant from organisations a where a.id = s.acting_tenant_id) as "actingIsAdminTenant",
    coalesce((select i.super_admin_second_factor from instance_settings i where i.id = 1), false) as "superAdminsRequired",
    exists (select 1 from second_factor_resets r where r.user_id = s.user_id) as "pendingReset",
    (exists (select 1 from user_factors f where f.user_id = s.user_id and f.kind = 'totp' and f.confirmed_at is not null)
      or exists (select 1 from passkeys p where p.user_id = s.user_id)) as "hasFactor"
  from sessions s join users u on u.id = s.user_id and u.active
    left join organisations o on o.id = u.tenant_id
  where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2`

/** The session behind a token hash if it is live (not revoked, not expired) and its user active, with its enrolment facts. */
export async function findLiveSessionPg(conn: Conn, tokenHash: string, now: Date): Promise<SessionState | null> {
  const [row] = await pgRows<SessionRow>(conn, { text: SESSION_SQL, values: [tokenHash, now.toISOString()], samePlan: true })
  return row ? sessionStateOf(row) : null
}
