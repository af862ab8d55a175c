import type { Conn } from '../../db/engine'
import { clientOf, prepared } from '../../db/query'
import type { Actor as SessionActor } from '../actor'

/**
 * SQLite's session lookup: one prepared statement, then served from an in-process cache. Only on
 * SQLite, where this process owns the file and every write goes through it; on PostgreSQL other
 * processes write the same sessions and users, so each request looks its session up (one indexed
 * query, auth.repository.ts).
 */

interface CachedActor {
  actor: SessionActor
  expiresAt: number
}

/**
 * Live sessions already looked up, per connection, by token hash. Every write that could change
 * the answer (sign-out, revocation of a user's sessions, a tenant switch, a role change or
 * deactivation) goes through auth.repository.ts and forgets the affected entries inside its
 * transaction; the SQLite engine lets no other call read while that transaction runs, so a cached
 * answer is never staler than the database. (Forgetting in a transaction that then rolls back
 * only costs a lookup.)
 */
const actorCache = new WeakMap<object, Map<string, CachedActor>>()
const ACTOR_CACHE_MAX = 10_000

function cacheOf({ db }: Conn): Map<string, CachedActor> {
  const client = clientOf(db)
  let cache = actorCache.get(client)
  if (!cache) actorCache.set(client, (cache = new Map()))
  return cache
}

export function forgetCached(conn: Conn, drop: (actor: SessionActor) => boolean): void {
  const cache = cacheOf(conn)
  for (const [hash, entry] of cache) if (drop(entry.actor)) cache.delete(hash)
}

const ACTOR_SQL = `select s.id as sessionId, s.user_id as userId, u.role as role, s.home_tenant_id as homeTenantId,
    s.acting_tenant_id as actingTenantId, s.expires_at as expiresAt
  from sessions s indexed by sessions_token_hash_unique join users u on u.id = s.user_id
  where s.token_hash = ? and s.revoked_at is null and u.active = 1`

/**
 * The actor behind a token hash if its session is live (not revoked, not expired) and its user
 * active: one prepared statement, then served from the cache for the session's lifetime.
 */
export function findLiveActorSqlite(conn: Conn, tokenHash: string, now: Date): SessionActor | null {
  const cache = cacheOf(conn)
  const hit = cache.get(tokenHash)
  if (hit) {
    if (hit.expiresAt > now.getTime()) return hit.actor
    cache.delete(tokenHash)
    return null
  }
  const row = prepared(conn, 'auth.actor', () => ACTOR_SQL).get(tokenHash) as (SessionActor & { expiresAt: number }) | undefined
  if (!row || row.expiresAt <= now.getTime()) return null
  const { expiresAt, ...actor } = row
  if (cache.size >= ACTOR_CACHE_MAX) cache.clear()
  cache.set(tokenHash, { actor, expiresAt })
  return actor
}
