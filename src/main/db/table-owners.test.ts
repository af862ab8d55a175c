import fs from 'node:fs'
import path from 'node:path'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as schema from './schema'

const features = path.resolve(import.meta.dirname, '../features')

/** Every `*.repository.ts` under features/, with the schema tables it imports as values. */
function repositories(): { file: string; tables: string[] }[] {
  return fs.readdirSync(features, { recursive: true, encoding: 'utf8' }).flatMap((file) => {
    if (!file.endsWith('.repository.ts')) return []
    const text = fs.readFileSync(path.join(features, file), 'utf8')
    const imported = /^import \{([^}]*)\} from '\.\.\/\.\.\/db\/schema'/m.exec(text)?.[1] ?? ''
    const tables = imported
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name && !name.startsWith('type '))
    return [{ file, tables }]
  })
}

describe('table ownership', () => {
  it('gives every table of the schema exactly one repository that reads and writes it', () => {
    const owners = new Map<string, string[]>()
    for (const { file, tables } of repositories()) for (const table of tables) owners.set(table, [...(owners.get(table) ?? []), file])
    const tables = Object.entries(schema).filter(([, value]) => {
      try {
        return !!getTableConfig(value as SQLiteTable).name
      } catch {
        return false
      }
    })
    expect(tables.length).toBeGreaterThan(10)
    for (const [name] of tables) expect([name, owners.get(name)?.length]).toEqual([name, 1])
    expect([...owners.keys()].sort()).toEqual(tables.map(([name]) => name).sort())
  })
})
