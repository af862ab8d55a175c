import { isSuperAdmin, managesUsers, roleFromText } from './access'
import { Role } from './contract/constants'

/**
 * Step-up ("sudo mode"): operations that can take over tenants need a factor proven in the last
 * STEP_UP_WINDOW_MS — at sign-in, or again with `auth.stepUp`. Refused otherwise with FORBIDDEN,
 * reason STEP_UP_REQUIRED, before the operation runs (nothing changes); the console then asks for
 * the code and runs the call again once.
 *
 * The one list of them. Each rule says, from the raw input and the caller's role, whether this call
 * needs it: a caller the operation refuses anyway (FORBIDDEN, ROLE_NOT_GRANTABLE) is not asked.
 * Checked for every host where the session is resolved (src/main/rpc/base.ts, `authed`).
 */
export const STEP_UP_WINDOW_MS = 5 * 60 * 1000

type StepUpRule = (input: unknown, role: Role) => boolean

const field = (input: unknown, name: string): unknown =>
  typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined

/** The caller is a SUPER_ADMIN: the only role these operations accept. */
const bySuperAdmin: StepUpRule = (_input, role) => isSuperAdmin(role)
/** A SUPER_ADMIN handing out the SUPER_ADMIN role (only they may). */
const grantingSuperAdmin: StepUpRule = (input, role) => isSuperAdmin(role) && field(input, 'role') === Role.SUPER_ADMIN

export const STEP_UP_OPERATIONS: Readonly<Record<string, StepUpRule>> = {
  /** Features Enabled and the Admin Tenant flag are edited with the rest of the organisation. */
  'organisations.update': bySuperAdmin,
  /** A new Admin Tenant: its members may act in every tenant. */
  'organisations.create': (input, role) => isSuperAdmin(role) && field(input, 'isAdminTenant') === true,
  /** Promoting a user to SUPER_ADMIN. */
  'users.update': grantingSuperAdmin,
  /** Inviting a SUPER_ADMIN, one at a time or from a file. */
  'invitations.create': grantingSuperAdmin,
  'invitations.importApply': (input, role) => {
    const rows = field(input, 'rows')
    return (
      isSuperAdmin(role) && Array.isArray(rows) && rows.some((row) => roleFromText(String(field(row, 'role') ?? '')) === Role.SUPER_ADMIN)
    )
  },
  /** Resetting someone's second factor (an ADMIN in their organisation, a SUPER_ADMIN in any): lets a password alone in. */
  'users.resetSecondFactor': (_input, role) => managesUsers(role),
  /** A backup holds every tenant's data. */
  'backups.start': bySuperAdmin,
  /** Where every tenant's mail (invitation and reset links) goes. */
  'settings.saveEmail': bySuperAdmin,
  'settings.clearEmail': bySuperAdmin,
  /** Letting an organisation's users in with a password alone again (requiring a factor needs no proof). */
  'organisations.setSecondFactorRequired': (input, role) => managesUsers(role) && field(input, 'required') === false,
  /** Letting SUPER_ADMINs in with a password alone (turning the rule on needs no proof). */
  'settings.setSuperAdminSecondFactor': (input, role) => isSuperAdmin(role) && field(input, 'required') === false,
}

/** Whether this call of `operation` (dot-joined path) needs a recently proven factor. */
export function needsStepUp(operation: string, input: unknown, role: Role): boolean {
  const rule = STEP_UP_OPERATIONS[operation]
  return rule !== undefined && rule(input, role)
}

/** Whether a factor proven at `provenAt` still counts at `now`. */
export function stepUpFresh(provenAt: Date | null | undefined, now: Date): boolean {
  if (!provenAt) return false
  const age = now.getTime() - provenAt.getTime()
  return age >= 0 && age < STEP_UP_WINDOW_MS
}

export const STEP_UP_MESSAGE =
  'This action needs you to confirm it is you: enter a code from your authenticator app (or your password if you have none set up), then it runs.'
