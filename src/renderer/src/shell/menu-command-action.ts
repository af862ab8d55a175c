import { MenuCommand } from '../../../shared/ipc'

/** The part of Me the menu commands need. */
export interface MenuCommandSession {
  homeTenant: { id: string }
  actingTenant: { id: string }
}

export type MenuCommandAction = { kind: 'toggle-color-scheme' } | { kind: 'switch-tenant'; tenantId: string } | null

/**
 * What the console does for a native-menu command it handles here (Switch Tenant… is the
 * tenant switcher's own). Return to Home Tenant does nothing when signed out or already home.
 */
export function menuCommandAction(command: MenuCommand, session: MenuCommandSession | null | undefined): MenuCommandAction {
  if (command === MenuCommand.TOGGLE_COLOR_SCHEME) return { kind: 'toggle-color-scheme' }
  if (command === MenuCommand.RETURN_HOME_TENANT && session && session.actingTenant.id !== session.homeTenant.id) {
    return { kind: 'switch-tenant', tenantId: session.homeTenant.id }
  }
  return null
}
