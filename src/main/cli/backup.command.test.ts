import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { describe, expect, it } from 'vitest'
import { fakeIo } from '../../../tests/support/cli-io'
import { seedOperator, seedTenant } from '../../../tests/support/seed'
import { tempBackend, tempDir } from '../../../tests/support/temp-backend'
import { defaultMigrationsFolder, openBackend } from '../backend'
import { acquireDataLock } from '../data-lock'
import { backupsDirIn, openStore, storeFileIn } from '../db/store'
import { main } from './main'

const root = path.resolve(import.meta.dirname, '..', '..', '..')

const count = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare(sql).get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** A store with the operator and one more organisation, closed again. */
async function storeWith(orgName: string) {
  const backend = tempBackend()
  await seedOperator(backend)
  await seedTenant(backend, orgName, orgName.toLowerCase().replace(/\W+/g, '-'))
  await backend.close()
  return backend.dataDir
}

describe('switchboard backup', () => {
  it('copies the store while another process keeps writing to it; the copy is sound and opens', { timeout: 120_000 }, async () => {
    const dataDir = tempDir()
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/support/crash-writer.ts'), dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    try {
      let said = ''
      await new Promise<void>((resolve) =>
        writer.stdout.on('data', (chunk: Buffer) => {
          said += chunk.toString()
          if ((said.match(/^ack invite/gm) ?? []).length >= 20) resolve()
        }),
      )
      const ackedBefore = (said.match(/^ack invite/gm) ?? []).length
      const to = path.join(tempDir(), 'northwind.sqlite')
      const { io, out, err } = fakeIo()
      expect(await main(['backup', '--data', dataDir, '--to', to], io)).toBe(0)
      expect(out()).toMatch(/^Backed up .* to .*northwind\.sqlite \(\d+\.\d MB\), verified\.\n$/)
      expect(err()).toMatch(/Backing up… 100%/)
      // The writer was never blocked: it goes on acknowledging writes.
      await expect
        .poll(() => (said.match(/^ack invite/gm) ?? []).length, { timeout: 30_000 })
        .toBeGreaterThan((said.match(/^ack invite/gm) ?? []).length)
      const db = new Database(to, { readonly: true })
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
      expect(count(to, 'select count(*) as n from invitations')).toBeGreaterThanOrEqual(ackedBefore)
      // It is a store a console can open.
      const restoredDir = tempDir()
      fs.copyFileSync(to, storeFileIn(restoredDir))
      const backend = openBackend({ dataDir: restoredDir })
      expect(await backend.services.setup.status()).toEqual({ needsSetup: false })
      await backend.close()
    } finally {
      writer.kill('SIGKILL')
    }
  })

  it('refuses to overwrite an existing file and to back up a directory with no store', async () => {
    const dataDir = await storeWith('Contoso')
    const to = path.join(tempDir(), 'exists.sqlite')
    fs.writeFileSync(to, 'keep me')
    const { io, err } = fakeIo()
    expect(await main(['backup', '--data', dataDir, '--to', to], io)).toBe(1)
    expect(err()).toMatch(/already exists/)
    expect(fs.readFileSync(to, 'utf8')).toBe('keep me')
    expect(await main(['backup', '--data', tempDir(), '--to', path.join(tempDir(), 'x.sqlite')], io)).toBe(1)
    expect(err()).toMatch(/There is no store in/)
  })
})

describe('switchboard restore', () => {
  it('verifies the backup, replaces a store only with --force and keeps the replaced one aside', async () => {
    const source = await storeWith('Contoso')
    const backupFile = path.join(tempDir(), 'contoso.sqlite')
    expect(await main(['backup', '--data', source, '--to', backupFile], fakeIo().io)).toBe(0)

    // Into an empty directory.
    const fresh = tempDir()
    expect(await main(['restore', '--from', backupFile, '--data', fresh], fakeIo().io)).toBe(0)
    expect(count(storeFileIn(fresh), `select count(*) as n from organisations where name = 'Contoso'`)).toBe(1)

    // Over an existing store: refused without --force, the store untouched.
    const current = await storeWith('Fabrikam')
    const before = fs.readFileSync(storeFileIn(current))
    const refused = fakeIo()
    expect(await main(['restore', '--from', backupFile, '--data', current], refused.io)).toBe(1)
    expect(refused.err()).toMatch(/already holds a store\. Add --force/)
    expect(fs.readFileSync(storeFileIn(current)).equals(before)).toBe(true)

    const forced = fakeIo()
    expect(await main(['restore', '--from', backupFile, '--data', current, '--force'], forced.io)).toBe(0)
    const aside = /kept as (\S+)\.\n/.exec(forced.out())![1]!
    expect(count(aside, `select count(*) as n from organisations where name = 'Fabrikam'`)).toBe(1)
    expect(count(storeFileIn(current), `select count(*) as n from organisations where name = 'Contoso'`)).toBe(1)
    expect(count(storeFileIn(current), `select count(*) as n from organisations where name = 'Fabrikam'`)).toBe(0)
  })

  it('refuses a file that is not a sound Switchboard store, and a data directory a console has open', async () => {
    const current = await storeWith('Fabrikam')
    const before = fs.readFileSync(storeFileIn(current))
    const garbage = path.join(tempDir(), 'garbage.sqlite')
    fs.writeFileSync(garbage, 'not a database at all '.repeat(500))
    const notOurs = path.join(tempDir(), 'other.sqlite')
    new Database(notOurs).exec('create table t (x)')
    for (const file of [garbage, notOurs, path.join(tempDir(), 'missing.sqlite')]) {
      const io = fakeIo()
      expect(await main(['restore', '--from', file, '--data', current, '--force'], io.io)).toBe(1)
      expect(io.err()).toMatch(/not a readable Switchboard store|not a Switchboard store|There is no file/)
    }
    const backupFile = path.join(tempDir(), 'ok.sqlite')
    expect(await main(['backup', '--data', current, '--to', backupFile], fakeIo().io)).toBe(0)
    const running = acquireDataLock(current, 'the browser shell')
    try {
      const io = fakeIo()
      expect(await main(['restore', '--from', backupFile, '--data', current, '--force'], io.io)).toBe(1)
      expect(io.err()).toMatch(/The browser shell \(process \d+ .*\) already has/)
    } finally {
      running.release()
    }
    expect(fs.readFileSync(storeFileIn(current)).equals(before)).toBe(true)
  })
})

describe('before a schema change', () => {
  it('keeps a copy of the store as it was', () => {
    const dataDir = tempDir()
    const migrations = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() })
    const old = new Database(storeFileIn(dataDir))
    old.exec('create table __drizzle_migrations (id integer primary key autoincrement, hash text not null, created_at numeric)')
    for (const m of migrations.slice(0, 5)) {
      for (const statement of m.sql) if (statement.trim()) old.exec(statement)
      old.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run(m.hash, m.folderMillis)
    }
    old.close()
    openStore(dataDir, { migrationsFolder: defaultMigrationsFolder() }).close()
    const copies = fs.readdirSync(backupsDirIn(dataDir))
    expect(copies).toEqual([expect.stringMatching(/^before-schema-5-.*\.sqlite$/)])
    expect(count(path.join(backupsDirIn(dataDir), copies[0]!), 'select count(*) as n from __drizzle_migrations')).toBe(5)
    // Opening an up-to-date store takes no copy.
    openStore(dataDir, { migrationsFolder: defaultMigrationsFolder() }).close()
    expect(fs.readdirSync(backupsDirIn(dataDir))).toHaveLength(1)
  })
})
