import { count, eq, ne } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { Role } from '../../../shared/contract'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { prng } from '../../../../tests/support/prng'
import { lastOutboxMail, PASSWORD, seedOperator, seedUser } from '../../../../tests/support/seed'

const ROLES = [Role.ADMIN, Role.AGENT, Role.READ_ONLY] as const

/** The counters are triggers on both engines (drizzle/0015 on SQLite, drizzle/pg on PostgreSQL). */
describeEngines('maintained user counters', (engine) => {
  it('equal count(*) by tenant, role and status after random sequences of user operations', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const tenants: string[] = []
    for (const [i, name] of ['Acme', 'Globex', 'Initech'].entries()) {
      const created = await backend.services.organisations.create(op.actor, {
        name,
        slug: name.toLowerCase(),
        isAdminTenant: false,
        isDemo: i === 2,
      })
      tenants.push(created.id)
    }
    const actingIn = async (tenantId: string) => {
      await backend.services.auth.switchTenant((await backend.services.auth.resolve(op.token))!, tenantId)
      return (await backend.services.auth.resolve(op.token))!
    }
    const counted = () =>
      backend.engine.read(({ db, t }) => {
        const u = t.users
        return db
          .select({ tenantId: u.tenantId, role: u.role, active: u.active, n: count() })
          .from(u)
          .groupBy(u.tenantId, u.role, u.active)
          .orderBy(u.tenantId, u.role, u.active)
      })
    const counters = () =>
      backend.engine.read(({ db, t }) => {
        const c = t.tenantUserCounts
        return db
          .select({ tenantId: c.tenantId, role: c.role, active: c.active, n: c.n })
          .from(c)
          .where(ne(c.n, 0))
          .orderBy(c.tenantId, c.role, c.active)
      })
    const usersOf = (tenantId: string) =>
      backend.engine.read(({ db, t }) =>
        db
          .select({ id: t.users.id, role: t.users.role, active: t.users.active })
          .from(t.users)
          .where(eq(t.users.tenantId, tenantId))
          .orderBy(t.users.id),
      )
    const random = prng(2026)
    const done: string[] = []
    let registered = 0
    for (let step = 0; step < 80; step++) {
      const tenantId = tenants[random(tenants.length)]!
      const actor = await actingIn(tenantId)
      const theirs = await usersOf(tenantId)
      const pick = random(10)
      if (pick === 0 && registered < 3) {
        registered += 1
        const email = `invited.${step}@example.test`
        // In the demo tenant, whose Outbox keeps the link.
        await backend.services.invitations.create(await actingIn(tenants[2]!), { email, role: ROLES[random(3)]! })
        const { token } = await lastOutboxMail(backend)
        await backend.services.invitations.register(token, { name: `Invited ${step}`, password: PASSWORD }, 'test')
        done.push('register')
      } else if (pick <= 2 || theirs.length === 0) {
        await seedUser(backend, tenantId, ROLES[random(3)]!, `User ${step}`)
        done.push('add')
      } else if (pick <= 6) {
        const user = theirs[random(theirs.length)]!
        await backend.services.users.update(actor, { id: user.id, role: ROLES[random(3)]! })
        done.push('role')
      } else {
        const user = theirs[random(theirs.length)]!
        await backend.services.users.update(actor, { id: user.id, active: !user.active })
        done.push(user.active ? 'deactivate' : 'reactivate')
      }
      expect([step, await counters()]).toEqual([step, await counted()])
      if (step === 40) {
        for await (const _ of await backend.services.organisations.fillDemo(op.actor, tenants[2]!)) void _
        done.push('demo fill')
        expect(await counters()).toEqual(await counted())
      }
    }
    // The sequence exercised every kind of operation.
    expect(new Set(done)).toEqual(new Set(['register', 'add', 'role', 'deactivate', 'reactivate', 'demo fill']))
    // And the totals the lists show come from them.
    for (const tenantId of tenants) {
      const theirs = await usersOf(tenantId)
      expect((await backend.services.users.list(await actingIn(tenantId), {})).total).toBe(theirs.length)
      const inactive = theirs.filter((u) => !u.active).length
      expect((await backend.services.users.list(await actingIn(tenantId), { status: 'inactive' })).total).toBe(inactive)
    }
  }, 120_000)
})
