import type { ContractRouterClient } from '@orpc/contract'
import { accountContract } from './account.contract'
import { auditContract } from './audit.contract'
import { authContract } from './auth.contract'
import { demoContract } from './demo.contract'
import { helpdeskContract } from './helpdesk.contract'
import { invitationImportContract } from './invitation-import.contract'
import { overviewContract } from './overview.contract'
import { searchContract } from './search.contract'
import { teamsContract } from './teams.contract'
import { licenceContract, organisationsContract } from './organisations.contract'
import { backupsContract, settingsContract } from './settings.contract'
import { invitationsContract, outboxContract, usersContract } from './users.contract'

/** The one contract: every operation that crosses a process or network boundary. */
export const contract = {
  auth: authContract,
  account: accountContract,
  users: usersContract,
  invitations: { ...invitationsContract, ...invitationImportContract },
  outbox: outboxContract,
  organisations: organisationsContract,
  licence: licenceContract,
  helpdesk: helpdeskContract,
  teams: teamsContract,
  settings: settingsContract,
  backups: backupsContract,
  audit: auditContract,
  demo: demoContract,
  search: searchContract,
  overview: overviewContract,
}

export type Contract = typeof contract

/** One line per feature: the API document's tag for every operation under that key (a new feature must add one). */
export const FEATURE_DESCRIPTIONS = {
  auth: 'First-run setup, signing in and out, invitation and reset links, switching the acting tenant.',
  account: "The signed-in user's own second factors: an authenticator app (TOTP) and recovery codes.",
  users: "The acting tenant's users: list, details, role and Active, password resets.",
  invitations:
    'Invitations to join the acting tenant: invite, resend, revoke, list pending ones; the queue across tenants with bulk Resend and Revoke; bulk invite from a CSV file.',
  outbox: 'Mail kept on the instance when no mail server is configured.',
  organisations: 'Organisations (tenants) of the instance: create, edit, features, demo data (SUPER_ADMIN).',
  licence: "The instance's licence and the features it grants.",
  helpdesk: 'Tickets: their threads, replies and internal notes, routing to teams and assigning (needs the helpdesk feature).',
  teams: 'Helpdesk teams, their members, managers and signature.',
  settings: 'Instance settings: the SMTP server mail goes out through (SUPER_ADMIN).',
  backups: 'Backups of the store (SUPER_ADMIN).',
  audit: 'The audit log: every change and every refusal, filtered, and as CSV.',
  demo: 'The one-click offline demo of the console (not served by an instance).',
  search: 'The command palette: users and organisations by name, email or slug, across the tenants the caller may switch into.',
  overview: 'The Overview: users, invitations, deactivations and failed sign-ins per tenant, read from counters.',
} satisfies Record<keyof Contract, string>
export type SwitchboardClient = ContractRouterClient<Contract>

export * from './common'
export * from './auth.contract'
export * from './account.contract'
export * from './users.contract'
export * from './invitation-import.contract'
export * from './organisations.contract'
export * from './helpdesk.contract'
export * from './teams.contract'
export * from './settings.contract'
export * from './audit.contract'
export * from './demo.contract'
export * from './search.contract'
export * from './overview.contract'
export * from './version'
export * from './operation-docs'
