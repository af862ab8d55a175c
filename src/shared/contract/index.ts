import type { ContractRouterClient } from '@orpc/contract'
import { auditContract } from './audit.contract'
import { authContract } from './auth.contract'
import { demoContract } from './demo.contract'
import { helpdeskContract } from './helpdesk.contract'
import { teamsContract } from './teams.contract'
import { licenceContract, organisationsContract } from './organisations.contract'
import { backupsContract, settingsContract } from './settings.contract'
import { invitationsContract, outboxContract, usersContract } from './users.contract'

/** The one contract: every operation that crosses a process or network boundary. */
export const contract = {
  auth: authContract,
  users: usersContract,
  invitations: invitationsContract,
  outbox: outboxContract,
  organisations: organisationsContract,
  licence: licenceContract,
  helpdesk: helpdeskContract,
  teams: teamsContract,
  settings: settingsContract,
  backups: backupsContract,
  audit: auditContract,
  demo: demoContract,
}

export type Contract = typeof contract
export type SwitchboardClient = ContractRouterClient<Contract>

export * from './common'
export * from './auth.contract'
export * from './users.contract'
export * from './organisations.contract'
export * from './helpdesk.contract'
export * from './teams.contract'
export * from './settings.contract'
export * from './audit.contract'
export * from './demo.contract'
export * from './version'
