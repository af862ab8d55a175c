import fc from 'fast-check'
import { asc, eq } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
import type { Backend } from '../../src/main/backend'
import { Dialect } from '../../src/main/db/engine'
import { auditAction, DENIED_PER_MINUTE } from '../../src/main/features/audit/denied'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { contract } from '../../src/shared/contract'
import { toAppError } from '../../src/shared/errors'
import { useMailCapture } from '../support/mail-capture'
import { PASSWORD, seedOperator, seedTenant, seedTicket, seedUser } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { registerPasskey } from '../support/soft-authenticator'
import { snapshot } from '../support/snapshot'
import { backendOn, describeEngines, type EngineName } from '../support/engines'
import { operationsOf, tempDir } from '../support/temp-backend'

const sent = useMailCapture()

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Tenant A (the operator's) with a user and an invitation; tenant B with its ADMIN. */
async function twoTenants(engine: EngineName) {
  const backend = await backendOn(engine, sent.config())
  const op = await seedOperator(backend)
  const agentA = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
  const invitation = await backend.services.invitations.create(op.actor, { email: 'pending.a@example.test', role: 'AGENT' })
  const inviteToken = sent.last().token
  const team = await backend.services.teams.create(op.actor, { name: 'Service Desk', description: '' })
  await backend.services.teams.setMember(op.actor, { teamId: team.id, userId: agentA.id, role: 'MEMBER' })
  const ticket = await seedTicket(backend, op.tenantId, 1, 'Printer on fire', agentA.id)
  const { passkey } = await registerPasskey(backend.services, agentA.actor, 'Al’s laptop')
  const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
  const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
  await seedUser(backend, tenantB, 'AGENT', 'Bo Agent', 'bo@contoso.test')
  return {
    backend,
    op,
    agentA,
    invitationId: invitation.invitation.id,
    inviteToken,
    tenantB,
    adminB,
    teamId: team.id,
    ticketId: ticket,
    passkeyId: passkey.id,
  }
}

/** The refused attempts on record, in the order they were written. */
async function deniedAudits(backend: Backend): Promise<string[]> {
  const rows = await backend.engine.read(({ db, t }) =>
    db.select({ action: t.auditLog.action }).from(t.auditLog).where(eq(t.auditLog.result, 'denied')).orderBy(asc(t.auditLog.id)),
  )
  return rows.map((r) => r.action)
}

describeEngines('tenant isolation matrix', (engine) => {
  it("answers B's ADMIN on A's ids with NOT_FOUND (or FORBIDDEN for operator-only operations) and changes nothing", async () => {
    const t = await twoTenants(engine)
    server = await startShellServer({ services: t.backend.services, rendererDir: tempDir() })
    const { client } = await connectShell(server.url)
    await client.auth.signIn({ email: 'bea@contoso.test', password: PASSWORD })

    const a = {
      user: t.agentA.id,
      operator: t.op.userId,
      invitation: t.invitationId,
      tenant: t.op.tenantId,
      team: t.teamId,
      ticket: t.ticketId,
      passkey: t.passkeyId,
    }
    const onForeignIds: Record<string, () => Promise<unknown>> = {
      'users.get': () => client.users.get({ id: a.user }),
      'users.update': () => client.users.update({ id: a.user, active: false }),
      'users.deactivationImpact': () => client.users.deactivationImpact({ id: a.user }),
      'users.deactivate': () => client.users.deactivate({ id: a.user, handover: { to: 'queue' } }),
      'users.sendPasswordReset': () => client.users.sendPasswordReset({ id: a.operator }),
      'users.resetSecondFactor': () => client.users.resetSecondFactor({ id: a.user }),
      // An ADMIN requires a second factor in their own organisation only: another one's id is not found.
      'organisations.setSecondFactorRequired': () => client.organisations.setSecondFactorRequired({ id: a.tenant, required: true }),
      'invitations.resend': () => client.invitations.resend({ id: a.invitation }),
      'invitations.revoke': () => client.invitations.revoke({ id: a.invitation }),
      'teams.get': () => client.teams.get({ id: a.team }),
      'teams.update': () => client.teams.update({ id: a.team, name: 'Pwned', description: '' }),
      'teams.setMember': () => client.teams.setMember({ teamId: a.team, userId: t.adminB.id, role: 'MANAGER' }),
      'teams.removeMember': () => client.teams.removeMember({ teamId: a.team, userId: a.user }),
      'teams.setSignature': () => client.teams.setSignature({ teamId: a.team, signature: 'pwned' }),
      'helpdesk.setTicketTeam': () => client.helpdesk.setTicketTeam({ ticketId: a.ticket, teamId: null }),
      'helpdesk.assignTicket': () => client.helpdesk.assignTicket({ ticketId: a.ticket, assigneeId: null }),
      'helpdesk.ticket': () => client.helpdesk.ticket({ id: a.ticket }),
      'helpdesk.reply': () => client.helpdesk.reply({ ticketId: a.ticket, body: 'pwned', visibility: 'public' }),
      // A passkey id is looked up among the caller's own passkeys only: another user's is not found.
      'account.renamePasskey': () => client.account.renamePasskey({ id: a.passkey, name: 'Pwned' }),
      'account.removePasskey': () => client.account.removePasskey({ id: a.passkey, proof: { password: PASSWORD } }),
    }
    const operatorOnly: Record<string, () => Promise<unknown>> = {
      'auth.switchTenant': () => client.auth.switchTenant({ tenantId: a.tenant }),
      'auth.switchableTenants': () => client.auth.switchableTenants({}),
      'organisations.get': () => client.organisations.get({ id: a.tenant }),
      'organisations.update': () =>
        client.organisations.update({
          id: a.tenant,
          name: 'Pwned',
          slug: 'pwned',
          isAdminTenant: false,
          isDemo: false,
          featuresEnabled: '[]',
        }),
      'organisations.fillDemo': async () => {
        for await (const _ of await client.organisations.fillDemo({ id: a.tenant })) break
      },
      'organisations.list': () => client.organisations.list({}),
      'organisations.create': () => client.organisations.create({ name: 'X', slug: 'xx', isAdminTenant: false, isDemo: false }),
      'licence.install': () => client.licence.install({ text: '{}' }),
      'settings.getEmail': () => client.settings.getEmail(),
      'settings.saveEmail': () =>
        client.settings.saveEmail({ host: 'mail.evil.test', port: 25, security: 'none', user: '', from: 'x@evil.test', password: 'pw' }),
      'settings.clearEmail': () => client.settings.clearEmail(),
      'settings.getSecurity': () => client.settings.getSecurity(),
      'settings.setSuperAdminSecondFactor': () => client.settings.setSuperAdminSecondFactor({ required: false }),
      'settings.sendTestEmail': () => client.settings.sendTestEmail({ to: 'x@evil.test' }),
      'backups.list': () => client.backups.list(),
      'backups.start': async () => {
        for await (const _ of await client.backups.start()) break
      },
      // B's ADMIN sees B's invitations only: naming A is refused (issue 20).
      'invitations.queue': () => client.invitations.queue({ tenantId: a.tenant }),
      // B's ADMIN reads B's audit log only: naming A is refused.
      'audit.list': () => client.audit.list({ filter: { tenantId: a.tenant } }),
      'audit.exportCsv': async () => {
        for await (const _ of await client.audit.exportCsv({ filter: { tenantId: a.tenant } })) break
      },
      // Replacing the store is for a SUPER_ADMIN (and a demo store); B's ADMIN is refused before anything else.
      'demo.reset': async () => {
        for await (const _ of await client.demo.reset()) break
      },
      'demo.leave': () => client.demo.leave({ keep: false }),
    }
    // Bulk actions answer per row: each of A's ids is NOT_FOUND, and nothing changes (issue 20).
    const perRowOnForeignIds: Record<string, () => Promise<{ results: { ok: boolean; code: string | null }[] }>> = {
      'invitations.resendMany': () => client.invitations.resendMany({ ids: [a.invitation] }),
      'invitations.revokeMany': () => client.invitations.revokeMany({ ids: [a.invitation] }),
    }
    // Operations that take no id of another tenant: scoped by the session alone.
    const takeNoForeignId = [
      'auth.status',
      'auth.setup',
      'auth.signIn',
      'auth.verifySecondFactor',
      'auth.signOut',
      'auth.signOutEverywhere',
      // Step-up proves the caller's own session again.
      'auth.stepUp',
      'auth.me',
      'auth.inspectInvitation',
      'auth.register',
      'auth.inspectReset',
      'auth.resetPassword',
      // Second factors are always the caller's own (issue 25): no id to name.
      'account.secondFactor',
      'account.startTotp',
      'account.confirmTotp',
      'account.removeTotp',
      'account.regenerateRecoveryCodes',
      'account.passkeys',
      'account.startPasskey',
      'account.finishPasskey',
      // The challenge belongs to the half-way sign-in or the session: no id to name.
      'auth.passkeyOptions',
      'auth.stepUpPasskeyOptions',
      'users.list',
      'users.assignable',
      'invitations.list',
      'invitations.pending',
      'invitations.create',
      // Bulk invite: team names and emails are looked up in the acting tenant only (checked below).
      'invitations.importCheck',
      'invitations.importApply',
      'outbox.list',
      'licence.get',
      'helpdesk.tickets',
      'teams.list',
      'teams.create',
      'audit.actions',
      'demo.status',
      'demo.explore',
      'demo.signIn',
      'search.palette',
      'overview.get',
    ]
    expect(
      [...Object.keys(onForeignIds), ...Object.keys(operatorOnly), ...Object.keys(perRowOnForeignIds), ...takeNoForeignId].sort(),
    ).toEqual(operationsOf(contract).sort())

    const before = await snapshot(t.backend)
    const deniedBefore = await deniedAudits(t.backend)
    for (const [name, call] of Object.entries(onForeignIds)) {
      const error = await call().then(() => null, toAppError)
      expect([name, error?.code]).toEqual([name, 'NOT_FOUND'])
    }
    for (const [index, [name, call]] of Object.entries(operatorOnly).entries()) {
      // The log keeps DENIED_PER_MINUTE refusals per actor per minute: each batch in a minute of its own.
      if (index > 0 && index % DENIED_PER_MINUTE === 0) t.backend.clock.advance(60_000)
      const error = await call().then(() => null, toAppError)
      expect([name, error?.code]).toEqual([name, 'FORBIDDEN'])
    }
    for (const [name, call] of Object.entries(perRowOnForeignIds)) {
      expect([name, (await call()).results.map((r) => [r.ok, r.code])]).toEqual([name, [[false, 'NOT_FOUND']]])
    }
    expect(await snapshot(t.backend)).toBe(before)
    // Each FORBIDDEN answer is on record, and nothing else was written.
    expect(await deniedAudits(t.backend)).toEqual([...deniedBefore, ...Object.keys(operatorOnly).map(auditAction)])

    // The session-scoped operations show B's rows only.
    expect((await client.users.list({})).items.map((u) => u.email).sort()).toEqual(['bea@contoso.test', 'bo@contoso.test'])
    expect(await client.invitations.list()).toEqual([])
    expect(await client.invitations.pending({})).toEqual({ items: [], nextCursor: null, total: 0 })
    expect((await client.invitations.queue({})).items).toEqual([])
    // A file naming A's team and A's invitee: no such team here, and the email is in use elsewhere (A unnamed).
    const file = Buffer.from('email,role,team\npending.a@example.test,AGENT,\nnew@example.test,AGENT,Service Desk').toString('base64')
    expect((await client.invitations.importCheck({ file })).rows.map((r) => [r.outcome, r.reason])).toEqual([
      [
        'invalid',
        'This email is already in use in another organisation on this Switchboard, so it cannot be invited here. Ask the person for another address.',
      ],
      ['invalid', 'Unknown team: this organisation has no team named "Service Desk".'],
    ])
    expect(await client.outbox.list()).toEqual([])
    expect((await client.users.assignable({})).map((u) => u.email).sort()).toEqual(['bea@contoso.test', 'bo@contoso.test'])
    expect(await client.teams.list()).toEqual([])
    expect(await client.helpdesk.tickets({})).toEqual([])
    // The palette finds B's users and organisation, never A's (Al Agent, Northwind MSP).
    const palette = await client.search.palette({ term: 'agent' })
    expect(palette.users.map((u) => [u.email, u.tenant.id])).toEqual([['bo@contoso.test', t.tenantB]])
    expect(palette.organisations).toEqual([])
    expect((await client.search.palette({ term: 'north' })).organisations).toEqual([])
    // The Overview counts B's users and invitations only, and names no tenant but B (issue 20).
    const overview = await client.overview.get()
    expect(overview.scope).toBe('tenant')
    expect(new Set([...overview.userTenants, ...overview.invitationTenants].map((r) => r.id))).toEqual(new Set([t.tenantB]))
    expect(overview.totals.users).toBe(2)
    expect(new Set([...overview.expiringNext.map((i) => i.tenant.id), ...overview.recentAudit.map((e) => e.tenant?.id)])).toEqual(
      new Set(overview.expiringNext.length + overview.recentAudit.length ? [t.tenantB] : []),
    )
    expect(JSON.stringify(overview)).not.toContain('Northwind')
    // Not a demo store: no passwordless sign-in, and no demo over the operator's data.
    expect(await client.demo.status()).toEqual({ demo: false, adminName: null })
    expect((await client.demo.signIn().then(() => null, toAppError))?.reason).toBe('NOT_DEMO_STORE')
    const explored = await (async () => {
      for await (const _ of await client.demo.explore({})) break
    })().then(() => null, toAppError)
    // PostgreSQL makes no demo at all (no host replaces its database): refused before the store is looked at.
    expect(engine === Dialect.PG ? explored?.code : explored?.reason).toBe(engine === Dialect.PG ? 'UNAVAILABLE' : 'ALREADY_SET_UP')
    const audit = await client.audit.list({ filter: { from: new Date(0), to: new Date('2100-01-01') } })
    expect(audit.items.length).toBeGreaterThan(0)
    expect(new Set(audit.items.map((e) => e.tenant?.id))).toEqual(new Set([t.tenantB]))
    expect(await client.audit.actions()).toEqual([...new Set(audit.items.map((e) => e.action))].sort())
    let csv = ''
    for await (const event of await client.audit.exportCsv({})) if (event.type === 'csv') csv += event.text
    // Every row is one B acted in (B's refused switch names A's id as its target: B typed it).
    const rows = csv.split('\r\n').slice(1, -1)
    expect(rows.length).toBe(audit.items.length + 1) // the export itself is on record
    for (const row of rows) expect(row).toContain(`,Contoso,${t.tenantB},Contoso`)
    expect(csv).not.toContain('Northwind')
  })

  it("refuses B's own records combined with A's ids (own record, foreign reference) and writes nothing", async () => {
    const t = await twoTenants(engine)
    const boB = (await t.backend.services.auth.resolve((await t.backend.services.auth.signIn('bo@contoso.test', PASSWORD)).token))!
    const teamB = await t.backend.services.teams.create(t.adminB.actor, { name: 'Contoso Desk', description: '' })
    await t.backend.services.teams.setMember(t.adminB.actor, { teamId: teamB.id, userId: boB.userId, role: 'MEMBER' })
    const ticketB = await seedTicket(t.backend, t.tenantB, 1, 'Contoso printer', boB.userId)
    await t.backend.services.helpdesk.setTicketTeam(t.adminB.actor, ticketB, teamB.id)
    server = await startShellServer({ services: t.backend.services, rendererDir: tempDir() })
    const { client } = await connectShell(server.url)
    await client.auth.signIn({ email: 'bea@contoso.test', password: PASSWORD })

    // B's ticket or team, with an id of A's: every operation that takes a second id, and the assignee list of a team.
    const ownRecordForeignReference: Record<string, [() => Promise<unknown>, string]> = {
      'helpdesk.setTicketTeam': [() => client.helpdesk.setTicketTeam({ ticketId: ticketB, teamId: t.teamId }), 'NOT_FOUND'],
      'helpdesk.assignTicket': [() => client.helpdesk.assignTicket({ ticketId: ticketB, assigneeId: t.agentA.id }), 'VALIDATION'],
      'teams.setMember': [() => client.teams.setMember({ teamId: teamB.id, userId: t.agentA.id, role: 'MEMBER' }), 'NOT_FOUND'],
      'teams.removeMember': [() => client.teams.removeMember({ teamId: teamB.id, userId: t.agentA.id }), 'NOT_FOUND'],
      'users.assignable': [() => client.users.assignable({ teamId: t.teamId }), 'NOT_FOUND'],
      // B's user handed over to A's agent: refused, and B's user stays active with the ticket.
      'users.deactivate': [
        () => client.users.deactivate({ id: boB.userId, handover: { to: 'user', assigneeId: t.agentA.id } }),
        'VALIDATION',
      ],
    }
    // Every operation whose input names two records is in the list above.
    const takingTwoIds = operationsOf(contract).filter((name) => {
      const [feature, op] = name.split('.') as [keyof typeof contract, string]
      const procedure = (contract[feature] as Record<string, { '~orpc': { inputSchema?: { shape?: object } } }>)[op]!
      return Object.keys(procedure['~orpc'].inputSchema?.shape ?? {}).filter((key) => /^id$|Id$/.test(key)).length >= 2
    })
    expect(takingTwoIds.sort()).toEqual(
      Object.keys(ownRecordForeignReference)
        .filter((name) => name !== 'users.assignable' && name !== 'users.deactivate')
        .sort(),
    )

    const before = await snapshot(t.backend)
    for (const [name, [call, code]] of Object.entries(ownRecordForeignReference)) {
      const error = await call().then(() => null, toAppError)
      expect([name, error?.code]).toEqual([name, code])
    }
    expect(await snapshot(t.backend)).toBe(before)
    // B's ticket still has B's team and assignee.
    expect((await client.helpdesk.tickets({})).map((k) => [k.team?.id, k.assignee?.id])).toEqual([[teamB.id, boB.userId]])
  })

  it('never returns another tenant’s rows, whatever B’s ADMIN does (property)', async () => {
    const t = await twoTenants(engine)
    const services = t.backend.services
    const aIds = [t.op.userId, t.agentA.id, t.invitationId, t.op.tenantId, t.teamId, t.ticketId]
    const aSecrets = [
      ...aIds,
      'ada@northwind.test',
      t.agentA.email,
      'pending.a@example.test',
      'Northwind MSP',
      'Service Desk',
      'Printer on fire',
    ]
    let n = 0
    const action = fc.oneof(
      fc.record({
        op: fc.constant('list' as const),
        search: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
        role: fc.option(fc.constantFrom('ADMIN', 'AGENT', 'READ_ONLY', 'SUPER_ADMIN' as const), { nil: undefined }),
        status: fc.constantFrom('all', 'active', 'inactive' as const),
        sort: fc.constantFrom('name', 'email', 'role', 'lastSignIn' as const),
        direction: fc.constantFrom('asc', 'desc' as const),
      }),
      fc.record({ op: fc.constant('get' as const), id: fc.constantFrom(...aIds, t.adminB.id) }),
      fc.record({ op: fc.constant('invite' as const) }),
      fc.record({ op: fc.constant('invitations' as const) }),
      fc.record({ op: fc.constant('assignable' as const), search: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }) }),
      fc.record({ op: fc.constant('outbox' as const) }),
      fc.record({ op: fc.constant('resend' as const), id: fc.constantFrom(...aIds) }),
      fc.record({ op: fc.constant('teams' as const) }),
      fc.record({ op: fc.constant('team' as const), id: fc.constantFrom(...aIds) }),
      fc.record({ op: fc.constant('tickets' as const) }),
      fc.record({ op: fc.constant('assign' as const), ticket: fc.constantFrom(...aIds), user: fc.constantFrom(...aIds, t.adminB.id) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
        for (const a of actions) {
          const actor = t.adminB.actor
          const result = await (async () => {
            switch (a.op) {
              case 'list':
                return services.users.list(actor, {
                  search: a.search,
                  role: a.role,
                  status: a.status,
                  sort: a.sort,
                  direction: a.direction,
                })
              case 'get':
                return services.users.get(actor, a.id)
              case 'invite':
                return services.invitations.create(actor, { email: `prop${n++}@contoso.test`, role: 'AGENT' })
              case 'invitations':
                return services.invitations.list(actor)
              case 'assignable':
                return services.users.assignable(actor, a.search)
              case 'outbox':
                return services.outbox.list(actor)
              case 'resend':
                return services.invitations.resend(actor, a.id)
              case 'teams':
                return services.teams.list(actor)
              case 'team':
                return services.teams.get(actor, a.id)
              case 'tickets':
                return services.helpdesk.tickets(actor, 100)
              case 'assign':
                return services.helpdesk.assignTicket(actor, a.ticket, a.user)
            }
          })().catch((error: unknown) => toAppError(error).toData())
          const text = JSON.stringify(result)
          for (const secret of aSecrets) expect(text).not.toContain(secret)
        }
      }),
      { numRuns: 60 },
    )
  })
})
