import { administersInstance, AUDIT_READERS, managesUsers } from '../../../shared/access'
import type { Me } from '../../../shared/contract'
import { Feature } from '../../../shared/features'

/**
 * Who may open a screen, from the rules in src/shared/access.ts. A route names one of these in its
 * `staticData.access`; the sidebar hides what the route guard would refuse, from that same entry.
 */
export const ScreenAccess = {
  userManagers: (me: Me) => managesUsers(me.user.role),
  instanceAdmins: (me: Me) => administersInstance(me.user.role),
  auditReaders: (me: Me) => AUDIT_READERS.includes(me.user.role),
  helpdesk: (me: Me) => me.features.includes(Feature.HELPDESK),
} as const

export type AccessRule = (me: Me) => boolean

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** Who may open this route and everything under it; absent = every signed-in user. */
    access?: AccessRule
  }
}

/** Whether `me` passes every access rule from the root down to a route. */
export function mayOpen(me: Me, rules: readonly (AccessRule | undefined)[]): boolean {
  return rules.every((rule) => !rule || rule(me))
}
