import { auditHandlers } from '../features/audit/audit.handlers'
import { auditAction, deniedTarget } from '../features/audit/denied'
import { authHandlers } from '../features/auth/auth.handlers'
import { accountHandlers, userFactorHandlers } from '../features/factors/factors.handlers'
import { backupsHandlers } from '../features/backups/backups.handlers'
import { demoHandlers } from '../features/demo/demo.handlers'
import { helpdeskHandlers } from '../features/helpdesk/helpdesk.handlers'
import { invitationsHandlers } from '../features/invitations/invitations.handlers'
import { licenceHandlers } from '../features/licence/licence.handlers'
import { organisationsHandlers } from '../features/organisations/organisations.handlers'
import { outboxHandlers } from '../features/outbox/outbox.handlers'
import { overviewHandlers } from '../features/overview/overview.handlers'
import { searchHandlers } from '../features/search/search.handlers'
import { settingsHandlers } from '../features/settings/settings.handlers'
import { teamsHandlers } from '../features/teams/teams.handlers'
import { usersHandlers } from '../features/users/users.handlers'
import type { Services } from '../services'
import { base } from './base'
import type { RpcContext, SessionSlot } from './context'

/**
 * The one router over a backend's services: each feature's handlers get only the services they
 * use. `base.router` checks at compile time that it matches the contract. `onInstance`: served by an
 * instance server, where the demo is refused (see demo.handlers.ts).
 */
export function createRouter(services: Services, { onInstance = false } = {}) {
  return base.router({
    auth: authHandlers({ auth: services.auth, setup: services.setup, invitations: services.invitations, factors: services.factors }),
    account: accountHandlers(services.factors),
    users: { ...usersHandlers(services.users), ...userFactorHandlers(services.factors) },
    invitations: invitationsHandlers(services.invitations, services.invitationImport),
    outbox: outboxHandlers(services.outbox),
    organisations: organisationsHandlers(services.organisations),
    licence: licenceHandlers(services.licence),
    helpdesk: helpdeskHandlers(services.helpdesk),
    teams: teamsHandlers(services.teams),
    settings: settingsHandlers(services.emailSettings, services.securitySettings),
    backups: backupsHandlers(services.backups),
    audit: auditHandlers(services.auditLog),
    search: searchHandlers(services.search),
    overview: overviewHandlers(services.overview),
    demo: demoHandlers({ demo: services.demo, auth: services.auth }, { onInstance }),
  })
}

/** The context a host passes with each call: its session slot, resolved by this backend's auth. */
export function rpcContext(services: Pick<Services, 'auth' | 'denied'>, session: SessionSlot, client: string): RpcContext {
  return {
    session,
    client,
    resolveSession: (token) => services.auth.resolveSession(token),
    stepUpFresh: (actor) => services.auth.stepUpFresh(actor),
    recordDenied: (actor, operation, input) => services.denied.record(actor, auditAction(operation), deniedTarget(input)),
  }
}
