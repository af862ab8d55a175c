import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { ErrorCode, toAppError } from '../../../shared/errors'
import { describeEngines, backendOn } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { seedOperator, seedTenant, seedUser, withoutHelpdesk } from '../../../../tests/support/seed'
import { pgCode } from '../../db/engine.pg'
import { DEMO_SIZE, DEMO_TEAMS } from './demo-data'

const base = { isAdminTenant: false, isDemo: false }

/** The message of an error and of what caused it (drizzle wraps the driver's error). */
function messages(error: unknown): string {
  const parts: string[] = []
  for (let e = error as { message?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++)
    parts.push(String(e.message))
  return parts.join('\n')
}

describeEngines('organisations', (engine) => {
  /** The database's own refusal of a duplicate: SQLite's message, PostgreSQL's unique_violation. */
  const uniqueViolation = (error: unknown) =>
    engine === 'pg' ? pgCode(error) === '23505' : /UNIQUE constraint failed/.test(messages(error))

  it('creates an organisation with a unique slug (case-insensitively) and audits it', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const created = await backend.services.organisations.create(op.actor, { name: 'Contoso', slug: 'contoso', ...base })
    expect(created).toMatchObject({ name: 'Contoso', slug: 'contoso', userCount: 0, featuresEnabled: null })
    expect(created.effectiveFeatures).toEqual(['helpdesk', 'crm', 'rmm', 'billing', 'reporting', 'assets'])
    const dup = await failure(() => backend.services.organisations.create(op.actor, { name: 'Contoso 2', slug: 'contoso', ...base }))
    expect([dup.code, dup.fields?.slug, dup.reason, dup.ids]).toEqual([
      ErrorCode.CONFLICT,
      'Taken by Contoso',
      'SLUG_TAKEN',
      { organisationId: created.id },
    ])
    const upper = await failure(() => backend.services.organisations.create(op.actor, { name: 'Contoso 3', slug: 'CONTOSO', ...base }))
    expect([upper.code, upper.fields?.slug]).toEqual([ErrorCode.CONFLICT, 'Taken by Contoso'])
    expect(
      (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog))).filter((r) => r.action === 'organisations.create'),
    ).toHaveLength(1)
  })

  it('allows at most one Admin Tenant, naming the holder, and the database enforces it too', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const second = await failure(() =>
      backend.services.organisations.create(op.actor, { name: 'Other Ops', slug: 'other-ops', isAdminTenant: true, isDemo: false }),
    )
    expect(second.fields?.isAdminTenant).toBe('Northwind MSP is already the Admin Tenant')
    const insert = (name: string, slug: string, isAdminTenant: boolean) =>
      backend.engine.transaction(({ db, t }) =>
        db.insert(t.organisations).values({ id: randomUUID(), name, slug, isAdminTenant, isDemo: false, createdAt: new Date() }),
      )
    // A direct second INSERT is refused by the partial unique index.
    await expect(insert('Sneaky', 'sneaky', true)).rejects.toSatisfy(uniqueViolation)
    // Any number of non-admin tenants is fine.
    await insert('A', 'a1', false)
    await insert('B', 'b1', false)
  })

  it('will not unset the Admin Tenant while SUPER_ADMINs live there', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const error = await failure(() =>
      backend.services.organisations.update(op.actor, {
        id: op.tenantId,
        name: 'Northwind MSP',
        slug: 'northwind',
        isAdminTenant: false,
        isDemo: false,
        featuresEnabled: null,
      }),
    )
    expect(error.fields?.isAdminTenant).toMatch(/cannot be unset/)
  })

  it('stores Features Enabled, computes the effective set, and warns about codes the licence lacks', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const org = await backend.services.organisations.create(op.actor, { name: 'Contoso', slug: 'contoso', ...base })
    const result = await backend.services.organisations.update(op.actor, {
      id: org.id,
      name: 'Contoso',
      slug: 'contoso',
      ...base,
      featuresEnabled: ['crm'],
    })
    expect(result.organisation).toMatchObject({ featuresEnabled: ['crm'], effectiveFeatures: ['crm'] })
    expect(result.warnings).toEqual([])
    const none = await backend.services.organisations.update(op.actor, {
      id: org.id,
      name: 'Contoso',
      slug: 'contoso',
      ...base,
      featuresEnabled: [],
    })
    expect(none.organisation.effectiveFeatures).toEqual([])
  })

  it('is for SUPER_ADMINs only', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    for (const run of [
      () => backend.services.organisations.list(admin.actor, { limit: 10 }),
      () => backend.services.organisations.get(admin.actor, op.tenantId),
      () => backend.services.organisations.create(admin.actor, { name: 'X', slug: 'xx', ...base }),
    ]) {
      expect((await failure(run)).code).toBe(ErrorCode.FORBIDDEN)
    }
  })

  it('lists and searches with keyset pages and user counts', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    for (let i = 0; i < 30; i++) await seedTenant(backend, `Customer ${String(i).padStart(2, '0')}`, `customer-${i}`)
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await backend.services.organisations.list(op.actor, { limit: 7, cursor })
      expect(page.total).toBe(cursor ? null : 31)
      seen.push(...page.items.map((o) => o.name))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toHaveLength(31)
    expect(new Set(seen).size).toBe(31)
    expect(seen[0]).toBe('Customer 00')
    const found = await backend.services.organisations.list(op.actor, { search: 'NORTH', limit: 10 })
    expect(found.items).toMatchObject([{ name: 'Northwind MSP', userCount: 1, isAdminTenant: true }])
  })

  it('fills a demo organisation with synthetic data, reporting progress up to the total', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const demo = await backend.services.organisations.create(op.actor, {
      name: 'Demo Co',
      slug: 'demo-co',
      isAdminTenant: false,
      isDemo: true,
    })
    const progress = []
    for await (const step of await backend.services.organisations.fillDemo(op.actor, demo.id)) progress.push(step)
    const total = progress[0]!.total
    expect(progress.at(-1)).toMatchObject({ done: total, total })
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b))
    const demoUsers = (await backend.engine.read(({ db, t }) => db.select().from(t.users))).filter((u) => u.tenantId === demo.id)
    expect(demoUsers).toHaveLength(DEMO_SIZE.users)
    expect(new Set(demoUsers.map((u) => u.role))).toEqual(new Set(['ADMIN', 'AGENT', 'READ_ONLY']))
    const demoTickets = (await backend.engine.read(({ db, t }) => db.select().from(t.tickets))).filter((t) => t.tenantId === demo.id)
    expect(demoTickets).toHaveLength(DEMO_SIZE.tickets)
    // Teams with a MANAGER each; every ticket is routed, and an assignee belongs to the ticket's team.
    const inDemo = { ...op.actor, actingTenantId: demo.id }
    const demoTeams = await backend.services.teams.list(inDemo)
    expect(demoTeams.map((t) => t.name).sort()).toEqual(DEMO_TEAMS.map((t) => t.name).sort())
    for (const team of demoTeams) expect(team.managers).toHaveLength(1)
    const membersOf = new Map<string, Set<string>>()
    for (const t of demoTeams) membersOf.set(t.id, new Set((await backend.services.teams.get(inDemo, t.id)).members.map((m) => m.userId)))
    for (const t of demoTickets) {
      expect(membersOf.has(t.teamId!)).toBe(true)
      if (t.assigneeId) expect(membersOf.get(t.teamId!)!.has(t.assigneeId)).toBe(true)
    }
    const invites = (await backend.engine.read(({ db, t }) => db.select().from(t.invitations))).filter((i) => i.tenantId === demo.id)
    const now = backend.clock.now().getTime()
    expect(invites.map((i) => i.expiresAt.getTime() > now).sort()).toEqual([false, true])
    // Only once, and only for demo organisations.
    const twice = await failure(() => backend.services.organisations.fillDemo(op.actor, demo.id))
    expect([twice.code, twice.reason, twice.ids]).toEqual([ErrorCode.CONFLICT, 'DEMO_NOT_EMPTY', { organisationId: demo.id }])
    const notDemo = await failure(() => backend.services.organisations.fillDemo(op.actor, op.tenantId))
    expect([notDemo.code, notDemo.reason, notDemo.ids]).toEqual([ErrorCode.CONFLICT, 'NOT_DEMO', { organisationId: op.tenantId }])
  })

  it('writes a fill all at once with one audit row: a stopped fill leaves nothing, of two concurrent fills one wins', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const demo = await backend.services.organisations.create(op.actor, {
      name: 'Demo Co',
      slug: 'demo-co',
      isAdminTenant: false,
      isDemo: true,
    })
    const demoRows = () =>
      backend.engine.read(async ({ db, t }) => ({
        users: (await db.select().from(t.users)).filter((u) => u.tenantId === demo.id).length,
        tickets: (await db.select().from(t.tickets)).filter((r) => r.tenantId === demo.id).length,
        audits: (await db.select().from(t.auditLog)).filter((a) => a.action === 'organisations.fill-demo').length,
      }))
    const drain = async (fill: Promise<AsyncGenerator<unknown>>) => {
      for await (const _ of await fill);
    }
    // The window closed after the first progress report.
    const stopped = await backend.services.organisations.fillDemo(op.actor, demo.id)
    expect((await stopped.next()).value).toMatchObject({ step: 'Users' })
    await stopped.return(undefined)
    expect(await demoRows()).toEqual({ users: 0, tickets: 0, audits: 0 })
    // Demo unset while the fill was preparing: nothing is written into what is now a real organisation.
    const unset = await backend.services.organisations.fillDemo(op.actor, demo.id)
    await unset.next()
    const edit = { id: demo.id, name: 'Demo Co', slug: 'demo-co', isAdminTenant: false, featuresEnabled: null }
    await backend.services.organisations.update(op.actor, { ...edit, isDemo: false })
    expect((await failure(() => drain(Promise.resolve(unset)))).code).toBe(ErrorCode.CONFLICT)
    expect(await demoRows()).toEqual({ users: 0, tickets: 0, audits: 0 })
    await backend.services.organisations.update(op.actor, { ...edit, isDemo: true })

    const results = await Promise.allSettled([
      drain(backend.services.organisations.fillDemo(op.actor, demo.id)),
      drain(backend.services.organisations.fillDemo(op.actor, demo.id)),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(toAppError((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).code).toBe(ErrorCode.CONFLICT)
    expect(await demoRows()).toEqual({ users: DEMO_SIZE.users, tickets: DEMO_SIZE.tickets, audits: 1 })
  })

  it('keeps demo mail on the machine even with SMTP configured', async () => {
    const backend = await backendOn(engine, { smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'x@y.test' })
    const op = await seedOperator(backend)
    const demo = await backend.services.organisations.create(op.actor, {
      name: 'Demo Co',
      slug: 'demo-co',
      isAdminTenant: false,
      isDemo: true,
    })
    const me = await backend.services.auth.switchTenant(op.actor, demo.id)
    expect(me.actingTenant.isDemo).toBe(true)
    const actor = (await backend.services.auth.resolve(op.token))!
    const result = await backend.services.invitations.create(actor, { email: 'prospect@example.test', role: 'AGENT' })
    expect(result.delivery).toEqual({ to: 'prospect@example.test', via: 'outbox' })
  })
})

describeEngines('tenant switching', (engine) => {
  it('re-scopes the session of an Admin Tenant member, keeps their role, and audits home and acting tenant', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const agentHome = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const contoso = await seedTenant(backend, 'Contoso', 'contoso')
    const bea = await seedUser(backend, contoso, 'ADMIN', 'Bea Admin')
    const lastAudit = async () => (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).at(-1)
    const me = await backend.services.auth.switchTenant(agentHome.actor, contoso)
    expect(me).toMatchObject({
      user: { role: 'AGENT' },
      homeTenant: { name: 'Northwind MSP' },
      actingTenant: { name: 'Contoso' },
      canSwitchTenant: true,
    })
    const actor = (await backend.services.auth.resolve(agentHome.token))!
    expect(actor.actingTenantId).toBe(contoso)
    expect((await backend.services.users.list(actor, {})).items.map((u) => u.name)).toEqual(['Bea Admin'])
    expect(await lastAudit()).toMatchObject({
      action: 'auth.switch-tenant',
      homeTenantId: op.tenantId,
      actingTenantId: contoso,
      actorUserId: agentHome.id,
    })
    // Back home.
    await backend.services.auth.switchTenant(actor, op.tenantId)
    expect((await backend.services.auth.resolve(agentHome.token))!.actingTenantId).toBe(op.tenantId)
    expect(await lastAudit()).toMatchObject({
      action: 'auth.switch-tenant',
      target: `${contoso} → ${op.tenantId}`,
      actingTenantId: op.tenantId,
      result: 'ok',
    })
    // Users of other tenants cannot switch (the RPC layer records the refusal: tests/integration/denied.test.ts).
    expect((await failure(() => backend.services.auth.switchTenant(bea.actor, op.tenantId))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await backend.services.auth.resolve(bea.token))!.actingTenantId).toBe(contoso)
    expect((await failure(() => backend.services.auth.switchableTenants(bea.actor))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await backend.services.auth.buildMe(bea.id, contoso)).canSwitchTenant).toBe(false)
  })
})

describeEngines('feature enforcement', (engine) => {
  it('answers FEATURE_DISABLED for helpdesk operations where helpdesk is not effective', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    expect(await backend.services.helpdesk.tickets(op.actor, 10)).toEqual([])
    await withoutHelpdesk(backend, op)
    expect((await failure(() => backend.services.helpdesk.tickets(op.actor, 10))).code).toBe(ErrorCode.FEATURE_DISABLED)
    expect((await backend.services.auth.buildMe(op.userId, op.tenantId)).features).toEqual(['crm'])
  })
})
