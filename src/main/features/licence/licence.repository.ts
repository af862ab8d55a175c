import { eq } from 'drizzle-orm'
import { first, type Conn } from '../../db/engine'

/** The one licence row (id 1), if a licence was ever installed. */
export function findLicence({ db, t }: Conn) {
  return first(db.select().from(t.licence).where(eq(t.licence.id, 1)))
}

/** Installs a licence in place of any earlier one. */
export async function saveLicence({ db, t }: Conn, row: { text: string; installedAt: Date; installedBy: string | null }): Promise<void> {
  const values = { id: 1, ...row }
  await db.insert(t.licence).values(values).onConflictDoUpdate({ target: t.licence.id, set: values })
}
