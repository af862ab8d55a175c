import fs from 'node:fs'
import Database from 'better-sqlite3'
import { asc } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { fakeIo } from '../../../tests/support/cli-io'
import { seedOperator, seedUser } from '../../../tests/support/seed'
import { tempBackend, tempDir } from '../../../tests/support/temp-backend'
import { appVersion } from '../backend'
import { storeFileIn } from '../db/store'
import { main } from './main'

/** A closed store with a few audit rows (setup, sign-ins, a change); returns its directory and row count. */
async function storeWithAudit() {
  const backend = tempBackend()
  const op = await seedOperator(backend)
  const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
  await backend.services.users.update(op.actor, { id: agent.id, role: 'ADMIN' })
  const rows = await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(asc(t.auditLog.id)))
  await backend.close()
  return { dataDir: backend.dataDir, rows }
}

describe('switchboard audit verify', () => {
  it('passes an intact log with its row count; every row names the app version and the host', async () => {
    const { dataDir, rows } = await storeWithAudit()
    expect(rows.length).toBeGreaterThan(3)
    for (const row of rows)
      expect(row).toMatchObject({ appVersion: appVersion(), host: 'local store', hash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    const { io, out } = fakeIo()
    expect(await main(['audit', 'verify', '--data', dataDir], io)).toBe(0)
    expect(out()).toBe(`The audit log is intact: ${rows.length} rows.\n`)
  })

  it.each([
    [
      'altered',
      (db: Database.Database, id: number) => db.prepare(`update audit_log set target = 'nothing to see' where id = ?`).run(id),
      0,
    ],
    ['removed', (db: Database.Database, id: number) => db.prepare(`delete from audit_log where id = ?`).run(id), 1],
  ])('names the first broken row when a row was %s behind the triggers', async (_how, tamper, offset) => {
    const { dataDir, rows } = await storeWithAudit()
    const victim = rows[1]!.id
    const db = new Database(storeFileIn(dataDir))
    db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete')
    tamper(db, victim)
    db.close()
    const { io, err } = fakeIo()
    expect(await main(['audit', 'verify', '--data', dataDir], io)).toBe(1)
    // An altered row is itself broken; a removed one breaks the row after it.
    expect(err()).toContain(`row ${victim + offset} does not match the chain`)
  })

  it('refuses a directory without a store (exit 1) and creates nothing there', async () => {
    const empty = tempDir()
    const { io, err } = fakeIo()
    expect(await main(['audit', 'verify', '--data', empty], io)).toBe(1)
    expect(err()).toContain('Cannot open the store')
    expect(fs.readdirSync(empty)).toEqual([])
  })

  it('is listed in the help', async () => {
    const { io, out } = fakeIo()
    expect(await main(['--help'], io)).toBe(0)
    expect(out()).toContain('switchboard audit verify [--data DIR | --database URL]')
  })
})
