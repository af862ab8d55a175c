import type Database from 'better-sqlite3'
import type pg from 'pg'

/**
 * A live schema read back from the database itself (never from the drizzle definitions), in one
 * shape for both engines, so that a test can compare SQLite's and PostgreSQL's (issue 19). Types are
 * compared by storage family only (`text` or `number`: SQLite keeps flags and times as integers);
 * index keys by purpose: a column by name, an expression by its functions and the columns it reads.
 */
export interface TableModel {
  columns: Record<string, { family: 'text' | 'number'; notNull: boolean; hasDefault: boolean }>
  primaryKey: string[]
  /** `(a,b)->parent(x,y) on delete … on update …`, sorted. */
  foreignKeys: string[]
  indexes: Record<string, { unique: boolean; keys: string[]; partialOn: string[] }>
  checks: string[]
  triggers: string[]
}
export type SchemaModel = Record<string, TableModel>

/** `lower("email")` and `lower(email)` alike → `lower(email)`; constants and casts drop out. */
export function keyPurpose(expression: string, columns: readonly string[]): string {
  const text = expression
    .toLowerCase()
    .replace(/'(?:[^']|'')*'/g, '')
    .replace(/["`]/g, '')
  const tokens = [...text.matchAll(/([a-z_][a-z0-9_]*)\s*(\()?/g)]
  const functions = tokens.filter((t) => t[2]).map((t) => t[1])
  const reads = tokens.filter((t) => !t[2] && columns.includes(t[1]!)).map((t) => t[1])
  const used = [...new Set(reads)]
  return functions.length ? `${functions.join('.')}(${used.join(',')})` : used.join(',')
}

const predicateColumns = (predicate: string | null, columns: readonly string[]) =>
  predicate
    ? [
        ...new Set(
          keyPurpose(predicate, columns)
            .replace(/^.*\(|\)$/g, '')
            .split(',')
            .filter(Boolean),
        ),
      ].sort()
    : []

const fk = (from: string[], table: string, to: string[], onDelete: string, onUpdate: string) =>
  `(${from.join(',')})->${table}(${to.join(',')}) on delete ${onDelete.toLowerCase()} on update ${onUpdate.toLowerCase()}`

// ── SQLite ──────────────────────────────────────────────────────────────────────────────────────

/** The key list of a CREATE INDEX statement, split at its top-level commas, and its WHERE clause. */
function indexSql(sql: string): { keys: string[]; where: string | null } {
  const open = sql.indexOf('(', sql.search(/\bON\b/i))
  let depth = 0
  let start = open + 1
  const keys: string[] = []
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === '(') depth++
    else if (sql[i] === ')' && --depth === 0) {
      keys.push(sql.slice(start, i))
      const where = sql.slice(i + 1).match(/^\s*WHERE\s+([\s\S]*)$/i)
      return { keys: keys.map((k) => k.trim()), where: where?.[1] ?? null }
    } else if (sql[i] === ',' && depth === 1) {
      keys.push(sql.slice(start, i))
      start = i + 1
    }
  }
  throw new Error(`Cannot read the keys of ${sql}`)
}

export function sqliteModel(db: Database.Database): SchemaModel {
  const tables = (db.pragma('table_list') as { name: string; type: string; schema: string }[])
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_') && !t.name.startsWith('__drizzle'))
    .map((t) => t.name)
  const model: SchemaModel = {}
  for (const table of tables) {
    const info = db.pragma(`table_info("${table}")`) as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]
    const names = info.map((c) => c.name)
    const columns: TableModel['columns'] = {}
    for (const c of info) {
      columns[c.name] = { family: /int/i.test(c.type) ? 'number' : 'text', notNull: c.notnull === 1, hasDefault: c.dflt_value !== null }
    }
    const fks = new Map<number, { table: string; from: string[]; to: string[]; onDelete: string; onUpdate: string }>()
    type FkRow = { id: number; seq: number; table: string; from: string; to: string; on_delete: string; on_update: string }
    for (const r of db.pragma(`foreign_key_list("${table}")`) as FkRow[]) {
      const entry = fks.get(r.id) ?? { table: r.table, from: [], to: [], onDelete: r.on_delete, onUpdate: r.on_update }
      entry.from[r.seq] = r.from
      entry.to[r.seq] = r.to
      fks.set(r.id, entry)
    }
    const indexes: TableModel['indexes'] = {}
    for (const index of db.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string }[]) {
      if (index.origin === 'pk') continue
      const { sql } = db.prepare(`select sql from sqlite_master where type = 'index' and name = ?`).get(index.name) as { sql: string }
      const parsed = indexSql(sql)
      indexes[index.name] = {
        unique: index.unique === 1,
        keys: parsed.keys.map((k) => keyPurpose(k, names)),
        partialOn: predicateColumns(parsed.where, names),
      }
    }
    const { sql } = db.prepare(`select sql from sqlite_master where type = 'table' and name = ?`).get(table) as { sql: string }
    const triggers = db.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = ?`).all(table) as { name: string }[]
    model[table] = {
      columns,
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      foreignKeys: [...fks.values()].map((f) => fk(f.from, f.table, f.to, f.onDelete, f.onUpdate)).sort(),
      indexes,
      checks: [...sql.matchAll(/CONSTRAINT\s+"(\w+)"\s+CHECK/gi)].map((m) => m[1]!).sort(),
      triggers: triggers.map((t) => t.name).sort(),
    }
  }
  return model
}

/** SQLite's virtual tables (FTS5), which PostgreSQL serves with GIN indexes instead. */
export const sqliteVirtualTables = (db: Database.Database) =>
  (db.pragma('table_list') as { name: string; type: string }[]).filter((t) => t.type === 'virtual').map((t) => t.name)

// ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────

const ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' }
const NUMBER_TYPES = new Set(['integer', 'bigint', 'smallint', 'boolean', 'timestamp with time zone', 'timestamp without time zone'])

export async function pgModel(client: pg.Pool | pg.Client, schema = 'public'): Promise<SchemaModel> {
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql, [schema])).rows
  const columns = await q<{
    table_name: string
    column_name: string
    data_type: string
    is_nullable: string
    column_default: string | null
  }>(
    `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
      where table_schema = $1 order by table_name, ordinal_position`,
  )
  const model: SchemaModel = {}
  for (const c of columns) {
    const table = (model[c.table_name] ??= { columns: {}, primaryKey: [], foreignKeys: [], indexes: {}, checks: [], triggers: [] })
    if (!NUMBER_TYPES.has(c.data_type) && c.data_type !== 'text')
      throw new Error(`Unexpected type ${c.data_type} of ${c.table_name}.${c.column_name}`)
    table.columns[c.column_name] = {
      family: c.data_type === 'text' ? 'text' : 'number',
      notNull: c.is_nullable === 'NO',
      hasDefault: c.column_default !== null,
    }
  }
  const names = (table: string) => Object.keys(model[table]?.columns ?? {})

  const indexes = await q<{ table: string; name: string; unique: boolean; primary: boolean; keys: string[]; predicate: string | null }>(
    `select t.relname as table, i.relname as name, x.indisunique as unique, x.indisprimary as primary,
            array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) as k) as keys,
            pg_get_expr(x.indpred, x.indrelid, true) as predicate
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace where n.nspname = $1`,
  )
  for (const index of indexes) {
    const table = model[index.table]!
    if (index.primary) table.primaryKey = index.keys
    else {
      const cols = names(index.table)
      table.indexes[index.name] = {
        unique: index.unique,
        keys: index.keys.map((k) => keyPurpose(k, cols)),
        partialOn: predicateColumns(index.predicate, cols),
      }
    }
  }

  const constraints = await q<{
    table: string
    name: string
    type: string
    from: string[]
    parent: string
    to: string[]
    del: string
    upd: string
  }>(
    `select t.relname as table, c.conname as name, c.contype as type,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as from,
            p.relname as parent,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as to,
            c.confdeltype as del, c.confupdtype as upd
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
       left join pg_class p on p.oid = c.confrelid where n.nspname = $1 and c.contype in ('f', 'c')`,
  )
  for (const c of constraints) {
    const table = model[c.table]!
    if (c.type === 'c') table.checks.push(c.name)
    else table.foreignKeys.push(fk(c.from, c.parent, c.to, ACTIONS[c.del]!, ACTIONS[c.upd]!))
  }
  const triggers = await q<{ table: string; name: string }>(
    `select t.relname as table, g.tgname as name from pg_trigger g join pg_class t on t.oid = g.tgrelid
       join pg_namespace n on n.oid = t.relnamespace where n.nspname = $1 and not g.tgisinternal`,
  )
  for (const t of triggers) model[t.table]!.triggers.push(t.name)
  for (const table of Object.values(model)) {
    table.foreignKeys.sort()
    table.checks.sort()
    table.triggers.sort()
  }
  return model
}

/** Which access method (btree, gin, …) an index uses, by name. */
export async function pgIndexMethods(client: pg.Pool | pg.Client, schema = 'public'): Promise<Record<string, string>> {
  const { rows } = await client.query<{ name: string; method: string }>(
    `select i.relname as name, am.amname as method from pg_class i join pg_am am on am.oid = i.relam
       join pg_namespace n on n.oid = i.relnamespace where i.relkind = 'i' and n.nspname = $1`,
    [schema],
  )
  return Object.fromEntries(rows.map((r) => [r.name, r.method]))
}
