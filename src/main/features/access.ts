import { mayHandle } from '../../shared/access'
import type { Role } from '../../shared/contract'
import { AppError, ErrorCode } from '../../shared/errors'
import type { Actor } from './actor'

/** See `mayHandle`: refuses an action on a SUPER_ADMIN account or invitation by anyone else. */
export function requireMayHandle(actor: Actor, targetRole: Role, what: string): void {
  if (!mayHandle(actor.role, targetRole)) {
    throw new AppError(ErrorCode.FORBIDDEN, `Only a SUPER_ADMIN can ${what}.`)
  }
}

/** Refuses a caller outside one of the role sets of src/shared/access.ts. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new AppError(ErrorCode.FORBIDDEN, `Your role (${actor.role}) cannot ${what}.`)
}

export function notFound(what: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `${what} was not found in this organisation.`)
}
