import type { Me } from '../../shared/contract'

/**
 * Who is calling, resolved from the session; the only source of tenant scope. Below both auth
 * (which resolves it) and audit (which records it), so neither imports the other for it.
 */
export interface Actor {
  sessionId: string
  userId: string
  role: Me['user']['role']
  homeTenantId: string
  actingTenantId: string
  /**
   * Whether the home tenant is the Admin Tenant (its members see and may switch into every tenant), and
   * whether the acting one is: read with the session, so that a screen scoped by them waits for no
   * lookup of its own. A change to either organisation forgets the cached sessions at home or acting in
   * it (auth.repository.ts), so they are as fresh as the session. Writes that grant a role by them read
   * the organisation again inside their transaction.
   */
  homeIsAdminTenant: boolean
  actingIsAdminTenant: boolean
}

/**
 * The same caller acting in another tenant (a bulk action's row, in the row's tenant). There is one
 * Admin Tenant (a unique index): when it is the caller's home, no other tenant is it; anyone else acts
 * in their home only.
 */
export function actingIn(actor: Actor, tenantId: string): Actor {
  const actingIsAdminTenant =
    tenantId === actor.actingTenantId ? actor.actingIsAdminTenant : tenantId === actor.homeTenantId && actor.homeIsAdminTenant
  return { ...actor, actingTenantId: tenantId, actingIsAdminTenant }
}

/** Who acted and where: from the session, or the user a link or first run acts for; null for the CLI. */
export interface AuditWho {
  actorUserId: string | null
  homeTenantId: string | null
  actingTenantId: string | null
}

/** A user acting for themselves in their home tenant (sign-in, a reset link, a second factor). */
export const asThemselves = (user: { id: string; tenantId: string }): AuditWho => ({
  actorUserId: user.id,
  homeTenantId: user.tenantId,
  actingTenantId: user.tenantId,
})
