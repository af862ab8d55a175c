import { count, sql } from 'drizzle-orm'
import type { Db } from '../../db/store'
import { organisations, users } from '../../db/schema'

type Reader = Pick<Db, 'select'>
type Writer = Pick<Db, 'insert'>

export function countOrganisations(db: Reader): number {
  return db.select({ n: count() }).from(organisations).get()?.n ?? 0
}

export function emailTaken(db: Reader, email: string): boolean {
  return (
    db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
      .get() !== undefined
  )
}

export function insertOrganisation(db: Writer, row: typeof organisations.$inferInsert): void {
  db.insert(organisations).values(row).run()
}

export function insertUser(db: Writer, row: typeof users.$inferInsert): void {
  db.insert(users).values(row).run()
}
