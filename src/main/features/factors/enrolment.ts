import { isSuperAdmin } from '../../../shared/access'
import { EnrolmentReason, type Role } from '../../../shared/contract'

/**
 * What decides whether a user's sessions are limited to enrolment (issue 25), as read in one go with
 * the session (auth.repository.ts) or on their own (factors.repository.ts): every input of the rule.
 */
export interface EnrolmentFacts {
  role: Role
  /** Their home organisation requires a second factor. */
  organisationRequires: boolean
  /** The stored instance setting: every SUPER_ADMIN needs one (no row: no). */
  superAdminsRequired: boolean
  /** An administrator reset their factor and they have not set one up since. */
  pendingReset: boolean
  /** A confirmed authenticator app or at least one passkey. */
  hasFactor: boolean
}

/**
 * Why the user must have a second factor while they have none, or null. Their organisation may
 * require it; the instance requires it of a SUPER_ADMIN (`superAdminRule`: the environment's
 * override, else the stored setting); an administrator's reset requires it until they set one up.
 */
export function enrolmentReasonOf(facts: EnrolmentFacts, superAdminRule: boolean | undefined): EnrolmentReason | null {
  if (facts.hasFactor) return null
  if (facts.organisationRequires) return EnrolmentReason.ORGANISATION
  if (isSuperAdmin(facts.role) && (superAdminRule ?? facts.superAdminsRequired)) return EnrolmentReason.SUPER_ADMINS
  return facts.pendingReset ? EnrolmentReason.RESET : null
}
