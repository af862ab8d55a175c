import { connectionCache } from '../../db/connection-cache'
import type { Conn } from '../../db/engine'
import { clientOf, prepared } from '../../db/query'
import type { Actor } from '../actor'
import { sessionStateOf, type MeRows, type SessionRow as StateRow, type SessionState } from './session-state'

/**
 * SQLite's session lookup: one prepared statement, then served from an in-process cache. Only on
 * SQLite, where the console's process makes the writes; should another process write to the file
 * (a second console on the same data folder, a command), the whole cache is emptied at the next
 * lookup (`watchOtherWriters`). On PostgreSQL several processes write the same sessions, users,
 * factors and settings all the time, so each request reads its session (one statement,
 * auth.repository.ts).
 */

interface CachedSession {
  state: SessionState
  expiresAt: number
  /** What `auth.me` read for it (user, home and acting organisation), once asked. */
  me?: MeRows
}

/**
 * Live sessions already looked up, per connection, by token hash: the actor, the inputs of the
 * enrolment rule, and what `auth.me` shows of the user and their organisations. Every write that
 * could change the answer goes through a repository that forgets the affected entries inside its
 * transaction: sign-out and revocation, a tenant switch, a role change or deactivation (auth,
 * users), a factor confirmed, replaced or removed, a passkey added or removed, an administrator's
 * factor reset (factors), any change to an organisation, for the sessions at home or acting in it
 * (organisations), the instance's rule for SUPER_ADMINs (settings). The SQLite engine lets no other
 * call read while that transaction runs, so a cached answer is never staler than the database.
 * (Forgetting in a transaction that then rolls back only costs a lookup.)
 */
const SESSION_CACHE_MAX = 10_000

const cacheOf = (conn: Conn) => connectionCache<string, CachedSession>(conn, 'sessions', { watchOtherWriters: true })

export function forgetCached(conn: Conn, drop: (actor: Actor) => boolean): void {
  const cache = cacheOf(conn)
  for (const [hash, entry] of cache) if (drop(entry.state.actor)) cache.delete(hash)
}

const SESSION_SQL = `select s.id as sessionId, s.user_id as userId, u.role as role, s.home_tenant_id as homeTenantId,
    s.acting_tenant_id as actingTenantId, s.expires_at as expiresAt,
    coalesce(o.require_second_factor, 0) as organisationRequires, coalesce(o.is_admin_tenant, 0) as homeIsAdminTenant,
    coalesce((select a.is_admin_tenant from organisations a where a.id = s.acting_tenant_id), 0) as actingIsAdminTenant,
    coalesce((select i.super_admin_second_factor from instance_settings i where i.id = 1), 0) as superAdminsRequired,
    exists (select 1 from second_factor_resets r where r.user_id = s.user_id) as pendingReset,
    (exists (select 1 from user_factors f where f.user_id = s.user_id and f.kind = 'totp' and f.confirmed_at is not null)
      or exists (select 1 from passkeys p where p.user_id = s.user_id)) as hasFactor
  from sessions s indexed by sessions_token_hash_unique join users u on u.id = s.user_id
    left join organisations o on o.id = u.tenant_id
  where s.token_hash = ? and s.revoked_at is null and u.active = 1`

type SessionRow = StateRow & { expiresAt: number }

/**
 * The session behind a token hash if it is live (not revoked, not expired) and its user active: one
 * prepared statement, then served from the cache for the session's lifetime.
 */
export function findLiveSessionSqlite(conn: Conn, tokenHash: string, now: Date): SessionState | null {
  const cache = cacheOf(conn)
  const hit = cache.get(tokenHash)
  if (hit) {
    if (hit.expiresAt > now.getTime()) return hit.state
    cache.delete(tokenHash)
    return null
  }
  const row = prepared(conn, 'auth.session', () => SESSION_SQL).get(tokenHash) as SessionRow | undefined
  if (!row || row.expiresAt <= now.getTime()) return null
  const state = sessionStateOf(row)
  if (cache.size >= SESSION_CACHE_MAX) cache.clear()
  cache.set(tokenHash, { state, expiresAt: row.expiresAt })
  return state
}

/** What `auth.me` read for a live session, if kept (see `keepMeRows`). */
export function cachedMeRowsSqlite(conn: Conn, tokenHash: string): MeRows | undefined {
  return cacheOf(conn).get(tokenHash)?.me
}

/**
 * Keeps what `auth.me` read with the session's cached entry, so that it goes when the entry does.
 * Not from inside a transaction: what it read may yet be rolled back.
 */
export function keepMeRowsSqlite(conn: Conn, tokenHash: string, rows: MeRows): void {
  const entry = cacheOf(conn).get(tokenHash)
  if (entry && !clientOf(conn.db).inTransaction) entry.me = rows
}
