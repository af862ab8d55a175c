import { eq } from 'drizzle-orm'
import { emailSettings } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export type EmailSettingsRow = typeof emailSettings.$inferSelect

/** The one Settings → Email row (id 1), if it was ever saved. */
export function findEmailSettings(db: Reader): EmailSettingsRow | undefined {
  return db.select().from(emailSettings).where(eq(emailSettings.id, 1)).get()
}

/** Saves Settings → Email in place of what was there. */
export function saveEmailSettings(db: Writer, row: Omit<EmailSettingsRow, 'id'>): void {
  const values = { id: 1, ...row }
  db.insert(emailSettings).values(values).onConflictDoUpdate({ target: emailSettings.id, set: values }).run()
}

/** Forgets Settings → Email; whether there was anything to forget. */
export function deleteEmailSettings(db: Writer): boolean {
  return db.delete(emailSettings).where(eq(emailSettings.id, 1)).run().changes > 0
}
