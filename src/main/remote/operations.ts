import { isContractProcedure } from '@orpc/contract'
import { contract } from '../../shared/contract'

/**
 * The one rule for which calls change something: every operation of the contract is a mutation
 * except these reads. A mutation carries an idempotency key (kept across its retry), so an
 * instance that already ran it answers the first result instead of running it twice.
 * A new read that is left out here only costs a key; a new mutation can never be missed.
 */
export const QUERY_OPERATIONS: ReadonlySet<string> = new Set([
  'auth.status',
  'auth.me',
  'auth.inspectInvitation',
  'auth.inspectReset',
  'auth.switchableTenants',
  'account.secondFactor',
  'account.passkeys',
  // WebAuthn options: they keep only a pending challenge (security bookkeeping, no audit row); asking again replaces it.
  'account.startPasskey',
  'auth.passkeyOptions',
  'auth.stepUpPasskeyOptions',
  'users.list',
  'users.get',
  'users.assignable',
  'users.deactivationImpact',
  'invitations.list',
  'invitations.pending',
  'invitations.queue',
  'invitations.importCheck',
  'outbox.list',
  'organisations.list',
  'organisations.get',
  'licence.get',
  'helpdesk.tickets',
  'helpdesk.ticket',
  'teams.list',
  'teams.get',
  'settings.getEmail',
  'settings.getSecurity',
  'backups.list',
  'audit.list',
  'audit.actions',
  'audit.exportCsv',
  'demo.status',
  'search.palette',
  'overview.get',
])

/**
 * Mutations whose answer carries a secret (a new authenticator key, recovery codes): the instance
 * keeps no copy of it for idempotent replays (it would sit in the database in plain text for a day),
 * so a retry of one runs again. Each is safe to run again: a new key replaces an unconfirmed one, and
 * a second confirmation or regeneration is refused or makes new codes.
 */
export const SECRET_ANSWERS: ReadonlySet<string> = new Set([
  'account.startTotp',
  'account.confirmTotp',
  'account.regenerateRecoveryCodes',
  'account.finishPasskey',
])

export function isMutation(path: readonly string[]): boolean {
  return !QUERY_OPERATIONS.has(path.join('.'))
}

/** Every operation path of a contract router, e.g. ['users', 'list']. */
export function operationPaths(router: object = contract, prefix: readonly string[] = []): string[][] {
  return Object.entries(router).flatMap(([key, value]: [string, unknown]) => {
    if (isContractProcedure(value)) return [[...prefix, key]]
    return typeof value === 'object' && value !== null ? operationPaths(value, [...prefix, key]) : []
  })
}
