import { Role } from './contract/constants'

/**
 * Who may do what, written once: the backend's checks and the console's greyed-out actions
 * both read these. Role string literals belong here and in the contract, nowhere else.
 */

/** Roles that manage users and invitations of the acting tenant (and read its Outbox). */
export const USER_MANAGERS: readonly Role[] = [Role.SUPER_ADMIN, Role.ADMIN]

/**
 * What a session limited to enrolment may do (a user whose organisation requires a second factor
 * and who has none yet): read who they are, sign out, and set up their authenticator app.
 */
export const ENROLMENT_OPERATIONS: ReadonlySet<string> = new Set([
  'auth.me',
  'auth.signOut',
  'auth.signOutEverywhere',
  'account.secondFactor',
  'account.startTotp',
  'account.confirmTotp',
  'account.removeTotp',
  'account.regenerateRecoveryCodes',
  'account.passkeys',
  'account.startPasskey',
  'account.finishPasskey',
  'account.renamePasskey',
  'account.removePasskey',
])

/** Roles that work tickets: route them to a team and assign them. */
export const TICKET_WORKERS: readonly Role[] = [Role.SUPER_ADMIN, Role.ADMIN, Role.AGENT]

/** Roles that see and change organisations, their features and the instance licence. */
export const INSTANCE_ADMINS: readonly Role[] = [Role.SUPER_ADMIN]

/** Roles that read Admin → Audit Log: the acting tenant's rows (see `seesEveryTenantsAudit`). */
export const AUDIT_READERS: readonly Role[] = USER_MANAGERS

export const managesUsers = (role: Role): boolean => USER_MANAGERS.includes(role)
export const worksTickets = (role: Role): boolean => TICKET_WORKERS.includes(role)
export const administersInstance = (role: Role): boolean => INSTANCE_ADMINS.includes(role)

/**
 * A SUPER_ADMIN account, or an invitation to become one, is handled only by a SUPER_ADMIN: its
 * reset and invitation links grant SUPER_ADMIN. The backend enforces it; the console greys out.
 */
export function mayHandle(myRole: Role, targetRole: Role): boolean {
  return targetRole !== Role.SUPER_ADMIN || myRole === Role.SUPER_ADMIN
}

/** Roles an actor may hand out: SUPER_ADMIN only by a SUPER_ADMIN acting inside the Admin Tenant. */
export function grantableRoles(myRole: Role, actingInAdminTenant: boolean): Role[] {
  const all = Object.values(Role)
  return myRole === Role.SUPER_ADMIN && actingInAdminTenant ? all : all.filter((r) => r !== Role.SUPER_ADMIN)
}

/** A role as typed in a cell of a file: its name in any case, with spaces or hyphens for underscores ("read only"). */
export function roleFromText(text: string): Role | undefined {
  const name = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_')
  return Object.values(Role).find((role) => role === name)
}

/** Whether a role is the one whose accounts only a SUPER_ADMIN may handle (for labels and Outbox rows). */
export const isSuperAdmin = (role: Role): boolean => role === Role.SUPER_ADMIN

/**
 * A SUPER_ADMIN acting in the Admin Tenant reads the whole instance's audit log (and may narrow it
 * to one tenant); anyone else, a SUPER_ADMIN switched into a tenant included, reads that tenant's.
 */
export const seesEveryTenantsAudit = (role: Role, actingInAdminTenant: boolean): boolean => role === Role.SUPER_ADMIN && actingInAdminTenant
