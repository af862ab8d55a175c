import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Role } from '../../../shared/contract'
import { ErrorCode } from '../../../shared/errors'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { useMailCapture } from '../../../../tests/support/mail-capture'
import { seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import type { Actor } from '../auth/auth.service'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/** Issue 20: All Invitations — the queue across tenants and its bulk Resend and Revoke. */
describeEngines('the invitation queue', (engine) => {
  const sent = useMailCapture()

  /** The operator's Admin Tenant, tenants A and B, and invitations in each, sent an hour apart. */
  async function world() {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const tenantA = await seedTenant(backend, 'Acme', 'acme')
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const inTenant = (tenantId: string): Actor => ({ ...op.actor, actingTenantId: tenantId })
    const invite = async (tenantId: string, email: string, role: Role = 'AGENT') => {
      const { invitation } = await backend.services.invitations.create(inTenant(tenantId), { email, role })
      backend.clock.advance(HOUR)
      return invitation.id
    }
    const ids = {
      a1: await invite(tenantA, 'a1@example.test'),
      b1: await invite(tenantB, 'b1@example.test', 'ADMIN'),
      home: await invite(op.tenantId, 'boss@example.test', 'SUPER_ADMIN'),
      a2: await invite(tenantA, 'a2@example.test', 'ADMIN'),
      b2: await invite(tenantB, 'b2@example.test'),
    }
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
    const operatorAdmin = await seedUser(backend, op.tenantId, 'ADMIN', 'Oli Admin', 'oli@northwind.test')
    return { backend, op, tenantA, tenantB, ids, adminB, operatorAdmin }
  }

  const emails = (page: { items: { email: string }[] }) => page.items.map((i) => i.email)

  it('shows members of the Admin Tenant every tenant, soonest to expire first, with each tenant named', async () => {
    const { backend, op, tenantA, tenantB } = await world()
    const page = await backend.services.invitations.queue(op.actor, {})
    expect(emails(page)).toEqual(['a1@example.test', 'b1@example.test', 'boss@example.test', 'a2@example.test', 'b2@example.test'])
    expect(page.items[0]!.tenant).toEqual({ id: tenantA, name: 'Acme', slug: 'acme' })
    expect(page.items[1]!.tenant.id).toBe(tenantB)
    // Every tenant the operator may switch into, and no other.
    const switchable = new Set((await backend.services.auth.switchableTenants(op.actor)).map((t) => t.id))
    for (const item of page.items) expect(switchable.has(item.tenant.id)).toBe(true)
    expect(page.nextCursor).toBeNull()
  })

  it('shows an ADMIN of another tenant its own invitations only, and refuses naming another tenant', async () => {
    const { backend, tenantA, tenantB, adminB } = await world()
    const page = await backend.services.invitations.queue(adminB.actor, {})
    expect(emails(page)).toEqual(['b1@example.test', 'b2@example.test'])
    expect(new Set(page.items.map((i) => i.tenant.id))).toEqual(new Set([tenantB]))
    expect(emails(await backend.services.invitations.queue(adminB.actor, { tenantId: tenantB }))).toEqual([
      'b1@example.test',
      'b2@example.test',
    ])
    expect((await failure(() => backend.services.invitations.queue(adminB.actor, { tenantId: tenantA }))).code).toBe(ErrorCode.FORBIDDEN)
    // An agent sees no queue at all.
    const agent = await seedUser(backend, tenantB, 'AGENT', 'Bo Agent', 'bo@contoso.test')
    expect((await failure(() => backend.services.invitations.queue(agent.actor, {}))).code).toBe(ErrorCode.FORBIDDEN)
  })

  it('filters by tenant, role, status and age', async () => {
    const { backend, op, tenantA } = await world()
    const queue = (input: Parameters<Backend['services']['invitations']['queue']>[1]) =>
      backend.services.invitations.queue(op.actor, input).then(emails)
    expect(await queue({ tenantId: tenantA })).toEqual(['a1@example.test', 'a2@example.test'])
    expect(await queue({ role: 'ADMIN' })).toEqual(['b1@example.test', 'a2@example.test'])
    expect(await queue({ tenantId: tenantA, role: 'ADMIN' })).toEqual(['a2@example.test'])
    // Now 5 hours after the first: a1 was sent 5 hours ago, b2 1 hour ago.
    expect(await queue({ minAgeDays: 0 })).toHaveLength(5)
    backend.clock.advance(7 * DAY - 3.5 * HOUR)
    // a1 (sent at 0h) and b1 (1h) expired: 7 days since sending have passed for them.
    expect(await queue({ status: 'expired' })).toEqual(['a1@example.test', 'b1@example.test'])
    expect(await queue({ status: 'pending' })).toEqual(['boss@example.test', 'a2@example.test', 'b2@example.test'])
    expect(await queue({ status: 'all' })).toHaveLength(5)
    expect(await queue({ status: 'pending', tenantId: tenantA })).toEqual(['a2@example.test'])
    // Sent at least 7 days ago: the two expired ones only.
    expect(await queue({ minAgeDays: 7 })).toEqual(['a1@example.test', 'b1@example.test'])
  })

  it('pages by keyset in expiry order, ties broken by id, without repeats or gaps', async () => {
    const { backend, op, tenantA, tenantB } = await world()
    // Three more at one instant: equal expiry, ordered by id.
    for (const [n, tenantId] of [tenantA, tenantB, tenantA].entries()) {
      await backend.services.invitations.create(
        { ...op.actor, actingTenantId: tenantId },
        { email: `same${n}@example.test`, role: 'AGENT' },
      )
    }
    const all = (await backend.services.invitations.queue(op.actor, { limit: 200 })).items
    expect(all).toHaveLength(8)
    const paged: string[] = []
    let cursor: string | undefined
    do {
      const page = await backend.services.invitations.queue(op.actor, { limit: 3, cursor })
      expect(page.items.length).toBeLessThanOrEqual(3)
      paged.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(paged).toEqual(all.map((i) => i.id))
    const keys = all.map((i) => [i.expiresAt.getTime(), i.id] as const)
    expect(keys).toEqual([...keys].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)))
    expect((await failure(() => backend.services.invitations.queue(op.actor, { cursor: 'nonsense' }))).code).toBe(ErrorCode.VALIDATION)
  })

  it('resends across tenants; one row failing does not stop the rest, and each is audited in its tenant', async () => {
    const { backend, op, tenantA, tenantB, ids, operatorAdmin } = await world()
    await backend.services.invitations.revoke({ ...op.actor, actingTenantId: tenantB }, ids.b2)
    const before = await backend.engine.read(({ db, t }) => db.select().from(t.invitations))
    backend.clock.advance(DAY)
    const { results } = await backend.services.invitations.resendMany(operatorAdmin.actor, [ids.a1, ids.home, ids.b1, ids.b2, ids.a2])
    expect(results.map((r) => [r.id, r.ok, r.code])).toEqual([
      [ids.a1, true, null],
      // An ADMIN may not handle a SUPER_ADMIN invitation: refused, with the single action's reason.
      [ids.home, false, ErrorCode.FORBIDDEN],
      [ids.b1, true, null],
      // Revoked meanwhile: not found, and the rest still ran.
      [ids.b2, false, ErrorCode.NOT_FOUND],
      [ids.a2, true, null],
    ])
    expect(results[1]!.message).toBe('Only a SUPER_ADMIN can resend an invitation to become SUPER_ADMIN.')
    expect(results[3]!.message).toBe('That invitation was not found in this organisation.')
    const after = new Map((await backend.engine.read(({ db, t }) => db.select().from(t.invitations))).map((r) => [r.id, r]))
    for (const id of [ids.a1, ids.b1, ids.a2]) {
      expect(after.get(id)!.tokenHash).not.toBe(before.find((r) => r.id === id)!.tokenHash)
      expect(after.get(id)!.expiresAt.getTime()).toBe(backend.clock.now().getTime() + 7 * DAY)
    }
    expect(after.get(ids.home)!.tokenHash).toBe(before.find((r) => r.id === ids.home)!.tokenHash)
    expect(
      sent
        .received()
        .map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))
        .slice(-3),
    ).toEqual(['a1@example.test', 'b1@example.test', 'a2@example.test'])

    const audit = await backend.engine.read(({ db, t }) =>
      db
        .select()
        .from(t.auditLog)
        .where(and(eq(t.auditLog.action, 'invitations.resend'), eq(t.auditLog.actorUserId, operatorAdmin.id))),
    )
    expect(audit.map((r) => [r.target, r.actingTenantId, r.homeTenantId, r.result])).toEqual([
      [ids.a1, tenantA, op.tenantId, 'ok'],
      // The refused row, as a refused single Resend is recorded: denied, in its tenant. Not found is no refusal.
      [`id=${ids.home}`, op.tenantId, op.tenantId, 'denied'],
      [ids.b1, tenantB, op.tenantId, 'ok'],
      [ids.a2, tenantA, op.tenantId, 'ok'],
    ])
  })

  it("records a refused row as the single action's refusal: a denied row in the row's tenant; not found is no refusal", async () => {
    const { backend, op, tenantB, ids, operatorAdmin } = await world()
    // Oli (ADMIN of the Admin Tenant) acting in Contoso: the SUPER_ADMIN invitation is the Admin Tenant's.
    const oliInB = { ...operatorAdmin.actor, actingTenantId: tenantB }
    for (const [bulk, action] of [
      [backend.services.invitations.resendMany, 'invitations.resend'],
      [backend.services.invitations.revokeMany, 'invitations.revoke'],
    ] as const) {
      const { results } = await bulk(oliInB, [ids.home, '00000000-0000-4000-8000-000000000000'])
      expect(results.map((r) => r.code)).toEqual([ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND])
      const audit = await backend.engine.read(({ db, t }) =>
        db
          .select()
          .from(t.auditLog)
          .where(and(eq(t.auditLog.action, action), eq(t.auditLog.actorUserId, operatorAdmin.id))),
      )
      expect(audit.map((r) => [r.target, r.actingTenantId, r.homeTenantId, r.result])).toEqual([
        [`id=${ids.home}`, op.tenantId, op.tenantId, 'denied'],
      ])
    }
  })

  it('revokes across tenants with per-row results, audited in each tenant', async () => {
    const { backend, op, tenantA, tenantB, ids } = await world()
    const { results } = await backend.services.invitations.revokeMany(op.actor, [ids.a1, ids.b1, 'not-an-invitation', ids.a1])
    expect(results.map((r) => [r.id, r.ok, r.code])).toEqual([
      [ids.a1, true, null],
      [ids.b1, true, null],
      ['not-an-invitation', false, ErrorCode.NOT_FOUND],
    ])
    expect(emails(await backend.services.invitations.queue(op.actor, {}))).toEqual([
      'boss@example.test',
      'a2@example.test',
      'b2@example.test',
    ])
    const audit = await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).where(eq(t.auditLog.action, 'invitations.revoke')))
    expect(audit.map((r) => [r.target, r.actingTenantId])).toEqual([
      [ids.a1, tenantA],
      [ids.b1, tenantB],
    ])
  })

  it("never lets an ADMIN act on another tenant's invitations", async () => {
    const { backend, ids, adminB } = await world()
    const before = await backend.engine.read(({ db, t }) => db.select().from(t.invitations))
    for (const bulk of [backend.services.invitations.resendMany, backend.services.invitations.revokeMany]) {
      const { results } = await bulk(adminB.actor, [ids.a1, ids.home, ids.b1])
      expect(results.map((r) => [r.id, r.ok, r.code])).toEqual([
        [ids.a1, false, ErrorCode.NOT_FOUND],
        [ids.home, false, ErrorCode.NOT_FOUND],
        [ids.b1, true, null],
      ])
    }
    const after = await backend.engine.read(({ db, t }) => db.select().from(t.invitations))
    const untouched = (rows: typeof before) => rows.filter((r) => r.id !== ids.b1)
    expect(untouched(after)).toEqual(untouched(before))
  })
})
