import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '../../../shared/errors'
import { failure } from '../../../../tests/support/failure'
import { forbidNetwork } from '../../../../tests/support/no-network'
import { lastOutboxMail, PASSWORD, seedOperator } from '../../../../tests/support/seed'
import { backendOn, describeOn } from '../../../../tests/support/engines'
import { tempBackend, tempDir } from '../../../../tests/support/temp-backend'
import { storeFileIn } from '../../db/store'

const TABLES = ['organisations', 'users', 'teams', 'team_members', 'tickets', 'comments', 'time_entries', 'invitations', 'demo_store']

async function explore(backend: ReturnType<typeof tempBackend>, seed?: number) {
  const steps: string[] = []
  for await (const event of await backend.services.demo.explore(seed)) steps.push(event.step)
  return steps
}

const dump = (backend: ReturnType<typeof tempBackend>) =>
  Object.fromEntries(TABLES.map((t) => [t, backend.store!.sqlite.prepare(`select * from ${t} order by rowid`).all()]))

/** Signs in as the demo's SUPER_ADMIN, as the console does once Explore the demo has finished. */
async function demoActor(backend: ReturnType<typeof tempBackend>) {
  const { token } = await backend.services.auth.openSessionFor(await backend.services.demo.demoAdminId())
  return { token, actor: (await backend.services.auth.resolve(token))! }
}

afterEach(() => vi.restoreAllMocks())

describe('Explore the demo', () => {
  it('writes the demo in one audited transaction, with every reference inside its tenant, and only on an empty store', async () => {
    const backend = tempBackend()
    expect(await backend.services.demo.status()).toEqual({ demo: false, adminName: null })
    const steps = await explore(backend)
    expect(steps.at(-1)).toBe('Ready')
    expect(steps.length).toBeGreaterThan(2)
    const db = backend.store!.sqlite
    expect(db.pragma('foreign_key_check')).toEqual([])
    const count = (q: string) => (db.prepare(q).get() as { n: number }).n
    expect(count('select count(*) as n from organisations where is_demo = 1')).toBe(5)
    expect(count('select count(*) as n from organisations where is_admin_tenant = 1')).toBe(1)
    // Every comment, time entry and membership names people of its own tenant, on a ticket of its own tenant.
    expect(
      count(
        'select count(*) as n from comments c join tickets t on t.id = c.ticket_id join users u on u.id = c.author_id where c.tenant_id <> t.tenant_id or u.tenant_id <> c.tenant_id',
      ),
    ).toBe(0)
    expect(
      count(
        'select count(*) as n from time_entries e join tickets t on t.id = e.ticket_id join users u on u.id = e.user_id where e.tenant_id <> t.tenant_id or u.tenant_id <> e.tenant_id',
      ),
    ).toBe(0)
    expect(count('select count(*) as n from tickets t join users u on u.id = t.created_by where u.tenant_id <> t.tenant_id')).toBe(0)
    expect(count('select count(*) as n from invitations i join users u on u.id = i.invited_by where u.tenant_id <> i.tenant_id')).toBe(0)
    // The counters the triggers keep agree with the rows.
    expect(count('select sum(n) as n from tenant_user_counts')).toBe(count('select count(*) as n from users'))
    expect(db.prepare(`select action, result from audit_log`).all()).toEqual([{ action: 'demo.explore', result: 'ok' }])

    const status = await backend.services.demo.status()
    expect(status.demo).toBe(true)
    const { actor } = await demoActor(backend)
    expect(await backend.services.auth.buildMe(actor.userId, actor.actingTenantId)).toMatchObject({
      user: { name: status.adminName, role: 'SUPER_ADMIN' },
      homeTenant: { isAdminTenant: true, isDemo: true },
    })
    expect((await backend.services.organisations.list(actor, { limit: 50 })).items).toHaveLength(5)
    expect((await failure(() => explore(backend))).reason).toBe('ALREADY_SET_UP')

    const real = tempBackend()
    await seedOperator(real)
    expect((await failure(() => explore(real))).reason).toBe('ALREADY_SET_UP')
    expect((await failure(() => real.services.demo.demoAdminId())).reason).toBe('NOT_DEMO_STORE')
  })

  it('makes the same store from the same seed, and another from another seed', async () => {
    const [a, b, c] = [tempBackend(), tempBackend(), tempBackend()]
    await explore(a, 5)
    await explore(b, 5)
    await explore(c, 6)
    expect(dump(a)).toEqual(dump(b))
    expect(dump(a).users).not.toEqual(dump(c).users)
  })

  it('touches no network: no socket, datagram or DNS lookup, mail of the demo included', async () => {
    const tripped = forbidNetwork()
    // An SMTP server is even configured: a demo tenancy's mail must still stay in the Outbox.
    const backend = tempBackend(undefined, { mailFrom: 'Demo <demo@switchboard.example>', smtpUrl: 'smtp://mail.example.com:25' })
    await explore(backend)
    const { actor } = await demoActor(backend)
    const invited = await backend.services.invitations.create(actor, { email: 'new.agent@prospect.example', role: 'AGENT' })
    expect(invited.delivery).toMatchObject({ via: 'outbox' })
    const { token } = await lastOutboxMail(backend)
    const { userId } = await backend.services.invitations.register(token, { name: 'New Agent', password: PASSWORD }, 'test')
    await backend.services.users.sendPasswordReset(actor, userId)
    await backend.services.auth.resetPassword((await lastOutboxMail(backend)).token, 'another fine password', 'test')
    expect(tripped).toEqual([])

    // The tripwire does trip: the same invitation from a tenancy that is not a demo goes out by SMTP.
    const real = tempBackend(undefined, { mailFrom: 'Ops <ops@northwind.example>', smtpUrl: 'smtp://mail.example.com:25' })
    const op = await seedOperator(real)
    await real.services.invitations.create(op.actor, { email: 'someone@northwind.example', role: 'AGENT' }).catch(() => undefined)
    expect(tripped.length).toBeGreaterThan(0)
  })
})

describe('Reset demo and Start my own console', () => {
  it('puts the demo back exactly as it was first made, in a new store whose log starts with the reset', async () => {
    const backend = tempBackend()
    await explore(backend)
    const initial = dump(backend)
    const { actor, token } = await demoActor(backend)
    await backend.services.invitations.create(actor, { email: 'someone@prospect.example', role: 'AGENT' })
    backend.clock.advance(3 * 24 * 60 * 60 * 1000)
    for await (const _ of await backend.services.demo.reset(actor));
    expect(dump(backend)).toEqual(initial)
    expect(await backend.services.auth.resolve(token)).toBeNull()
    expect(backend.store!.sqlite.prepare('select action from audit_log').all()).toEqual([{ action: 'demo.reset' }])
    expect((await backend.services.demo.status()).demo).toBe(true)
  })

  it('keeps the demo as it is when the reset is stopped before its last step (the window closed)', async () => {
    const backend = tempBackend()
    await explore(backend)
    const { actor, token } = await demoActor(backend)
    const before = dump(backend)
    const stream = await backend.services.demo.reset(actor)
    await stream.next()
    await stream.next()
    await stream.return(undefined)
    expect(dump(backend)).toEqual(before)
    expect(await backend.services.auth.resolve(token)).not.toBeNull()
  })

  it('leaves the demo for an empty store, keeping it in a data directory of its own or deleting it', async () => {
    const dataDir = tempDir()
    const backend = tempBackend(dataDir)
    await explore(backend)
    const kept = await backend.services.demo.leave((await demoActor(backend)).actor, true)
    expect(kept.keptIn).toBe(path.join(dataDir, 'demo'))
    expect(await backend.services.setup.status()).toEqual({ needsSetup: true })
    expect((await backend.services.demo.status()).demo).toBe(false)
    const old = new Database(storeFileIn(kept.keptIn!), { readonly: true })
    expect(old.prepare('select count(*) as n from organisations').get()).toEqual({ n: 5 })
    expect(old.prepare('select action from audit_log order by id desc limit 1').get()).toEqual({ action: 'demo.leave' })
    old.close()

    await explore(backend)
    expect(await backend.services.demo.leave((await demoActor(backend)).actor, false)).toEqual({ keptIn: null })
    expect(fs.existsSync(path.join(dataDir, 'demo-2'))).toBe(false)
    expect(await backend.services.setup.status()).toEqual({ needsSetup: true })
  })

  it('is for a SUPER_ADMIN of a demo store only', async () => {
    const backend = tempBackend()
    await explore(backend)
    const admin = backend.store!.sqlite.prepare(`select id from users where role = 'ADMIN' and active = 1 limit 1`).get() as { id: string }
    const { token } = await backend.services.auth.openSessionFor(admin.id)
    const notSuper = (await backend.services.auth.resolve(token))!
    expect((await failure(() => backend.services.demo.leave(notSuper, false))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await failure(() => backend.services.demo.reset(notSuper))).code).toBe(ErrorCode.FORBIDDEN)
    const real = tempBackend()
    const op = await seedOperator(real)
    expect((await failure(() => real.services.demo.leave(op.actor, false))).reason).toBe('NOT_DEMO_STORE')
    expect((await failure(() => real.services.demo.reset(op.actor))).reason).toBe('NOT_DEMO_STORE')
  })
})

describeOn('pg')('the demo on PostgreSQL', () => {
  it('is refused: a database is not a store this process can replace, so no demo is made, reset or left there', async () => {
    const backend = await backendOn('pg')
    expect(await backend.services.demo.status()).toEqual({ demo: false, adminName: null })
    expect((await failure(() => backend.services.demo.explore())).code).toBe(ErrorCode.UNAVAILABLE)
    expect(await backend.services.setup.status()).toEqual({ needsSetup: true })
    const op = await seedOperator(backend)
    expect((await failure(() => backend.services.demo.reset(op.actor))).code).toBe(ErrorCode.UNAVAILABLE)
    expect((await failure(() => backend.services.demo.leave(op.actor, false))).code).toBe(ErrorCode.UNAVAILABLE)
    expect((await failure(() => backend.services.demo.demoAdminId())).reason).toBe('NOT_DEMO_STORE')
  })
})
