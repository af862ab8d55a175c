import { and, count, eq, gt, isNull } from 'drizzle-orm'
import { affected, Dialect, first, type Conn } from '../../db/engine'
import type { passwordResets, sessions } from '../../db/schema'
import type { Actor } from '../actor'
import { findLiveSessionPg } from './auth.pg'
import { cachedMeRowsSqlite, findLiveSessionSqlite, forgetCached, keepMeRowsSqlite } from './auth.sqlite'
import type { MeRows, SessionState } from './session-state'

export async function insertSession({ db, t }: Conn, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(t.sessions).values(row)
}

/** The session behind a token hash, if it is neither revoked nor expired. */
export async function findLiveSessionByTokenHash({ db, t }: Conn, tokenHash: string, now: Date) {
  const s = t.sessions
  return first(
    db
      .select()
      .from(s)
      .where(and(eq(s.tokenHash, tokenHash), isNull(s.revokedAt), gt(s.expiresAt, now))),
  )
}

export type { MeRows, SessionState }

/** Forgets cached lookups (SQLite only: PostgreSQL keeps none, see auth.sqlite.ts). */
function forget(conn: Conn, drop: (actor: Actor) => boolean): void {
  if (conn.dialect === Dialect.SQLITE) forgetCached(conn, drop)
}

/** Forgets the cached sessions of a user whose role, status, factors or factor reset changed. */
export function forgetSessionsOfUser(conn: Conn, userId: string): void {
  forget(conn, (a) => a.userId === userId)
}

/**
 * Forgets the cached sessions at home or acting in an organisation that changed: its members'
 * carry whether it requires a second factor, and `auth.me` shows both organisations (name, slug,
 * flags, features).
 */
export function forgetSessionsOfTenant(conn: Conn, tenantId: string): void {
  forget(conn, (a) => a.homeTenantId === tenantId || a.actingTenantId === tenantId)
}

/** Forgets every cached session (the instance's rule for SUPER_ADMINs changed). */
export function forgetAllSessions(conn: Conn): void {
  forget(conn, () => true)
}

/** The session behind a token hash if it is live (not revoked, not expired) and its user active, with its enrolment facts. */
export async function findLiveSessionState(conn: Conn, tokenHash: string, now: Date): Promise<SessionState | null> {
  return conn.dialect === Dialect.SQLITE ? findLiveSessionSqlite(conn, tokenHash, now) : findLiveSessionPg(conn, tokenHash, now)
}

/** What `auth.me` read for a live session, when SQLite kept it with the session (PostgreSQL keeps nothing: undefined). */
export function cachedMeRows(conn: Conn, tokenHash: string): MeRows | undefined {
  return conn.dialect === Dialect.SQLITE ? cachedMeRowsSqlite(conn, tokenHash) : undefined
}

/** Keeps what `auth.me` read with the session's cached entry (SQLite only), forgotten with it. */
export function keepMeRows(conn: Conn, tokenHash: string, rows: MeRows): void {
  if (conn.dialect === Dialect.SQLITE) keepMeRowsSqlite(conn, tokenHash, rows)
}

export async function revokeSession(conn: Conn, sessionId: string, at: Date): Promise<void> {
  forget(conn, (a) => a.sessionId === sessionId)
  const s = conn.t.sessions
  await conn.db
    .update(s)
    .set({ revokedAt: at })
    .where(and(eq(s.id, sessionId), isNull(s.revokedAt)))
}

export async function revokeSessionsOfUser(conn: Conn, userId: string, at: Date): Promise<void> {
  forgetSessionsOfUser(conn, userId)
  const s = conn.t.sessions
  await conn.db
    .update(s)
    .set({ revokedAt: at })
    .where(and(eq(s.userId, userId), isNull(s.revokedAt)))
}

/** Records that the session's user proved a factor just now (`auth.stepUp`). Not part of the cached actor: read when needed. */
export async function setFactorProven({ db, t }: Conn, sessionId: string, at: Date): Promise<void> {
  await db.update(t.sessions).set({ factorProvenAt: at }).where(eq(t.sessions.id, sessionId))
}

/**
 * When the session last proved a factor (null: never). Read from the database for each step-up
 * operation (they are few), never cached, so that it is as fresh as the row.
 */
export async function factorProvenAt({ db, t }: Conn, sessionId: string): Promise<Date | null> {
  const row = await first(db.select({ at: t.sessions.factorProvenAt }).from(t.sessions).where(eq(t.sessions.id, sessionId)))
  return row?.at ?? null
}

export async function setActingTenant(conn: Conn, sessionId: string, tenantId: string): Promise<void> {
  forget(conn, (a) => a.sessionId === sessionId)
  const s = conn.t.sessions
  await conn.db.update(s).set({ actingTenantId: tenantId }).where(eq(s.id, sessionId))
}

export async function insertReset({ db, t }: Conn, row: typeof passwordResets.$inferInsert): Promise<void> {
  await db.insert(t.passwordResets).values(row)
}

export async function findResetByTokenHash({ db, t }: Conn, tokenHash: string) {
  return first(db.select().from(t.passwordResets).where(eq(t.passwordResets.tokenHash, tokenHash)))
}

/**
 * Marks the reset used if it is still open and unexpired; true for exactly one caller. One
 * conditional UPDATE: on PostgreSQL a second process's UPDATE waits for the first's row lock and
 * then finds `used_at` set, so two processes cannot both consume one token.
 */
export async function consumeReset({ db, t }: Conn, id: string, at: Date): Promise<boolean> {
  const r = t.passwordResets
  const result = await db
    .update(r)
    .set({ usedAt: at })
    .where(and(eq(r.id, id), isNull(r.usedAt), isNull(r.revokedAt), gt(r.expiresAt, at)))
  return affected(result) === 1
}

/** Kills a user's open reset links (a newer link, deactivation, promotion to SUPER_ADMIN). */
export async function revokeOpenResets({ db, t }: Conn, userId: string, at: Date): Promise<void> {
  const r = t.passwordResets
  await db
    .update(r)
    .set({ revokedAt: at })
    .where(and(eq(r.userId, userId), isNull(r.usedAt), isNull(r.revokedAt)))
}

/** A user's sessions that are neither revoked nor expired. */
export async function countLiveSessions({ db, t }: Conn, userId: string, now: Date): Promise<number> {
  const s = t.sessions
  const row = await first(
    db
      .select({ n: count() })
      .from(s)
      .where(and(eq(s.userId, userId), isNull(s.revokedAt), gt(s.expiresAt, now))),
  )
  return Number(row?.n ?? 0)
}
