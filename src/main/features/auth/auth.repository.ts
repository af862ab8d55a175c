import { and, eq, isNull, sql } from 'drizzle-orm'
import { passwordResets, sessions } from '../../db/schema'
import { clientOf, prepared } from '../../db/query'
import type { Reader, Writer } from '../../db/types'
import type { Role } from '../../../shared/contract'

export function insertSession(db: Writer, row: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(row).run()
}

/** The session behind a token hash, if it is neither revoked nor expired. */
export function findLiveSessionByTokenHash(db: Reader, tokenHash: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now.getTime()}`))
    .get()
}

/** Who a live session acts as: what every request needs, and all it needs, from the session. */
export interface SessionActor {
  sessionId: string
  userId: string
  role: Role
  homeTenantId: string
  actingTenantId: string
}

interface CachedActor {
  actor: SessionActor
  expiresAt: number
}

/**
 * Live sessions already looked up, per connection, by token hash. Every write that could change
 * the answer (sign-out, revocation of a user's sessions, a tenant switch, a role change or
 * deactivation) goes through this repository and forgets the affected entries first, in the same
 * synchronous transaction, so a cached answer is never staler than the database.
 */
const actorCache = new WeakMap<object, Map<string, CachedActor>>()
const ACTOR_CACHE_MAX = 10_000

function cacheOf(db: Reader | Writer): Map<string, CachedActor> {
  const client = clientOf(db)
  let cache = actorCache.get(client)
  if (!cache) actorCache.set(client, (cache = new Map()))
  return cache
}

function forget(db: Reader | Writer, drop: (actor: SessionActor) => boolean): void {
  const cache = cacheOf(db)
  for (const [hash, entry] of cache) if (drop(entry.actor)) cache.delete(hash)
}

/** Forgets the cached sessions of a user whose role or status changed. */
export function forgetSessionsOfUser(db: Reader | Writer, userId: string): void {
  forget(db, (a) => a.userId === userId)
}

const ACTOR_SQL = `select s.id as sessionId, s.user_id as userId, u.role as role, s.home_tenant_id as homeTenantId,
    s.acting_tenant_id as actingTenantId, s.expires_at as expiresAt
  from sessions s indexed by sessions_token_hash_unique join users u on u.id = s.user_id
  where s.token_hash = ? and s.revoked_at is null and u.active = 1`

/**
 * The actor behind a token hash if its session is live (not revoked, not expired) and its user
 * active: one prepared statement, then served from the cache for the session's lifetime.
 */
export function findLiveActorByTokenHash(db: Reader, tokenHash: string, now: Date): SessionActor | null {
  const cache = cacheOf(db)
  const hit = cache.get(tokenHash)
  if (hit) {
    if (hit.expiresAt > now.getTime()) return hit.actor
    cache.delete(tokenHash)
    return null
  }
  const row = prepared(db, 'auth.actor', () => ACTOR_SQL).get(tokenHash) as (SessionActor & { expiresAt: number }) | undefined
  if (!row || row.expiresAt <= now.getTime()) return null
  const { expiresAt, ...actor } = row
  if (cache.size >= ACTOR_CACHE_MAX) cache.clear()
  cache.set(tokenHash, { actor, expiresAt })
  return actor
}

export function revokeSession(db: Writer, sessionId: string, at: Date): void {
  forget(db, (a) => a.sessionId === sessionId)
  db.update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .run()
}

export function revokeSessionsOfUser(db: Writer, userId: string, at: Date): void {
  forgetSessionsOfUser(db, userId)
  db.update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run()
}

export function setActingTenant(db: Writer, sessionId: string, tenantId: string): void {
  forget(db, (a) => a.sessionId === sessionId)
  db.update(sessions).set({ actingTenantId: tenantId }).where(eq(sessions.id, sessionId)).run()
}

export function insertReset(db: Writer, row: typeof passwordResets.$inferInsert): void {
  db.insert(passwordResets).values(row).run()
}

export function findResetByTokenHash(db: Reader, tokenHash: string) {
  return db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).get()
}

/** Marks the reset used if it is still open and unexpired; true for exactly one caller. */
export function consumeReset(db: Writer, id: string, at: Date): boolean {
  return (
    db
      .update(passwordResets)
      .set({ usedAt: at })
      .where(
        and(
          eq(passwordResets.id, id),
          isNull(passwordResets.usedAt),
          isNull(passwordResets.revokedAt),
          sql`${passwordResets.expiresAt} > ${at.getTime()}`,
        ),
      )
      .run().changes === 1
  )
}

/** Kills a user's open reset links (a newer link, deactivation, promotion to SUPER_ADMIN). */
export function revokeOpenResets(db: Writer, userId: string, at: Date): void {
  db.update(passwordResets)
    .set({ revokedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.revokedAt)))
    .run()
}
