import { and, asc, count, eq, lte } from 'drizzle-orm'
import { affected, first, type Conn } from '../../db/engine'
import type { passkeys, webauthnChallenges } from '../../db/schema'
import { forgetSessionsOfUser } from '../auth/auth.repository'

export type PasskeyRow = typeof passkeys.$inferSelect
export type WebauthnPurpose = (typeof webauthnChallenges.$inferSelect)['purpose']

// ── Passkeys ────────────────────────────────────────────────────────────────────────────────────

/** The user's passkeys, oldest first (at most MAX_PASSKEYS). */
export async function listPasskeys({ db, t }: Conn, userId: string): Promise<PasskeyRow[]> {
  const p = t.passkeys
  return db.select().from(p).where(eq(p.userId, userId)).orderBy(asc(p.createdAt))
}

export async function countPasskeys({ db, t }: Conn, userId: string): Promise<number> {
  const p = t.passkeys
  const row = await first(db.select({ n: count() }).from(p).where(eq(p.userId, userId)))
  return Number(row?.n ?? 0)
}

export async function findPasskey({ db, t }: Conn, userId: string, id: string): Promise<PasskeyRow | undefined> {
  const p = t.passkeys
  return first(
    db
      .select()
      .from(p)
      .where(and(eq(p.userId, userId), eq(p.id, id))),
  )
}

/** The user's passkey with this credential id (another user's is no match). */
export async function findPasskeyByCredential({ db, t }: Conn, userId: string, credentialId: string): Promise<PasskeyRow | undefined> {
  const p = t.passkeys
  return first(
    db
      .select()
      .from(p)
      .where(and(eq(p.userId, userId), eq(p.credentialId, credentialId))),
  )
}

export async function credentialTaken({ db, t }: Conn, credentialId: string): Promise<boolean> {
  const p = t.passkeys
  return !!(await first(db.select({ id: p.id }).from(p).where(eq(p.credentialId, credentialId))))
}

export async function insertPasskey(conn: Conn, row: typeof passkeys.$inferInsert): Promise<void> {
  forgetSessionsOfUser(conn, row.userId)
  await conn.db.insert(conn.t.passkeys).values(row)
}

export async function renamePasskey({ db, t }: Conn, userId: string, id: string, name: string): Promise<boolean> {
  const p = t.passkeys
  const result = await db
    .update(p)
    .set({ name })
    .where(and(eq(p.userId, userId), eq(p.id, id)))
  return affected(result) === 1
}

export async function deletePasskey(conn: Conn, userId: string, id: string): Promise<boolean> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  const p = t.passkeys
  const result = await db.delete(p).where(and(eq(p.userId, userId), eq(p.id, id)))
  return affected(result) === 1
}

export async function deletePasskeysOfUser(conn: Conn, userId: string): Promise<void> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  await db.delete(t.passkeys).where(eq(t.passkeys.userId, userId))
}

/**
 * Takes an assertion's counter as the last one seen, if the counter is still the one it was checked
 * against: one conditional UPDATE, so that two requests with the same assertion cannot both pass.
 */
export async function usePasskey({ db, t }: Conn, id: string, seenCounter: number, newCounter: number, at: Date): Promise<boolean> {
  const p = t.passkeys
  const result = await db
    .update(p)
    .set({ counter: newCounter, lastUsedAt: at })
    .where(and(eq(p.id, id), eq(p.counter, seenCounter)))
  return affected(result) === 1
}

// ── Pending WebAuthn challenges ─────────────────────────────────────────────────────────────────

/** Puts a new challenge in place of the owner's pending one for this purpose (and clears expired ones). */
export async function putChallenge(conn: Conn, row: typeof webauthnChallenges.$inferInsert): Promise<void> {
  const c = conn.t.webauthnChallenges
  await conn.db.delete(c).where(lte(c.expiresAt, row.createdAt!))
  // One statement in place of delete-then-insert: two requests at once (a double click, two tabs) both
  // see no row under READ COMMITTED and would both insert; the upsert lets the later one win instead.
  const { ownerId: _owner, purpose: _purpose, ...fresh } = row
  await conn.db
    .insert(c)
    .values(row)
    .onConflictDoUpdate({ target: [c.ownerId, c.purpose], set: fresh })
}

/**
 * Takes (deletes) the owner's pending challenge for this purpose and answers it if it is the user's
 * and unexpired; null otherwise. Exactly one caller gets it: the first answer, right or wrong, uses it up.
 */
export async function takeChallenge(
  conn: Conn,
  ownerId: string,
  purpose: WebauthnPurpose,
  userId: string,
  now: Date,
): Promise<string | null> {
  const c = conn.t.webauthnChallenges
  const row = await first(
    conn.db
      .select()
      .from(c)
      .where(and(eq(c.ownerId, ownerId), eq(c.purpose, purpose))),
  )
  if (!row) return null
  const result = await conn.db.delete(c).where(eq(c.id, row.id))
  if (affected(result) !== 1) return null
  return row.userId === userId && row.expiresAt.getTime() > now.getTime() ? row.challenge : null
}
