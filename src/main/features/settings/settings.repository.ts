import { eq } from 'drizzle-orm'
import { affected, first, type Conn } from '../../db/engine'
import type { emailSettings, instanceSettings } from '../../db/schema'
import { forgetAllSessions } from '../auth/auth.repository'

export type EmailSettingsRow = typeof emailSettings.$inferSelect

/** The one Settings → Email row (id 1), if it was ever saved. */
export function findEmailSettings({ db, t }: Conn): Promise<EmailSettingsRow | undefined> {
  return first(db.select().from(t.emailSettings).where(eq(t.emailSettings.id, 1)))
}

/** Saves Settings → Email in place of what was there. */
export async function saveEmailSettings({ db, t }: Conn, row: Omit<EmailSettingsRow, 'id'>): Promise<void> {
  const values = { id: 1, ...row }
  await db.insert(t.emailSettings).values(values).onConflictDoUpdate({ target: t.emailSettings.id, set: values })
}

/** Forgets Settings → Email; whether there was anything to forget. */
export async function deleteEmailSettings({ db, t }: Conn): Promise<boolean> {
  return affected(await db.delete(t.emailSettings).where(eq(t.emailSettings.id, 1))) > 0
}

export type InstanceSettingsRow = typeof instanceSettings.$inferSelect

/** The instance-wide security settings (id 1); undefined for a store set up before they existed. */
export function findInstanceSettings({ db, t }: Conn): Promise<InstanceSettingsRow | undefined> {
  return first(db.select().from(t.instanceSettings).where(eq(t.instanceSettings.id, 1)))
}

/** Whether every SUPER_ADMIN must have a second factor, as stored (no row: no). */
export async function storedSuperAdminSecondFactor(conn: Conn): Promise<boolean> {
  return (await findInstanceSettings(conn))?.superAdminSecondFactor ?? false
}

export async function saveSuperAdminSecondFactor(conn: Conn, required: boolean, at: Date): Promise<void> {
  // Every session carries the stored rule (auth.repository.ts).
  forgetAllSessions(conn)
  const { db, t } = conn
  const values = { id: 1, superAdminSecondFactor: required, updatedAt: at }
  await db.insert(t.instanceSettings).values(values).onConflictDoUpdate({ target: t.instanceSettings.id, set: values })
}
