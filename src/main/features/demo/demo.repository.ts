import { eq } from 'drizzle-orm'
import { first, type Conn } from '../../db/engine'
import type { demoStore } from '../../db/schema'

export type DemoStoreRow = typeof demoStore.$inferSelect

/** The demo's own row: present only in a store made by Explore the demo. */
export function findDemoStore({ db, t }: Conn): Promise<DemoStoreRow | undefined> {
  return first(db.select().from(t.demoStore).where(eq(t.demoStore.id, 1)))
}

export async function insertDemoStore({ db, t }: Conn, row: Omit<typeof demoStore.$inferInsert, 'id'>): Promise<void> {
  await db.insert(t.demoStore).values({ id: 1, ...row })
}
