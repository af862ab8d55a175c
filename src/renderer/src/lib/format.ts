const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDateTime(value: Date | null | undefined, never = 'Never'): string {
  return value ? dateTime.format(value) : never
}

export function roleLabel(role: string): string {
  return role.replace('_', ' ')
}

export const ROLE_OPTIONS = [
  { value: 'SUPER_ADMIN', label: 'SUPER ADMIN' },
  { value: 'ADMIN', label: 'ADMIN' },
  { value: 'AGENT', label: 'AGENT' },
  { value: 'READ_ONLY', label: 'READ ONLY' },
]

/** Roles a user may hand out: SUPER_ADMIN only by a SUPER_ADMIN inside the Admin Tenant. */
export function grantableRoles(me: { user: { role: string }; actingTenant: { isAdminTenant: boolean } }) {
  const canGrantSuper = me.user.role === 'SUPER_ADMIN' && me.actingTenant.isAdminTenant
  return ROLE_OPTIONS.filter((o) => o.value !== 'SUPER_ADMIN' || canGrantSuper)
}

export const SUPER_ADMIN_ONLY = 'Only a SUPER_ADMIN can change, reset or re-invite a SUPER_ADMIN.'

export function canManageUsers(role: string): boolean {
  return role === 'SUPER_ADMIN' || role === 'ADMIN'
}
