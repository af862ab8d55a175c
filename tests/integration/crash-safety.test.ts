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
function runAndKill(script: string, args: string[], killAfterMs: number, cue = 'ready', mayFinish = false): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
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
        setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    // 'close', not 'exit': only then has all of its output been read.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' || (mayFinish && code === 0)) resolve(out.split('\n').filter(Boolean))
      else reject(new Error(`the writer ended by itself (${code}): ${err}`))
    })
  })
}

describe('crash safety', () => {
  it(`keeps every acknowledged write and a sound file across ${ROUNDS} SIGKILLs at random moments`, { timeout: 240_000 }, async () => {
    const dataDir = tempDir()
    const invited = new Set<string>()
    // Per user: the last acknowledged role, and every role begun since (each may have committed
    // before its kill, and a later round then starts from it).
    const roles = new Map<string, { acked?: string; begun: string[] }>()
    let acks = 0
    for (let round = 0; round < ROUNDS; round++) {
      // What the writer did is read from its journal, written before each step (see crash-writer.ts).
      const journal = path.join(tempDir(), 'journal')
      fs.writeFileSync(journal, '')
      await runAndKill('tests/support/crash-writer.ts', [dataDir, journal], 20 + Math.floor(Math.random() * 300))
      for (const line of fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean)) {
        const [kind, what, id, role, was] = line.split(' ')
        if (kind === 'ack' && what === 'invite') invited.add(id!)
        // A user's first change may be lost to a kill: the role it was read with (committed) stays allowed.
        if (kind === 'begin' && what === 'role')
          roles.set(id!, { acked: roles.get(id!)?.acked ?? was, begun: [...(roles.get(id!)?.begun ?? []), role!] })
        if (kind === 'ack' && what === 'role') roles.set(id!, { begun: [], acked: role! })
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
          // A change in flight at a kill may or may not have committed; every acknowledged one has.
          const allowed = [acked, ...begun].filter(Boolean)
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
      // Read-write, as the next start opens it: after a kill in WAL mode, a read-only connection may
      // be refused the recovery the file needs (SQLITE_READONLY_RECOVERY) before it can be read.
      const db = new Database(file)
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
    // A full run, to learn the new schema and how long migrating takes here.
    const full = copyOf()
    const said = await runAndKill('tests/support/open-store.ts', [full], 600_000, 'migrating', true)
    const took = Number(/^migrated (\d+)$/m.exec(said.join('\n'))![1])
    const after = schemaOf(storeFileIn(full))
    expect([before.applied, after.applied]).toEqual([OLD, migrations.length])

    const seen = { old: 0, new: 0 }
    for (let round = 0; round < 6; round++) {
      const dir = copyOf()
      await runAndKill('tests/support/open-store.ts', [dir], Math.floor(Math.random() * took * 0.5), 'migrating', true)
      const now = schemaOf(storeFileIn(dir))
      expect([before, after]).toContainEqual(now)
      seen[now.applied === OLD ? 'old' : 'new']++
    }
    // Killed early in the migrations (most rounds), the old schema stands whole; the users are all there.
    expect(seen.old).toBeGreaterThan(0)
  })
})
