import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { defaultMigrationsFolder } from '../../src/main/backend'
import { storeFileIn } from '../../src/main/db/store'
import { tempDir } from '../support/temp-backend'

const root = path.resolve(import.meta.dirname, '..', '..')
const ROUNDS = 20

/**
 * Runs a script until it says `cue`, kills it with SIGKILL `killAfterMs` later, and returns what it
 * said; a script that ends by itself first is an error unless `mayFinish`.
 */
/** Runs a script, kills it `killAfterMs` after it says `cue`; its lines, and how long it ran after the cue. */
function runAndKill(
  script: string,
  dataDir: string,
  killAfterMs: number,
  cue = 'ready',
  mayFinish = false,
): Promise<string[] & { afterCueMs: number }> {
  let cuedAt = 0
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let armed = false
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (!armed && out.includes(`${cue}\n`)) {
        armed = true
        cuedAt = Date.now()
        setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('exit', (code, signal) => {
      const lines = Object.assign(out.split('\n').filter(Boolean), { afterCueMs: Date.now() - cuedAt })
      if (signal === 'SIGKILL' || (mayFinish && code === 0)) resolve(lines)
      else reject(new Error(`the writer ended by itself (${code}): ${err}`))
    })
  })
}

describe('crash safety', () => {
  it(`keeps every acknowledged write and a sound file across ${ROUNDS} SIGKILLs at random moments`, { timeout: 240_000 }, async () => {
    const dataDir = tempDir()
    const invited = new Set<string>()
    const roles = new Map<string, { acked?: string; begun: string }>()
    let acks = 0
    for (let round = 0; round < ROUNDS; round++) {
      const said = await runAndKill('tests/support/crash-writer.ts', dataDir, 20 + Math.floor(Math.random() * 300))
      for (const line of said) {
        const [kind, what, id, role] = line.split(' ')
        if (kind === 'ack' && what === 'invite') invited.add(id!)
        if (kind === 'begin' && what === 'role') roles.set(id!, { ...roles.get(id!), begun: role! })
        if (kind === 'ack' && what === 'role') roles.set(id!, { begun: role!, acked: role! })
        if (kind === 'ack') acks++
      }

      const db = new Database(storeFileIn(dataDir), { readonly: true })
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        expect(db.pragma('foreign_key_check')).toEqual([])
        const stored = new Set((db.prepare('select email from invitations').all() as { email: string }[]).map((r) => r.email))
        for (const email of invited) expect(stored.has(email), `acknowledged invitation ${email} lost`).toBe(true)
        const roleOf = db.prepare('select role from users where id = ?')
        for (const [id, { acked, begun }] of roles) {
          // The one change in flight at the kill may or may not have committed; every earlier one has.
          const allowed = acked === begun ? [acked] : [acked, begun].filter(Boolean)
          if (allowed.length) expect(allowed).toContain((roleOf.get(id) as { role: string }).role)
        }
      } finally {
        db.close()
      }
    }
    // The test means something only if the writer got writes acknowledged before being killed.
    expect(acks).toBeGreaterThan(ROUNDS)
  })

  it('a kill during schema migrations leaves the old schema or the new one, never a mix', { timeout: 240_000 }, async () => {
    const migrations = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder() })
    const OLD = 4 // 0000–0003: before the users search index, whose build over many users takes a while
    // An old store with many users, as an earlier Switchboard left it.
    const template = tempDir()
    const old = new Database(storeFileIn(template))
    old.exec('create table __drizzle_migrations (id integer primary key autoincrement, hash text not null, created_at numeric)')
    for (const m of migrations.slice(0, OLD)) {
      for (const statement of m.sql) if (statement.trim()) old.exec(statement)
      old.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run(m.hash, m.folderMillis)
    }
    old.exec(
      `insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values ('org', 'Northwind', 'northwind', 1, 0, 0)`,
    )
    const addUser = old.prepare(
      `insert into users (id, tenant_id, email, name, role, active, created_at) values (?, 'org', ?, ?, 'AGENT', 1, 0)`,
    )
    old.transaction(() => {
      for (let i = 0; i < 40_000; i++) addUser.run(`u${i}`, `user${i}@northwind.test`, `User Number ${i}`)
    })()
    old.close()

    const schemaOf = (file: string) => {
      const db = new Database(file, { readonly: true })
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const applied = (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n
        const objects = (db.prepare(`select type || ' ' || name as o from sqlite_master order by 1`).all() as { o: string }[]).map(
          (r) => r.o,
        )
        const users = (db.prepare('select count(*) as n from users').get() as { n: number }).n
        return { applied, objects: objects.join(','), users }
      } finally {
        db.close()
      }
    }
    const copyOf = () => {
      const dir = tempDir()
      fs.copyFileSync(storeFileIn(template), storeFileIn(dir))
      return dir
    }
    const before = schemaOf(storeFileIn(template))
    // A full run, to learn the new schema and how long migrating takes here (from the cue: start-up,
    // which grows with every module the backend loads, is not part of it).
    const full = copyOf()
    const took = (await runAndKill('tests/support/open-store.ts', full, 600_000, 'migrating', true)).afterCueMs
    const after = schemaOf(storeFileIn(full))
    expect([before.applied, after.applied]).toEqual([OLD, migrations.length])

    const seen = { old: 0, new: 0 }
    for (let round = 0; round < 6; round++) {
      const dir = copyOf()
      await runAndKill('tests/support/open-store.ts', dir, Math.floor(Math.random() * took * 0.6), 'migrating', true)
      const now = schemaOf(storeFileIn(dir))
      expect([before, after]).toContainEqual(now)
      seen[now.applied === OLD ? 'old' : 'new']++
    }
    // Killed early in the migrations (most rounds), the old schema stands whole; the users are all there.
    expect(seen.old).toBeGreaterThan(0)
  })
})
