import type { Backend } from '../../src/main/backend'
import { USER_SORTS } from '../../src/shared/contract'

/**
 * Runs every list and search of the console through its services, as an operator acting in
 * `tenantId`: what the query-plan checks of both engines record and explain.
 */
export async function runEveryList(backend: Backend, operatorId: string, tenantId: string) {
  const { services } = backend
  const operator = await services.auth.openSessionFor(operatorId)
  let actor = (await services.auth.resolve(operator.token))!
  await services.auth.switchTenant(actor, tenantId)
  actor = (await services.auth.resolve(operator.token))!
  await services.invitations.create(actor, { email: `new.person.${tenantId.slice(0, 8)}@example.test`, role: 'AGENT' })
  for (const sort of USER_SORTS) {
    for (const direction of ['asc', 'desc'] as const) {
      for (const search of [undefined, 'a', 'an', 'ann', 'example']) {
        for (const filter of [{}, { role: 'AGENT' as const, status: 'active' as const }]) {
          const first = await services.users.list(actor, { sort, direction, search, limit: 5, ...filter })
          if (first.nextCursor) await services.users.list(actor, { sort, direction, search, limit: 5, cursor: first.nextCursor, ...filter })
        }
      }
    }
  }
  for (const search of [undefined, 'a', 'ac', 'acme', 'inc']) {
    const first = await services.organisations.list(actor, { search, limit: 5 })
    if (first.nextCursor) await services.organisations.list(actor, { search, cursor: first.nextCursor, limit: 5 })
    await services.auth.switchableTenants(actor, search)
  }
  // The command palette: across tenants from three characters on, the acting tenant below that.
  for (const term of ['a', 'an', 'ann', 'example', 'acme']) await services.search.palette(actor, term)
  await services.invitations.list(actor)
  // Pending Invitations a page at a time: the first page with its total, and the next.
  const pending = await services.invitations.pending(actor, { limit: 1 })
  if (pending.nextCursor) await services.invitations.pending(actor, { limit: 1, cursor: pending.nextCursor })
  // Issue 20: Invite from file — its batched lookups of users, open invitations and teams by the file's emails and names.
  const file = ['email,role,team', 'new.person.1@example.test,AGENT,', 'ann@example.test,AGENT,Nobody'].join('\n')
  await services.invitationImport.check(actor, Buffer.from(file).toString('base64'))
  // Issue 20: All Invitations, across tenants and within one, each filter, and a next page.
  for (const tenant of [undefined, tenantId]) {
    for (const filter of [{}, { role: 'AGENT' as const }, { status: 'pending' as const }, { status: 'expired' as const, minAgeDays: 3 }]) {
      const first = await services.invitations.queue(actor, { tenantId: tenant, limit: 1, ...filter })
      if (first.nextCursor) await services.invitations.queue(actor, { tenantId: tenant, limit: 1, cursor: first.nextCursor, ...filter })
    }
  }
  const audit = await services.auditLog.list(actor, { filter: {}, limit: 5 })
  if (audit.nextCursor) await services.auditLog.list(actor, { filter: {}, cursor: audit.nextCursor, limit: 5 })
  await services.auditLog.list(actor, { filter: { tenantId, action: 'auth.switch-tenant' }, limit: 5 })
  // Issue 20: the Overview, across tenants (the operator) — its counters, rankings and index ranges.
  await services.overview.get(actor)
  await services.teams.list(actor)
  await services.users.assignable(actor, 'ann')
  await services.users.assignable(actor)
  const someone = (await services.users.list(actor, { limit: 1 })).items[0]
  if (someone) await services.users.deactivationImpact(actor, someone.id)
  // Issue 25: Your account's passkeys (one user's, by the user index).
  await services.factors.passkeys(actor)
  await services.factors.status(actor)
  await services.auth.resolve(operator.token)
}

/** Tables whose rows belong to tenants (or to their users): never scanned whole by a list. */
export const TENANT_TABLES: readonly string[] = [
  'users',
  'sessions',
  'invitations',
  'audit_log',
  'teams',
  'team_members',
  'tickets',
  'comments',
  'time_entries',
  'outbox',
  'tenant_user_counts',
  'tenant_daily',
  'password_resets',
  'recent_tenants',
  'passkeys',
]
