import { asc, eq } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
import type { Backend } from '../../src/main/backend'
import { DENIED_PER_MINUTE, DENIED_SUPPRESSED } from '../../src/main/features/audit/denied'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { toAppError } from '../../src/shared/errors'
import { PASSWORD, seedOperator, seedTenant, seedUser } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { backendOn, describeEngines } from '../support/engines'
import { tempDir } from '../support/temp-backend'

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function signedIn(backend: Backend, email: string) {
  server ??= await startShellServer({ services: backend.services, rendererDir: tempDir() })
  const { client } = await connectShell(server.url)
  await client.auth.signIn({ email, password: PASSWORD })
  return client
}

const deniedRows = (backend: Backend) =>
  backend.engine.read(({ db, t }) =>
    db
      .select({ actor: t.auditLog.actorUserId, tenant: t.auditLog.actingTenantId, action: t.auditLog.action, target: t.auditLog.target })
      .from(t.auditLog)
      .where(eq(t.auditLog.result, 'denied'))
      .orderBy(asc(t.auditLog.id)),
  )

describeEngines('refused calls (FORBIDDEN)', (engine) => {
  it('each leave a denied row with actor, operation and target, whichever check refused them', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin', 'ann@northwind.test')
    const contoso = await seedTenant(backend, 'Contoso', 'contoso')
    const bea = await seedUser(backend, contoso, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
    const asAnn = await signedIn(backend, 'ann@northwind.test')
    const asBea = await signedIn(backend, 'bea@contoso.test')

    const refusals = [
      () => asAnn.users.sendPasswordReset({ id: op.userId }), // requireMayHandle
      () => asAnn.users.update({ id: admin.id, active: false }), // deactivating oneself
      () => asAnn.organisations.list({}), // requireRole
      () => asBea.auth.switchTenant({ tenantId: op.tenantId }), // Admin Tenant membership
    ]
    for (const refuse of refusals) expect((await refuse().then(() => null, toAppError))?.code).toBe('FORBIDDEN')
    expect(await deniedRows(backend)).toEqual([
      { actor: admin.id, tenant: op.tenantId, action: 'users.send-password-reset', target: `id=${op.userId}` },
      { actor: admin.id, tenant: op.tenantId, action: 'users.update', target: `id=${admin.id}` },
      { actor: admin.id, tenant: op.tenantId, action: 'organisations.list', target: null },
      { actor: bea.id, tenant: contoso, action: 'auth.switch-tenant', target: `tenantId=${op.tenantId}` },
    ])
  })

  it(`are recorded up to ${DENIED_PER_MINUTE} per actor per minute, then once summarised, then not until the next minute`, async () => {
    const backend = await backendOn(engine)
    backend.clock.set(new Date('2026-03-01T10:00:00.000Z'))
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent', 'al@northwind.test')
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin', 'ann@northwind.test')
    const asAgent = await signedIn(backend, 'al@northwind.test')
    const asAnn = await signedIn(backend, 'ann@northwind.test')

    for (let i = 0; i < DENIED_PER_MINUTE + 10; i++) await asAgent.invitations.list().catch(() => null)
    await asAnn.organisations.list({}).catch(() => null)
    const ofAgent = async () => (await deniedRows(backend)).filter((r) => r.actor === agent.id)
    expect(await ofAgent()).toHaveLength(DENIED_PER_MINUTE + 1)
    expect((await ofAgent()).at(-1)).toMatchObject({
      action: DENIED_SUPPRESSED,
      target: 'further refusals until 2026-03-01T10:01:00.000Z are not recorded',
    })
    // Another actor's refusals are their own.
    expect((await deniedRows(backend)).filter((r) => r.actor === admin.id)).toHaveLength(1)

    backend.clock.set(new Date('2026-03-01T10:00:59.999Z'))
    await asAgent.invitations.list().catch(() => null)
    expect(await ofAgent()).toHaveLength(DENIED_PER_MINUTE + 1)
    backend.clock.set(new Date('2026-03-01T10:01:00.000Z'))
    await asAgent.invitations.list().catch(() => null)
    expect(await ofAgent()).toHaveLength(DENIED_PER_MINUTE + 2)
    expect((await ofAgent()).at(-1)!.action).toBe('invitations.list')
  })

  it('bound failed sign-ins for unknown emails the same way: one bucket, 20 rows and a summary per minute', async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    const before = (await deniedRows(backend)).length
    // Distinct made-up emails, so the per-email throttle never steps in.
    for (let i = 0; i < DENIED_PER_MINUTE + 5; i++)
      await backend.services.auth.signIn(`nobody${i}@x.test`, 'wrong password').catch(() => null)
    const added = (await deniedRows(backend)).slice(before)
    expect(added).toHaveLength(DENIED_PER_MINUTE + 1)
    expect(added.slice(0, 2)).toEqual([
      { actor: null, tenant: null, action: 'auth.sign-in', target: 'nobody0@x.test' },
      { actor: null, tenant: null, action: 'auth.sign-in', target: 'nobody1@x.test' },
    ])
    expect(added.at(-1)!.action).toBe(DENIED_SUPPRESSED)
  })
})
