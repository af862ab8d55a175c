import type { Actor } from '../features/auth/auth.service'
import type { Services } from '../services'

/**
 * Where a host keeps the caller's session token: a cookie in the browser shell, a slot
 * per window in Electron. The token never reaches renderer code.
 */
export interface SessionSlot {
  get(): string | null
  set(token: string | null): void
}

export interface RpcContext {
  services: Services
  session: SessionSlot
}

export interface AuthedContext extends RpcContext {
  actor: Actor
}
