import fs from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { defaultMigrationsFolder } from '../backend'
import { openMarkerIn, openStore, storeFileIn, StoreOpenError, StoreProblem } from './store'
import { tempDir } from '../../../tests/support/temp-backend'

const options = { migrationsFolder: defaultMigrationsFolder() }

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true })
  const rows = db.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[]
  db.close()
  return rows.map((r) => r.name)
}

describe('openStore', () => {
  it('creates every table from an empty directory, with the pragmas the design asks for', () => {
    const dir = tempDir()
    const store = openStore(dir, options)
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    store.close()
    expect(tables(storeFileIn(dir))).toEqual(
      expect.arrayContaining(['__drizzle_migrations', 'audit_log', 'organisations', 'sessions', 'users']),
    )
  })

  it('opens an up-to-date store again without re-applying migrations', () => {
    const dir = tempDir()
    openStore(dir, options).close()
    const again = openStore(dir, options)
    const n = again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }
    again.close()
    const journal = JSON.parse(fs.readFileSync(`${options.migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }
    expect(n.n).toBe(journal.entries.length)
  })

  it('refuses a file that is not a database and leaves it byte for byte as it was', () => {
    const dir = tempDir()
    const file = storeFileIn(dir)
    const garbage = Buffer.from('this is not an sqlite database, just some bytes '.repeat(200))
    fs.writeFileSync(file, garbage)
    let caught: unknown
    try {
      openStore(dir, options)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(StoreOpenError)
    expect((caught as StoreOpenError).problem).toBe(StoreProblem.CORRUPT)
    expect((caught as StoreOpenError).message).toMatch(/left untouched/)
    expect(fs.readFileSync(file).equals(garbage)).toBe(true)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
  })

  it('refuses a store with damaged pages', () => {
    const dir = tempDir()
    const store = openStore(dir, options)
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    store.close()
    const file = storeFileIn(dir)
    const bytes = fs.readFileSync(file)
    // Scribble over everything after the header page: the schema can no longer be read.
    bytes.fill(0xa5, 4096)
    fs.writeFileSync(file, bytes)
    expect(() => openStore(dir, options)).toThrow(StoreOpenError)
    expect(fs.readFileSync(file).equals(bytes)).toBe(true)
  })

  it('refuses a store written by a newer Switchboard and does not modify it', () => {
    const dir = tempDir()
    openStore(dir, options).close()
    const file = storeFileIn(dir)
    const db = new Database(file)
    db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', 9_999_999_999_999)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const before = fs.readFileSync(file)
    expect(() => openStore(dir, options)).toThrow(/newer version of Switchboard/)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('checks the whole file only after an unclean shutdown or when asked, never on a clean reopen', () => {
    const dir = tempDir()
    const first = openStore(dir, options)
    expect(first.checked).toBe(false) // a new store has nothing to check
    expect(fs.existsSync(openMarkerIn(dir))).toBe(true)
    first.close()
    expect(fs.existsSync(openMarkerIn(dir))).toBe(false)

    const clean = openStore(dir, options)
    expect(clean.checked).toBe(false)
    // The process dies with the store open: the connection goes, the marker stays.
    clean.sqlite.close()
    expect(fs.existsSync(openMarkerIn(dir))).toBe(true)

    const afterCrash = openStore(dir, options)
    expect(afterCrash.checked).toBe(true)
    afterCrash.close()
    const asked = openStore(dir, { ...options, integrityCheck: 'always' })
    expect(asked.checked).toBe(true)
    asked.close()
    expect(openStore(dir, options).checked).toBe(false)
  })

  it('refuses a store whose pages were damaged after a crash, by the check that follows it', () => {
    const dir = tempDir()
    const store = openStore(dir, options)
    for (let i = 0; i < 400; i++) store.sqlite.prepare(`insert into audit_log (at, action, result) values (?, 'filler', 'ok')`).run(i)
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    store.sqlite.close() // no clean close: the marker stays
    const file = storeFileIn(dir)
    const bytes = fs.readFileSync(file)
    // Damage the last pages (audit rows), leaving the schema readable: only a check finds it.
    bytes.fill(0xa5, bytes.length - 3 * 4096 + 100, bytes.length - 100)
    fs.writeFileSync(file, bytes)
    expect(() => openStore(dir, options)).toThrow(/integrity check|not a readable/)
    expect(fs.readFileSync(file).equals(bytes)).toBe(true)
  })

  it('keeps the audit log append-only', () => {
    const store = openStore(tempDir(), options)
    store.sqlite.prepare(`insert into audit_log (at, action, result) values (1, 'test', 'ok')`).run()
    expect(() => store.sqlite.prepare(`update audit_log set action = 'x'`).run()).toThrow(/append-only/)
    expect(() => store.sqlite.prepare('delete from audit_log').run()).toThrow(/append-only/)
    store.close()
  })
})
