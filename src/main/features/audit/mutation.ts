import type { Clock } from '../../clock'
import type { Conn, Engine, TransactionOptions } from '../../db/engine'
import type { Actor, AuditWho } from '../actor'
import { auditOriginOf, AuditResult, writeAudit } from './audit.repository'

/** What a mutation hands back: what it acted on (for the audit row, never a secret) and its result. */
interface Applied<T> {
  target: string
  value: T
}

/** The program and store the row comes from, as the composition root set them. */
function origin(engine: Engine) {
  const set = auditOriginOf(engine)
  return { appVersion: set?.appVersion ?? null, host: set?.host ?? null }
}

/** The audit row's who-and-where, from the session's actor (or given as is; null for the CLI). */
function auditWho(who: Actor | AuditWho | null): AuditWho {
  if (!who) return { actorUserId: null, homeTenantId: null, actingTenantId: null }
  if ('userId' in who) return { actorUserId: who.userId, homeTenantId: who.homeTenantId, actingTenantId: who.actingTenantId }
  return who
}

/**
 * The one way to change data: runs `apply` (checks as point queries, then writes) in a transaction
 * with its audit row, so both land or neither does. `apply` returns null when there is nothing to
 * change: then nothing is written, the audit row included. `immediate` takes the write lock before
 * the checks, for checks that race (uniqueness, last of a kind).
 */
export async function mutate<R extends Applied<unknown> | null>(
  engine: Engine,
  clock: Clock,
  who: Actor | AuditWho | null,
  action: string,
  apply: (conn: Conn) => Promise<R>,
  options: TransactionOptions = {},
): Promise<R extends Applied<infer T> ? T : undefined> {
  type Result = R extends Applied<infer T> ? T : undefined
  return engine.transaction(async (conn) => {
    const applied = await apply(conn)
    if (!applied) return undefined as Result
    await writeAudit(conn, clock, { ...auditWho(who), ...origin(engine), action, target: applied.target, result: AuditResult.OK })
    return applied.value as Result
  }, options)
}

/** Records a refused attempt (a wrong password, a switch out of one's tenant): a `denied` row, nothing else written. */
export function recordRefusal(
  engine: Engine,
  clock: Clock,
  who: Actor | AuditWho | null,
  action: string,
  target: string | null,
): Promise<void> {
  return recordAction(engine, clock, who, action, target, AuditResult.DENIED)
}

/**
 * Records an action that changes no table but must be on record — a test email, a backup, a
 * refusal — with how it ended. Data changes go through `mutate` instead.
 */
export function recordAction(
  engine: Engine,
  clock: Clock,
  who: Actor | AuditWho | null,
  action: string,
  target: string | null,
  result: AuditResult,
): Promise<void> {
  return engine.transaction((conn) => writeAudit(conn, clock, { ...auditWho(who), ...origin(engine), action, target, result }))
}
