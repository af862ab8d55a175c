import { describe, expect, it } from 'vitest'
import { Role } from '../../../shared/contract'
import { lastOutboxMail, PASSWORD, seedOperator, seedUser } from '../../../../tests/support/seed'
import { tempBackend } from '../../../../tests/support/temp-backend'

/** A small deterministic PRNG, so a failing sequence can be replayed. */
function prng(seed: number) {
  let a = seed
  return (n: number) => {
    a = (a * 1103515245 + 12345) % 2 ** 31
    return a % n
  }
}

const ROLES = [Role.ADMIN, Role.AGENT, Role.READ_ONLY] as const

describe('maintained user counters', () => {
  it('equal count(*) by tenant, role and status after random sequences of user operations', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    const sqlite = backend.store.sqlite
    const tenants = ['Acme', 'Globex', 'Initech'].map(
      (name, i) =>
        backend.services.organisations.create(op.actor, { name, slug: name.toLowerCase(), isAdminTenant: false, isDemo: i === 2 }).id,
    )
    const actingIn = (tenantId: string) => {
      backend.services.auth.switchTenant(backend.services.auth.resolve(op.token)!, tenantId)
      return backend.services.auth.resolve(op.token)!
    }
    const counted = () => sqlite.prepare(`select tenant_id, role, active, count(*) as n from users group by 1, 2, 3 order by 1, 2, 3`).all()
    const counters = () => sqlite.prepare(`select tenant_id, role, active, n from tenant_user_counts where n <> 0 order by 1, 2, 3`).all()
    const random = prng(2026)
    const done: string[] = []
    let registered = 0
    for (let step = 0; step < 80; step++) {
      const tenantId = tenants[random(tenants.length)]!
      const actor = actingIn(tenantId)
      const theirs = sqlite.prepare(`select id, role, active from users where tenant_id = ?`).all(tenantId) as {
        id: string
        role: Role
        active: number
      }[]
      const pick = random(10)
      if (pick === 0 && registered < 3) {
        registered += 1
        const email = `invited.${step}@example.test`
        // In the demo tenant, whose Outbox keeps the link.
        await backend.services.invitations.create(actingIn(tenants[2]!), { email, role: ROLES[random(3)]! })
        await backend.services.invitations.register(lastOutboxMail(backend).token, { name: `Invited ${step}`, password: PASSWORD }, 'test')
        done.push('register')
      } else if (pick <= 2 || theirs.length === 0) {
        await seedUser(backend, tenantId, ROLES[random(3)]!, `User ${step}`)
        done.push('add')
      } else if (pick <= 6) {
        const user = theirs[random(theirs.length)]!
        backend.services.users.update(actor, { id: user.id, role: ROLES[random(3)]! })
        done.push('role')
      } else {
        const user = theirs[random(theirs.length)]!
        backend.services.users.update(actor, { id: user.id, active: user.active !== 1 })
        done.push(user.active ? 'deactivate' : 'reactivate')
      }
      expect([step, counters()]).toEqual([step, counted()])
      if (step === 40) {
        for await (const _ of backend.services.organisations.fillDemo(op.actor, tenants[2]!)) void _
        done.push('demo fill')
        expect(counters()).toEqual(counted())
      }
    }
    // The sequence exercised every kind of operation.
    expect(new Set(done)).toEqual(new Set(['register', 'add', 'role', 'deactivate', 'reactivate', 'demo fill']))
    // And the totals the lists show come from them.
    for (const tenantId of tenants) {
      const n = (sqlite.prepare(`select count(*) as n from users where tenant_id = ?`).get(tenantId) as { n: number }).n
      const inactive = (sqlite.prepare(`select count(*) as n from users where tenant_id = ? and active = 0`).get(tenantId) as { n: number })
        .n
      expect(backend.services.users.list(actingIn(tenantId), {}).total).toBe(n)
      expect(backend.services.users.list(actingIn(tenantId), { status: 'inactive' }).total).toBe(inactive)
    }
  }, 60_000)
})
