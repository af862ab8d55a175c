import { mayHandle } from '../../shared/access'
import { Role } from '../../shared/contract'
import { AppError, ErrorCode } from '../../shared/errors'
import type { AuditEntry } from './audit/audit.repository'
import type { Actor } from './auth/auth.service'

/** Roles that manage users and invitations of the acting tenant. */
export const USER_MANAGERS: readonly Role[] = [Role.SUPER_ADMIN, Role.ADMIN]

/** See `mayHandle`: refuses an action on a SUPER_ADMIN account or invitation by anyone else. */
export function requireMayHandle(actor: Actor, targetRole: Role, what: string): void {
  if (!mayHandle(actor.role, targetRole)) {
    throw new AppError(ErrorCode.FORBIDDEN, `Only a SUPER_ADMIN can ${what}.`)
  }
}

export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new AppError(ErrorCode.FORBIDDEN, `Your role (${actor.role}) cannot ${what}.`)
}

/** The who-and-where part of an audit row, from the session. */
export function auditActor(actor: Actor): Pick<AuditEntry, 'actorUserId' | 'homeTenantId' | 'actingTenantId'> {
  return { actorUserId: actor.userId, homeTenantId: actor.homeTenantId, actingTenantId: actor.actingTenantId }
}

export function notFound(what: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `${what} was not found in this organisation.`)
}
