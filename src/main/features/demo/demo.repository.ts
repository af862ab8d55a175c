import { eq } from 'drizzle-orm'
import { demoStore } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export type DemoStoreRow = typeof demoStore.$inferSelect

/** The demo's own row: present only in a store made by Explore the demo. */
export function findDemoStore(db: Reader): DemoStoreRow | undefined {
  return db.select().from(demoStore).where(eq(demoStore.id, 1)).get()
}

export function insertDemoStore(db: Writer, row: Omit<typeof demoStore.$inferInsert, 'id'>): void {
  db.insert(demoStore)
    .values({ id: 1, ...row })
    .run()
}
