import { authHandlers } from '../features/auth/auth.handlers'
import { helpdeskHandlers } from '../features/helpdesk/helpdesk.handlers'
import { invitationsHandlers } from '../features/invitations/invitations.handlers'
import { licenceHandlers, organisationsHandlers } from '../features/organisations/organisations.handlers'
import { outboxHandlers } from '../features/outbox/outbox.handlers'
import { teamsHandlers } from '../features/teams/teams.handlers'
import { usersHandlers } from '../features/users/users.handlers'
import { base } from './base'

/** The one router; `base.router` checks at compile time that it matches the contract. */
export const router = base.router({
  auth: authHandlers,
  users: usersHandlers,
  invitations: invitationsHandlers,
  outbox: outboxHandlers,
  organisations: organisationsHandlers,
  licence: licenceHandlers,
  helpdesk: helpdeskHandlers,
  teams: teamsHandlers,
})

export type AppRouter = typeof router
