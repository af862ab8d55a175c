import fs from 'node:fs'
import path from 'node:path'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as schema from './schema'

const features = path.resolve(import.meta.dirname, '../features')

/** Where a query may name a table: a repository, or its dialect siblings (`*.sqlite.ts`, `*.pg.ts`) beside it. */
const QUERYING = /(\.repository|\.sqlite|\.pg)\.ts$/

/** Every non-test source file under features/, with the tables it takes from a Conn's `t` (issue 19: `t.users`, …). */
function sources(): { file: string; tables: string[]; valueImports: string[] }[] {
  return fs.readdirSync(features, { recursive: true, encoding: 'utf8' }).flatMap((file) => {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) return []
    const text = fs.readFileSync(path.join(features, file), 'utf8')
    const tables = [...new Set([...text.matchAll(/\bt\.(\w+)\b/g)].map((m) => m[1]!))].filter((name) => name in schema)
    // Tables imported as values from the SQLite schema would query SQLite's tables on PostgreSQL too.
    const imported = /^import \{([^}]*)\} from '\.\.\/\.\.\/db\/schema'/m.exec(text)?.[1] ?? ''
    const valueImports = imported
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name && !name.startsWith('type ') && isTable(name))
    return [{ file, tables, valueImports }]
  })
}

function isTable(name: string): boolean {
  try {
    return !!getTableConfig((schema as Record<string, unknown>)[name] as SQLiteTable).name
  } catch {
    return false
  }
}

describe('table ownership', () => {
  const files = sources()

  it('gives every table of the schema exactly one feature whose repository (and its dialect siblings) reads and writes it', () => {
    const owners = new Map<string, Set<string>>()
    for (const { file, tables } of files.filter((f) => QUERYING.test(f.file))) {
      for (const table of tables) owners.set(table, (owners.get(table) ?? new Set()).add(path.dirname(file)))
    }
    const tables = Object.keys(schema).filter(isTable)
    expect(tables.length).toBeGreaterThan(10)
    for (const name of tables) expect([name, [...(owners.get(name) ?? [])]]).toEqual([name, [expect.any(String)]])
    expect([...owners.keys()].sort()).toEqual([...tables].sort())
  })

  it('queries tables only in repositories and their siblings, through the Conn’s tables (never the SQLite schema’s values)', () => {
    const outside = files.filter((f) => !QUERYING.test(f.file) && f.tables.length > 0).map((f) => [f.file, f.tables])
    expect(outside).toEqual([])
    expect(files.filter((f) => f.valueImports.length > 0).map((f) => [f.file, f.valueImports])).toEqual([])
  })
})
