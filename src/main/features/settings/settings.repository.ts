import { eq } from 'drizzle-orm'
import { affected, first, type Conn } from '../../db/engine'
import type { emailSettings } from '../../db/schema'

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
