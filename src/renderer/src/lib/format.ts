import { Role } from '../../../shared/contract/constants'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDateTime(value: Date | null | undefined, never = 'Never'): string {
  return value ? dateTime.format(value) : never
}

/** How the admin guide writes a role: SUPER_ADMIN → "SUPER ADMIN". */
export function roleLabel(role: Role): string {
  return role.replace('_', ' ')
}

/** Select options for roles, in the order given. */
export function roleOptions(roles: readonly Role[]): { value: Role; label: string }[] {
  return roles.map((role) => ({ value: role, label: roleLabel(role) }))
}

/** Every role, for filters and for showing a role this admin could not grant. */
export const ALL_ROLE_OPTIONS = roleOptions(Object.values(Role))

export const SUPER_ADMIN_ONLY = 'Only a SUPER_ADMIN can change, reset or re-invite a SUPER_ADMIN.'
