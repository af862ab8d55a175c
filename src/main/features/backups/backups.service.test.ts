import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { BackupEvent } from '../../../shared/contract'
import { failure } from '../../../../tests/support/failure'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import { tempBackend } from '../../../../tests/support/temp-backend'
import { backendOn, describeOn } from '../../../../tests/support/engines'
import { Dialect } from '../../db/engine'
import { BACKUPS_ON_SERVER } from './backups.service'

async function collect(events: AsyncIterable<BackupEvent>): Promise<BackupEvent[]> {
  const all: BackupEvent[] = []
  for await (const event of events) all.push(event)
  return all
}

describe('Settings → Backups', () => {
  it('backs the store up into backups/ under a name of its own, with progress, lists it, and puts it on record', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    const events = await collect(backend.services.backups.start(op.actor))
    const done = events.at(-1)
    if (done?.type !== 'done') throw new Error(`no done event in ${JSON.stringify(events)}`)
    const progress = events.filter((e) => e.type === 'progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toMatchObject({ copied: expect.any(Number), total: expect.any(Number) })
    const last = progress.at(-1) as { copied: number; total: number }
    expect(last.copied).toBe(last.total)
    expect(done.backup.name).toMatch(/^switchboard-\d{4}-\d\d-\d\dT[\d-]+Z\.sqlite$/)

    const file = path.join(backend.dataDir, 'backups', done.backup.name)
    expect(fs.statSync(file).size).toBe(done.backup.bytes)
    // The copy is a whole store: the operator is in it.
    const copy = new Database(file, { readonly: true })
    expect(copy.prepare('select email from users').all()).toEqual([{ email: 'ada@northwind.test' }])
    copy.close()

    // Another one in the same millisecond gets a name of its own.
    const again = (await collect(backend.services.backups.start(op.actor))).at(-1)
    expect(again?.type === 'done' && again.backup.name).toBe(done.backup.name.replace(/\.sqlite$/, '-2.sqlite'))
    const listed = backend.services.backups.list(op.actor)
    expect(listed.backups.map((b) => b.name).sort()).toEqual([done.backup.name, done.backup.name.replace(/\.sqlite$/, '-2.sqlite')].sort())
    expect(listed.restore).toContain('switchboard restore')
    const rows = backend.store!.sqlite.prepare(`select action, target, result from audit_log where action = 'backups.create'`).all()
    expect(rows).toEqual([
      { action: 'backups.create', target: done.backup.name, result: 'ok' },
      { action: 'backups.create', target: done.backup.name.replace(/\.sqlite$/, '-2.sqlite'), result: 'ok' },
    ])
  })

  it('reports a failed backup as an error, keeps no half-written file, and puts the failure on record', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    // Something in the way of the copy: a folder where the partial file has to go.
    const name = `switchboard-${backend.clock.now().toISOString().replace(/[:.]/g, '-')}.sqlite`
    fs.mkdirSync(path.join(backend.dataDir, 'backups', `${name}.partial`), { recursive: true })
    const error = await failure(() => collect(backend.services.backups.start(op.actor)))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('The backup failed') })
    expect(fs.existsSync(path.join(backend.dataDir, 'backups', name))).toBe(false)
    expect(backend.store!.sqlite.prepare(`select target, result from audit_log where action = 'backups.create'`).all()).toEqual([
      { target: name, result: 'failed' },
    ])
  })

  it('is for SUPER_ADMINs only, and a refusal writes no file', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Adam Admin')
    expect((await failure(() => backend.services.backups.list(admin.actor))).code).toBe('FORBIDDEN')
    expect((await failure(() => backend.services.backups.start(admin.actor))).code).toBe('FORBIDDEN')
    expect(fs.existsSync(path.join(backend.dataDir, 'backups'))).toBe(false)
  })
})

describeOn(Dialect.PG)('Settings → Backups on PostgreSQL', () => {
  it("refuses to list or make copies, pointing at the server's own tools, and writes no file", async () => {
    const backend = await backendOn(Dialect.PG)
    const op = await seedOperator(backend)
    const refused = { code: 'UNAVAILABLE', message: BACKUPS_ON_SERVER }
    expect(await failure(() => backend.services.backups.list(op.actor))).toMatchObject(refused)
    expect(await failure(() => backend.services.backups.start(op.actor))).toMatchObject(refused)
    expect(BACKUPS_ON_SERVER).toMatch(/pg_dump/)
    expect(fs.existsSync(path.join(backend.dataDir, 'backups'))).toBe(false)
  })
})
