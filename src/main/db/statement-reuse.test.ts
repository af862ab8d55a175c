import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { tempBackend } from '../../../tests/support/temp-backend'
import { seedOperator } from '../../../tests/support/seed'
import { clientOf } from './query'
import * as schema from './schema'

/**
 * drizzle's statements are compiled once per connection and SQL text (issue 22, statement-reuse.ts).
 * A kept statement must answer as a fresh one: in the row shape its caller asks for, and with the
 * rows as they are now.
 */
describe('statements kept by SQL text [sqlite]', () => {
  it('hand back rows as objects after drizzle read the same text as arrays, and see every write', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    const db = backend.store!.db
    const text = `select "id", "name" from "organisations"`
    // drizzle with a selection reads arrays (raw mode) through this text…
    expect(db.select({ id: schema.organisations.id, name: schema.organisations.name }).from(schema.organisations).toSQL().sql).toBe(text)
    expect(await db.select({ id: schema.organisations.id, name: schema.organisations.name }).from(schema.organisations)).toEqual([
      { id: op.tenantId, name: expect.any(String) },
    ])
    // …and without one, the same text's rows come as objects.
    expect(db.all(sql.raw(text))).toEqual([{ id: op.tenantId, name: expect.any(String) }])
    await backend.services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: false })
    expect(db.all(sql.raw(text))).toHaveLength(2)
    // Code that prepares on the connection itself gets statements of its own.
    const own = clientOf(db).prepare(text).pluck()
    expect(own.all()).toHaveLength(2)
    expect(db.all(sql.raw(text))).toEqual(expect.arrayContaining([{ id: op.tenantId, name: expect.any(String) }]))
  })
})
