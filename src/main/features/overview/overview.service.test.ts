import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { Role } from '../../../shared/contract'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { prng } from '../../../../tests/support/prng'
import { captureStatements } from '../../../../tests/support/statements'
import { lastOutboxMail, PASSWORD, seedOperator, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import { Dialect } from '../../db/engine'
import { allDailyRows, allInstanceCounters, allTenantCounters, dayOf, instanceCounts } from './overview.repository'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

const ROLES = [Role.ADMIN, Role.AGENT, Role.READ_ONLY] as const

/** The operator (a SUPER_ADMIN of the Admin Tenant), acting in `tenantId` on a fresh session (the clock moves). */
async function operatorIn(backend: Backend, userId: string, tenantId: string) {
  const { token } = await backend.services.auth.openSessionFor(userId)
  await backend.services.auth.switchTenant((await backend.services.auth.resolve(token))!, tenantId)
  return (await backend.services.auth.resolve(token))!
}

/** tenant_counters recounted from users and invitations, row by row (only tenants with something to count). */
async function recount(backend: Backend) {
  const [users, invitations] = await backend.engine.read(async ({ db, t }) => [
    await db.select({ tenantId: t.users.tenantId, active: t.users.active }).from(t.users),
    await db
      .select({ tenantId: t.invitations.tenantId, acceptedAt: t.invitations.acceptedAt, revokedAt: t.invitations.revokedAt })
      .from(t.invitations),
  ])
  const counts = new Map<string, { tenantId: string; users: number; activeUsers: number; openInvitations: number }>()
  const of = (tenantId: string) =>
    counts.get(tenantId) ?? counts.set(tenantId, { tenantId, users: 0, activeUsers: 0, openInvitations: 0 }).get(tenantId)!
  for (const u of users) {
    of(u.tenantId).users += 1
    if (u.active) of(u.tenantId).activeUsers += 1
  }
  for (const i of invitations) if (!i.acceptedAt && !i.revokedAt) of(i.tenantId).openInvitations += 1
  return [...counts.values()].filter((c) => c.users || c.openInvitations).sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
}

/**
 * tenant_counters as they stand (only tenants with something counted), after checking that
 * instance_counters' slots add up to them (the Overview's totals, kept by a trigger on tenant_counters).
 */
async function counters(backend: Backend) {
  const [rows, totals, slots] = await backend.engine.read(
    async (conn) => [await allTenantCounters(conn), await instanceCounts(conn), await allInstanceCounters(conn)] as const,
  )
  const sum = (field: 'users' | 'activeUsers' | 'openInvitations') => rows.reduce((n, r) => n + r[field], 0)
  expect(totals).toEqual({ users: sum('users'), activeUsers: sum('activeUsers'), openInvitations: sum('openInvitations') })
  // One slot on SQLite (one writer); PostgreSQL spreads the tenants with users over its 64.
  const used = slots.filter((s) => s.users !== 0).length
  if (backend.engine.dialect === Dialect.SQLITE) expect(slots.map((s) => s.slot)).toEqual([0])
  else expect([slots.length, used > 1]).toEqual([64, true])
  return rows.filter((c) => c.users || c.openInvitations)
}

describeEngines('Overview counters', (engine) => {
  it('equal a recount after a random sequence of user, invitation and sign-in operations over moving days', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const tenants: string[] = []
    for (const [i, name] of ['Acme', 'Globex', 'Initech'].entries()) {
      tenants.push(
        (await backend.services.organisations.create(op.actor, { name, slug: name.toLowerCase(), isAdminTenant: false, isDemo: i === 2 }))
          .id,
      )
    }
    // What tenant_daily must hold, kept by the test from what it did: `${tenant} ${day}` → counts.
    const expected = new Map<string, { invitationsSent: number; deactivations: number; failedSignIns: number }>()
    const tally = (tenantId: string, field: 'invitationsSent' | 'deactivations' | 'failedSignIns') => {
      const key = `${tenantId} ${dayOf(backend.clock.now())}`
      const row = expected.get(key) ?? { invitationsSent: 0, deactivations: 0, failedSignIns: 0 }
      row[field] += 1
      expected.set(key, row)
    }
    const daily = async () =>
      Object.fromEntries(
        (await backend.engine.read((conn) => allDailyRows(conn)))
          .filter((r) => r.invitationsSent || r.deactivations || r.failedSignIns)
          .map(({ tenantId, day, ...counts }) => [`${tenantId} ${day}`, counts]),
      )
    const usersOf = (tenantId: string) =>
      backend.engine.read(({ db, t }) => db.select().from(t.users).where(eq(t.users.tenantId, tenantId)).orderBy(t.users.id))
    const openOf = (tenantId: string) =>
      backend.engine.read(async ({ db, t }) =>
        (await db.select().from(t.invitations).where(eq(t.invitations.tenantId, tenantId)).orderBy(t.invitations.id)).filter(
          (i) => !i.acceptedAt && !i.revokedAt,
        ),
      )
    // Demo data first (users, and invitations sent days ago): its days become the model's start,
    // after checking them against the invitations it wrote (none resent yet).
    for await (const _ of await backend.services.organisations.fillDemo(op.actor, tenants[2]!)) void _
    expect(await counters(backend)).toEqual(await recount(backend))
    const sent = await backend.engine.read(({ db, t }) => db.select().from(t.invitations))
    for (const i of sent) {
      const key = `${i.tenantId} ${dayOf(i.sentAt)}`
      const row = expected.get(key) ?? { invitationsSent: 0, deactivations: 0, failedSignIns: 0 }
      row.invitationsSent += 1
      expected.set(key, row)
    }
    expect(sent.length).toBeGreaterThan(0)
    expect(await daily()).toEqual(Object.fromEntries(expected))
    const random = prng(2020)
    const done = new Set<string>()
    let n = 0
    for (let step = 0; step < 90; step++) {
      const tenantId = tenants[random(tenants.length)]!
      const actor = await operatorIn(backend, op.userId, tenantId)
      const theirs = await usersOf(tenantId)
      const open = await openOf(tenantId)
      const pick = random(12)
      if (pick === 0 || theirs.length === 0) {
        await seedUser(backend, tenantId, ROLES[random(3)]!, `User ${step}`)
        done.add('add user')
      } else if (pick <= 2) {
        const user = theirs[random(theirs.length)]!
        await backend.services.users.update(actor, { id: user.id, active: !user.active })
        if (user.active) tally(tenantId, 'deactivations')
        done.add(user.active ? 'deactivate' : 'reactivate')
      } else if (pick <= 4) {
        await backend.services.invitations.create(actor, { email: `invitee.${(n += 1)}@example.test`, role: ROLES[random(3)]! })
        tally(tenantId, 'invitationsSent')
        done.add('invite')
      } else if (pick === 5 && open.length) {
        await backend.services.invitations.resend(actor, open[random(open.length)]!.id)
        tally(tenantId, 'invitationsSent')
        done.add('resend')
      } else if (pick === 6 && open.length) {
        await backend.services.invitations.revoke(actor, open[random(open.length)]!.id)
        done.add('revoke')
      } else if (pick === 7) {
        // Registration needs the link: invited in the demo tenant, whose Outbox keeps it.
        const demo = await operatorIn(backend, op.userId, tenants[2]!)
        await backend.services.invitations.create(demo, { email: `joiner.${(n += 1)}@example.test`, role: Role.AGENT })
        tally(tenants[2]!, 'invitationsSent')
        const { token } = await lastOutboxMail(backend)
        await backend.services.invitations.register(token, { name: `Joiner ${n}`, password: PASSWORD }, 'test')
        done.add('register')
      } else if (pick <= 9) {
        const user = theirs[random(theirs.length)]!
        const error = await backend.services.auth.signIn(user.email, 'not the password').then(
          () => null,
          (e: { reason?: string }) => e,
        )
        expect(error).not.toBeNull()
        // A throttled attempt is refused before any check: not a failed sign-in.
        if (error?.reason !== 'THROTTLED') tally(tenantId, 'failedSignIns')
        done.add('failed sign-in')
      } else {
        backend.clock.advance(random(30) * HOUR + random(60) * 60_000)
        done.add('time passes')
      }
      expect([step, await counters(backend)]).toEqual([step, await recount(backend)])
      expect([step, await daily()]).toEqual([step, Object.fromEntries(expected)])
    }
    expect([...done].sort()).toEqual(
      ['add user', 'deactivate', 'failed sign-in', 'invite', 'reactivate', 'register', 'resend', 'revoke', 'time passes'].sort(),
    )
    // The Overview's totals are these counters: every tenant's for the operator.
    const overview = await backend.services.overview.get(op.actor)
    const all = await recount(backend)
    expect(overview.scope).toBe('every-tenant')
    expect(overview.totals.users).toBe(all.reduce((s, c) => s + c.users, 0))
    expect(overview.totals.activeUsers).toBe(all.reduce((s, c) => s + c.activeUsers, 0))
    expect(overview.totals.openInvitations).toBe(all.reduce((s, c) => s + c.openInvitations, 0))
    expect(overview.userTenants.map((r) => r.users)).toEqual(
      all
        .map((c) => c.users)
        .filter(Boolean)
        .sort((a, b) => b - a),
    )
  }, 180_000)
})

describeEngines('Overview', (engine) => {
  async function twoTenants() {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const a = (await backend.services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: false }))
      .id
    const b = (
      await backend.services.organisations.create(op.actor, { name: 'Contoso', slug: 'contoso', isAdminTenant: false, isDemo: false })
    ).id
    const adminA = await seedUser(backend, a, Role.ADMIN, 'Ann Admin')
    const adminB = await seedUser(backend, b, Role.ADMIN, 'Bea Admin')
    const agentB = await seedUser(backend, b, Role.AGENT, 'Bo Agent')
    return { backend, op, a, b, adminA, adminB, agentB }
  }

  it('shows an ADMIN their own tenant only, and an Admin Tenant member every tenant', async () => {
    const { backend, op, a, b, adminA, adminB, agentB } = await twoTenants()
    for (const n of [1, 2, 3]) await backend.services.invitations.create(adminA.actor, { email: `a${n}@example.test`, role: Role.AGENT })
    await backend.services.invitations.create(adminB.actor, { email: 'b1@example.test', role: Role.AGENT })
    await backend.services.users.update(adminA.actor, { id: (await seedUser(backend, a, Role.AGENT, 'Al Agent')).id, active: false })
    await seedUser(backend, a, Role.READ_ONLY, 'Ari Reader')
    await backend.services.auth.signIn(agentB.email, 'wrong').catch(() => null)

    const ofB = await backend.services.overview.get(adminB.actor)
    expect(ofB.scope).toBe('tenant')
    expect(ofB.totals).toEqual({ users: 2, activeUsers: 2, openInvitations: 1, expiringSoon: 0, deactivations: 0, failedSignIns: 1 })
    expect(ofB.invitationTenants.map((r) => [r.id, r.openInvitations, r.pendingInvitations])).toEqual([[b, 1, 1]])
    expect(ofB.userTenants.map((r) => [r.id, r.users, r.activeUsers])).toEqual([[b, 2, 2]])
    expect(ofB.days.at(-1)).toMatchObject({ invitationsSent: 1, deactivations: 0, failedSignIns: 1 })
    expect(new Set(ofB.expiringNext.map((i) => i.tenant.id))).toEqual(new Set([b]))
    expect(new Set(ofB.recentAudit.map((e) => e.tenant?.id))).toEqual(new Set([b]))
    // Nothing of Acme's anywhere in Contoso's answer.
    expect(JSON.stringify(ofB)).not.toContain(a)
    expect(JSON.stringify(ofB)).not.toContain('Acme')

    const ofOperator = await backend.services.overview.get(op.actor)
    expect(ofOperator.scope).toBe('every-tenant')
    // Each ranked tenant's pending and expiring-soon counts, read for all of them at once.
    expect(ofOperator.invitationTenants.map((r) => [r.name, r.openInvitations, r.pendingInvitations, r.expiringSoon])).toEqual([
      ['Acme', 3, 3, 0],
      ['Contoso', 1, 1, 0],
    ])
    expect(ofOperator.userTenants.map((r) => [r.name, r.users, r.activeUsers])).toEqual([
      ['Acme', 3, 2],
      ['Contoso', 2, 2],
      ['Northwind MSP', 1, 1],
    ])
    expect(ofOperator.totals).toMatchObject({ users: 6, activeUsers: 5, openInvitations: 4, deactivations: 1, failedSignIns: 1 })
    expect(ofOperator.days.at(-1)).toMatchObject({ invitationsSent: 4, deactivations: 1, failedSignIns: 1 })
    // The same across tenants while the operator acts in one of them.
    const inB = await operatorIn(backend, op.userId, b)
    expect((await backend.services.overview.get(inB)).totals).toEqual(ofOperator.totals)

    // Roles that do not manage users are refused.
    await expect(backend.services.overview.get(agentB.actor)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('answers again from what it read while nothing is written and no moment it counts passes; afresh after either', async () => {
    const { backend, a, adminA } = await twoTenants()
    const start = backend.clock.now().getTime()
    await backend.services.invitations.create(adminA.actor, { email: 'soon@example.test', role: Role.AGENT })
    // One actor throughout, so that nothing but what the test does is written between the calls.
    const at = (ms: number) => {
      backend.clock.set(new Date(start + ms))
      return backend.services.overview.get(adminA.actor)
    }
    let o = await at(5 * DAY - 1000)
    expect(o.totals).toMatchObject({ openInvitations: 1, expiringSoon: 0 })
    expect(o.invitationTenants[0]).toMatchObject({ openInvitations: 1, pendingInvitations: 1, expiringSoon: 0 })
    const sqlite = backend.store?.sqlite
    if (sqlite) {
      // Kept: a second call reads where the file stands, and nothing else.
      const ran = await captureStatements(sqlite, () => at(5 * DAY - 500))
      expect(ran.map((r) => r.sql)).toEqual(['select total_changes()', 'pragma data_version'])
    }
    // The invitation comes within 48 hours of expiring, then expires: no write, the clock alone.
    o = await at(5 * DAY)
    expect(o.totals.expiringSoon).toBe(1)
    expect(o.invitationTenants[0]).toMatchObject({ pendingInvitations: 1, expiringSoon: 1 })
    expect(o.expiringNext.map((i) => i.email)).toEqual(['soon@example.test'])
    o = await at(7 * DAY - 1)
    expect(o.expiringNext.map((i) => i.email)).toEqual(['soon@example.test'])
    o = await at(7 * DAY)
    expect(o.invitationTenants[0]).toMatchObject({ openInvitations: 1, pendingInvitations: 0, expiringSoon: 0 })
    expect(o.expiringNext).toEqual([])
    // A new UTC day moves the chart's days.
    const midnight = (dayOf(new Date(start + 8 * DAY)) + 1) * DAY - start
    o = await at(midnight - 1)
    const lastDay = o.days.at(-1)!.day
    o = await at(midnight)
    expect(o.days.at(-1)!.day).not.toBe(lastDay)
    expect(o.days.at(-2)!.day).toBe(lastDay)
    // A write through the console.
    await backend.services.invitations.create(adminA.actor, { email: 'next@example.test', role: Role.AGENT })
    o = await backend.services.overview.get(adminA.actor)
    expect(o.totals).toMatchObject({ openInvitations: 2 })
    expect(o.expiringNext.map((i) => i.email)).toEqual(['next@example.test'])
    if (sqlite) {
      // A write by another process on the same file (a second console, the command line).
      const other = new Database(sqlite.name)
      other.prepare('update organisations set name = ? where id = ?').run('Acme Renamed', a)
      other.close()
      o = await backend.services.overview.get(adminA.actor)
      expect(o.invitationTenants.map((r) => r.name)).toEqual(['Acme Renamed'])
    }
    // A clock set back never finds what was read later: at day 5 both invitations are pending, the first expiring soon.
    o = await at(5 * DAY)
    expect(o.invitationTenants[0]).toMatchObject({ pendingInvitations: 2, expiringSoon: 1 })
  })

  it('counts the last 7 days and invitations expiring within 48 hours as the clock moves', async () => {
    const { backend, a, adminA } = await twoTenants()
    const start = backend.clock.now().getTime()
    const al = await seedUser(backend, a, Role.AGENT, 'Al Agent')
    await backend.services.invitations.create(adminA.actor, { email: 'soon@example.test', role: Role.AGENT })
    await backend.services.users.update(adminA.actor, { id: al.id, active: false })
    await backend.services.auth.signIn(al.email, 'wrong').catch(() => null)
    const at = async (ms: number) => {
      backend.clock.set(new Date(start + ms))
      const { token } = await backend.services.auth.openSessionFor(adminA.id)
      return backend.services.overview.get((await backend.services.auth.resolve(token))!)
    }
    // Invitations are valid for 7 days: expiring soon from 48 hours before, pending until then.
    let o = await at(5 * DAY - 1000)
    expect(o.totals).toMatchObject({ deactivations: 1, failedSignIns: 1, openInvitations: 1, expiringSoon: 0 })
    expect(o.invitationTenants[0]).toMatchObject({ openInvitations: 1, pendingInvitations: 1, expiringSoon: 0 })
    o = await at(5 * DAY)
    expect(o.totals.expiringSoon).toBe(1)
    expect(o.invitationTenants[0]).toMatchObject({ pendingInvitations: 1, expiringSoon: 1 })
    expect(o.expiringNext.map((i) => i.email)).toEqual(['soon@example.test'])
    // The last of the 7 days that include the first one.
    o = await at(6 * DAY + 12 * HOUR)
    expect(o.totals).toMatchObject({ deactivations: 1, failedSignIns: 1 })
    o = await at(7 * DAY)
    // Expired: still open (waiting for Resend or Revoke), no longer pending or expiring.
    expect(o.totals).toMatchObject({ deactivations: 0, failedSignIns: 0, openInvitations: 1, expiringSoon: 0 })
    expect(o.invitationTenants[0]).toMatchObject({ openInvitations: 1, pendingInvitations: 0, expiringSoon: 0 })
    expect(o.expiringNext).toEqual([])
    // The chart's 14 days still hold that first day; then it leaves them.
    expect(o.days.map((d) => d.day)[6]).toBe(new Date(start).toISOString().slice(0, 10))
    expect(o.days[6]).toMatchObject({ invitationsSent: 1, deactivations: 1, failedSignIns: 1 })
    o = await at(14 * DAY)
    expect(o.days).toHaveLength(14)
    expect(o.days.every((d) => d.invitationsSent + d.deactivations + d.failedSignIns === 0)).toBe(true)
  })
})
