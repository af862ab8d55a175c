import type { Actor, ResolvedSession } from '../features/auth/auth.service'

/**
 * Where a host keeps the caller's session token: a cookie in the browser shell, a slot
 * per window in Electron. The token never reaches renderer code.
 */
export interface SessionSlot {
  get(): string | null
  set(token: string | null): void
}

/** What a host hands every call: the caller's session slot and how to resolve it to an actor. */
export interface RpcContext {
  session: SessionSlot
  /**
   * Who is calling, as the host can tell callers apart (link attempts are throttled per client):
   * one name per desktop or browser-shell process, which only its own machine reaches; a network
   * host would give the remote address.
   */
  client: string
  /** The live session behind the token (who it acts as, whether it is limited to enrolment), or null. */
  resolveSession(token: string | null): Promise<ResolvedSession | null>
  /** Whether the actor's session proved a factor within the step-up window (shared/step-up.ts). */
  stepUpFresh(actor: Actor): Promise<boolean>
  /** Records a FORBIDDEN answer to the actor as a (bounded) `denied` audit row. */
  recordDenied(actor: Actor, operation: string, input: unknown): Promise<void>
}
