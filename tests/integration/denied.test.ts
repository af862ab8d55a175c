import { afterEach, describe, expect, it } from 'vitest'
import { DENIED_PER_MINUTE, DENIED_SUPPRESSED } from '../../src/main/features/audit/denied'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { toAppError } from '../../src/shared/errors'
import { PASSWORD, seedOperator, seedTenant, seedUser } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { tempBackend, tempDir } from '../support/temp-backend'

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function signedIn(backend: ReturnType<typeof tempBackend>, email: string) {
  server ??= await startShellServer({ services: backend.services, rendererDir: tempDir() })
  const { client } = await connectShell(server.url)
  await client.auth.signIn({ email, password: PASSWORD })
  return client
}

const deniedRows = (backend: ReturnType<typeof tempBackend>) =>
  backend.store.sqlite
    .prepare(`select actor_user_id as actor, acting_tenant_id as tenant, action, target from audit_log where result = 'denied' order by id`)
    .all() as { actor: string; tenant: string; action: string; target: string | null }[]

describe('refused calls (FORBIDDEN)', () => {
  it('each leave a denied row with actor, operation and target, whichever check refused them', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin', 'ann@northwind.test')
    const contoso = seedTenant(backend, 'Contoso', 'contoso')
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
    expect(deniedRows(backend)).toEqual([
      { actor: admin.id, tenant: op.tenantId, action: 'users.send-password-reset', target: `id=${op.userId}` },
      { actor: admin.id, tenant: op.tenantId, action: 'users.update', target: `id=${admin.id}` },
      { actor: admin.id, tenant: op.tenantId, action: 'organisations.list', target: null },
      { actor: bea.id, tenant: contoso, action: 'auth.switch-tenant', target: `tenantId=${op.tenantId}` },
    ])
  })

  it(`are recorded up to ${DENIED_PER_MINUTE} per actor per minute, then once summarised, then not until the next minute`, async () => {
    const backend = tempBackend()
    backend.clock.set(new Date('2026-03-01T10:00:00.000Z'))
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent', 'al@northwind.test')
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin', 'ann@northwind.test')
    const asAgent = await signedIn(backend, 'al@northwind.test')
    const asAnn = await signedIn(backend, 'ann@northwind.test')

    for (let i = 0; i < DENIED_PER_MINUTE + 10; i++) await asAgent.invitations.list().catch(() => null)
    await asAnn.organisations.list({}).catch(() => null)
    const ofAgent = () => deniedRows(backend).filter((r) => r.actor === agent.id)
    expect(ofAgent()).toHaveLength(DENIED_PER_MINUTE + 1)
    expect(ofAgent().at(-1)).toMatchObject({
      action: DENIED_SUPPRESSED,
      target: 'further refusals until 2026-03-01T10:01:00.000Z are not recorded',
    })
    // Another actor's refusals are their own.
    expect(deniedRows(backend).filter((r) => r.actor === admin.id)).toHaveLength(1)

    backend.clock.set(new Date('2026-03-01T10:00:59.999Z'))
    await asAgent.invitations.list().catch(() => null)
    expect(ofAgent()).toHaveLength(DENIED_PER_MINUTE + 1)
    backend.clock.set(new Date('2026-03-01T10:01:00.000Z'))
    await asAgent.invitations.list().catch(() => null)
    expect(ofAgent()).toHaveLength(DENIED_PER_MINUTE + 2)
    expect(ofAgent().at(-1)!.action).toBe('invitations.list')
  })

  it('bound failed sign-ins for unknown emails the same way: one bucket, 20 rows and a summary per minute', async () => {
    const backend = tempBackend()
    await seedOperator(backend)
    const before = deniedRows(backend).length
    // Distinct made-up emails, so the per-email throttle never steps in.
    for (let i = 0; i < DENIED_PER_MINUTE + 5; i++)
      await backend.services.auth.signIn(`nobody${i}@x.test`, 'wrong password').catch(() => null)
    const added = deniedRows(backend).slice(before)
    expect(added).toHaveLength(DENIED_PER_MINUTE + 1)
    expect(added.slice(0, 2)).toEqual([
      { actor: null, tenant: null, action: 'auth.sign-in', target: 'nobody0@x.test' },
      { actor: null, tenant: null, action: 'auth.sign-in', target: 'nobody1@x.test' },
    ])
    expect(added.at(-1)!.action).toBe(DENIED_SUPPRESSED)
  })
})
