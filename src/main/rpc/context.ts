import type { Actor } from '../features/auth/auth.service'

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
  resolveActor(token: string | null): Promise<Actor | null>
  /** Whether the actor's session proved a factor within the step-up window (shared/step-up.ts). */
  stepUpFresh(actor: Actor): Promise<boolean>
  /** Whether the actor's session is limited to enrolment (their organisation requires a second factor they lack). */
  enrolmentOnly(actor: Actor): Promise<boolean>
  /** Records a FORBIDDEN answer to the actor as a (bounded) `denied` audit row. */
  recordDenied(actor: Actor, operation: string, input: unknown): Promise<void>
}
