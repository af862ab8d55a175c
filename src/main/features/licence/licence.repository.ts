import { eq } from 'drizzle-orm'
import { licence } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

/** The one licence row (id 1), if a licence was ever installed. */
export function findLicence(db: Reader) {
  return db.select().from(licence).where(eq(licence.id, 1)).get()
}

/** Installs a licence in place of any earlier one. */
export function saveLicence(db: Writer, row: { text: string; installedAt: Date; installedBy: string | null }): void {
  const values = { id: 1, ...row }
  db.insert(licence).values(values).onConflictDoUpdate({ target: licence.id, set: values }).run()
}
