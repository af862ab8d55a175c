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
