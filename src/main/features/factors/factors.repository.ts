import { and, count, eq, gt, isNull, lt, lte, or } from 'drizzle-orm'
import { affected, first, type Conn } from '../../db/engine'
import type { recoveryCodes, signInChallenges, userFactors } from '../../db/schema'
import type { EnrolmentReason, Role } from '../../../shared/contract'
import { forgetSessionsOfUser } from '../auth/auth.repository'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { storedSuperAdminSecondFactor } from '../settings/settings.repository'
import { countPasskeys } from './passkeys.repository'
import { enrolmentReasonOf, type EnrolmentFacts } from './enrolment'

export type FactorRow = typeof userFactors.$inferSelect
export type ChallengeRow = typeof signInChallenges.$inferSelect

// ── Factors ─────────────────────────────────────────────────────────────────────────────────────

/** The user's authenticator app, confirmed or still being set up. */
export async function findTotp({ db, t }: Conn, userId: string): Promise<FactorRow | undefined> {
  const f = t.userFactors
  return first(
    db
      .select()
      .from(f)
      .where(and(eq(f.userId, userId), eq(f.kind, 'totp'))),
  )
}

/** A second factor counts: a confirmed authenticator app, or at least one passkey. */
export async function hasConfirmedFactor(conn: Conn, userId: string): Promise<boolean> {
  return !!(await findTotp(conn, userId))?.confirmedAt || (await countPasskeys(conn, userId)) > 0
}

/**
 * Why the user must have a second factor while they have none confirmed, or null (enrolment.ts):
 * their session is then limited to enrolment. Each request reads the same facts with its session
 * (auth.repository.ts); this reads them on their own.
 */
export async function enrolmentReason(
  conn: Conn,
  user: { id: string; tenantId: string; role: Role },
  superAdminRule: boolean | undefined,
): Promise<EnrolmentReason | null> {
  const facts: EnrolmentFacts = {
    role: user.role,
    organisationRequires: !!(await findOrganisation(conn, user.tenantId))?.requireSecondFactor,
    superAdminsRequired: await storedSuperAdminSecondFactor(conn),
    pendingReset: await hasPendingReset(conn, user.id),
    hasFactor: await hasConfirmedFactor(conn, user.id),
  }
  return enrolmentReasonOf(facts, superAdminRule)
}

// ── Resets by an administrator ──────────────────────────────────────────────────────────────────

/** Whether an administrator reset the user's factor and they have not set one up since. */
async function hasPendingReset({ db, t }: Conn, userId: string): Promise<boolean> {
  const r = t.secondFactorResets
  return !!(await first(db.select({ userId: r.userId }).from(r).where(eq(r.userId, userId))))
}

export async function recordReset(conn: Conn, userId: string, at: Date): Promise<void> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  const r = t.secondFactorResets
  await db
    .insert(r)
    .values({ userId, resetAt: at })
    .onConflictDoUpdate({ target: r.userId, set: { resetAt: at } })
}

/** They set up a factor again: no longer held to enrolment by the reset. */
export async function clearReset(conn: Conn, userId: string): Promise<void> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  await db.delete(t.secondFactorResets).where(eq(t.secondFactorResets.userId, userId))
}

export async function insertFactor({ db, t }: Conn, row: typeof userFactors.$inferInsert): Promise<void> {
  await db.insert(t.userFactors).values(row)
}

export async function deleteFactor(conn: Conn, userId: string, id: string): Promise<void> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  await db.delete(t.userFactors).where(eq(t.userFactors.id, id))
}

/** Every factor of the user, confirmed or still being set up (an administrator's reset). */
export async function deleteFactorsOfUser(conn: Conn, userId: string): Promise<void> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  await db.delete(t.userFactors).where(eq(t.userFactors.userId, userId))
}

/** Confirms a factor still unconfirmed, with the step of its first code; true for exactly one caller. */
export async function confirmFactor(conn: Conn, userId: string, id: string, at: Date, step: number): Promise<boolean> {
  forgetSessionsOfUser(conn, userId)
  const { db, t } = conn
  const f = t.userFactors
  const result = await db
    .update(f)
    .set({ confirmedAt: at, lastUsedStep: step })
    .where(and(eq(f.id, id), isNull(f.confirmedAt)))
  return affected(result) === 1
}

/**
 * Takes a code's step as the last one used if it is later than the last one used: one conditional
 * UPDATE, so that two requests with the same code (in any process) cannot both pass.
 */
export async function useStep({ db, t }: Conn, id: string, step: number): Promise<boolean> {
  const f = t.userFactors
  const result = await db
    .update(f)
    .set({ lastUsedStep: step })
    .where(and(eq(f.id, id), or(isNull(f.lastUsedStep), lt(f.lastUsedStep, step))))
  return affected(result) === 1
}

// ── Recovery codes ──────────────────────────────────────────────────────────────────────────────

export async function insertRecoveryCodes({ db, t }: Conn, rows: (typeof recoveryCodes.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(t.recoveryCodes).values(rows)
}

export async function deleteRecoveryCodes({ db, t }: Conn, userId: string): Promise<void> {
  await db.delete(t.recoveryCodes).where(eq(t.recoveryCodes.userId, userId))
}

/** The user's unused codes (at most ten: a user has one set). */
export async function unusedRecoveryCodes({ db, t }: Conn, userId: string) {
  const r = t.recoveryCodes
  return db
    .select({ id: r.id, codeHash: r.codeHash })
    .from(r)
    .where(and(eq(r.userId, userId), isNull(r.usedAt)))
}

export async function countUnusedRecoveryCodes({ db, t }: Conn, userId: string): Promise<number> {
  const r = t.recoveryCodes
  const row = await first(
    db
      .select({ n: count() })
      .from(r)
      .where(and(eq(r.userId, userId), isNull(r.usedAt))),
  )
  return Number(row?.n ?? 0)
}

/** Marks a code used if it still is unused; true for exactly one caller. */
export async function useRecoveryCode({ db, t }: Conn, id: string, at: Date): Promise<boolean> {
  const r = t.recoveryCodes
  const result = await db
    .update(r)
    .set({ usedAt: at })
    .where(and(eq(r.id, id), isNull(r.usedAt)))
  return affected(result) === 1
}

// ── Half-way sign-ins ───────────────────────────────────────────────────────────────────────────

export async function insertChallenge(conn: Conn, row: typeof signInChallenges.$inferInsert): Promise<void> {
  const c = conn.t.signInChallenges
  // Expired ones are of no use to anyone: each new one clears them, so the table stays small.
  await conn.db.delete(c).where(lte(c.expiresAt, row.createdAt))
  await conn.db.insert(c).values(row)
}

export async function findChallengeByTokenHash({ db, t }: Conn, tokenHash: string): Promise<ChallengeRow | undefined> {
  return first(db.select().from(t.signInChallenges).where(eq(t.signInChallenges.tokenHash, tokenHash)))
}

/** Consumes a half-way sign-in that is unused and unexpired; true for exactly one caller. */
export async function consumeChallenge({ db, t }: Conn, id: string, at: Date): Promise<boolean> {
  const c = t.signInChallenges
  const result = await db
    .update(c)
    .set({ usedAt: at })
    .where(and(eq(c.id, id), isNull(c.usedAt), gt(c.expiresAt, at)))
  return affected(result) === 1
}
