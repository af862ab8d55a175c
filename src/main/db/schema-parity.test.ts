import { getTableName, is } from 'drizzle-orm'
import { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freshDatabase } from '../../../tests/support/pg-database'
import { pgIndexMethods, pgModel, sqliteModel, sqliteVirtualTables, type SchemaModel } from '../../../tests/support/schema-model'
import { tempDir } from '../../../tests/support/temp-backend'
import { defaultMigrationsFolder, defaultPgMigrationsFolder } from '../package-root'
import { openPgStore, type PgStore } from './pg-store'
import * as sqliteSchema from './schema'
import { openStore } from './store'

/**
 * Issue 19: the SQLite and PostgreSQL schemas, each as its own migrations leave a new database, are
 * the same tables, columns, nullability, defaults, keys, checks, indexes and triggers. Read back from
 * the live databases (PRAGMA; pg_catalog), so a change made to one side only fails here.
 */

const postgres = inject('postgres')

/**
 * Where the dialects differ on purpose. Search: SQLite's FTS5 trigram tables, kept by triggers on
 * the base table; PostgreSQL's GIN trigram indexes, kept by the server. Append-only audit: only
 * PostgreSQL has TRUNCATE to refuse.
 */
const SEARCH = [
  { table: 'users', sqliteTable: 'users_find', pgIndex: 'users_find_idx', pgKeys: ['tenant_id', 'name,email'] },
  { table: 'organisations', sqliteTable: 'organisations_find', pgIndex: 'organisations_find_idx', pgKeys: ['name,slug'] },
] as const
const PG_ONLY_TRIGGERS = { audit_log: ['audit_log_no_truncate'] }

/** Takes `names` out of `list`, failing if one is not there (so this list of differences cannot go stale). */
function without(list: string[], names: readonly string[], where: string): string[] {
  for (const name of names) expect(list, `${where} should have ${name}`).toContain(name)
  return list.filter((n) => !names.includes(n))
}

function comparable(sqlite: SchemaModel, pg: SchemaModel): { sqlite: SchemaModel; pg: SchemaModel } {
  const a = structuredClone(sqlite)
  const b = structuredClone(pg)
  for (const s of SEARCH) {
    const upkeep = ['insert', 'delete', 'update'].map((op) => `${s.sqliteTable}_${op}`)
    a[s.table]!.triggers = without(a[s.table]!.triggers, upkeep, `SQLite ${s.table} triggers`)
    expect(Object.keys(b[s.table]!.indexes)).toContain(s.pgIndex)
    delete b[s.table]!.indexes[s.pgIndex]
  }
  for (const [table, names] of Object.entries(PG_ONLY_TRIGGERS))
    b[table]!.triggers = without(b[table]!.triggers, names, `PostgreSQL ${table} triggers`)
  return { sqlite: a, pg: b }
}

describe.skipIf(!postgres.run)('SQLite and PostgreSQL schemas', () => {
  let sqlite: SchemaModel
  let virtualTables: string[]
  let pg: PgStore
  let drop: () => Promise<void> = async () => undefined

  beforeAll(async () => {
    const store = openStore(tempDir(), { migrationsFolder: defaultMigrationsFolder() })
    sqlite = sqliteModel(store.sqlite)
    virtualTables = sqliteVirtualTables(store.sqlite)
    store.close()
    if (!postgres.run) return
    const database = await freshDatabase(postgres.url)
    drop = database.drop
    pg = await openPgStore(database.url, { migrationsFolder: defaultPgMigrationsFolder() })
  })
  afterAll(async () => {
    await pg?.close()
    await drop()
  })

  it('have the same tables, columns, keys, checks, indexes (by purpose) and triggers', async () => {
    const both = comparable(sqlite, await pgModel(pg.pool))
    expect(Object.keys(both.pg).sort()).toEqual(Object.keys(both.sqlite).sort())
    for (const table of Object.keys(both.sqlite)) expect(both.pg[table], table).toEqual(both.sqlite[table])
  })

  it('search users and organisations with trigrams on both: FTS5 tables on SQLite, GIN indexes on PostgreSQL', async () => {
    const model = await pgModel(pg.pool)
    const methods = await pgIndexMethods(pg.pool)
    for (const s of SEARCH) {
      expect(virtualTables).toContain(s.sqliteTable)
      expect(methods[s.pgIndex]).toBe('gin')
      expect(model[s.table]!.indexes[s.pgIndex]!.keys).toEqual(s.pgKeys)
    }
  })

  it('reads what it compares: the model holds the columns, composite tenant keys and partial indexes', () => {
    // Guards the reader itself: an empty or half-read model would compare equal to another one.
    // Every table the SQLite schema declares was read (FTS tables are not drizzle tables).
    const declared = Object.values(sqliteSchema)
      .filter((value) => is(value, SQLiteTable))
      .map((table) => getTableName(table))
    expect(declared.length).toBeGreaterThan(15)
    expect(Object.keys(sqlite).sort()).toEqual(declared.sort())
    expect(sqlite.users!.columns.email).toEqual({ family: 'text', notNull: true, hasDefault: false })
    expect(sqlite.team_members!.foreignKeys).toContain('(tenant_id,user_id)->users(tenant_id,id) on delete no action on update no action')
    expect(sqlite.organisations!.indexes.organisations_one_admin_tenant).toEqual({
      unique: true,
      keys: ['is_admin_tenant'],
      partialOn: ['is_admin_tenant'],
    })
    expect(sqlite.users!.indexes.users_tenant_last_sign_in_idx!.keys).toEqual(['tenant_id', 'coalesce(last_sign_in_at)', 'id'])
    expect(sqlite.audit_log!.triggers).toEqual(['audit_log_no_delete', 'audit_log_no_update'])
  })
})
