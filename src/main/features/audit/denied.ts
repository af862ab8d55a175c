import type { Clock } from '../../clock'
import type { Engine } from '../../db/engine'
import type { Actor, AuditWho } from '../actor'
import { countDeniedSince } from './audit.repository'
import { recordRefusal } from './mutation'

/** Denied rows kept per actor per clock minute; then one summary row, then none until the next minute. */
export const DENIED_PER_MINUTE = 20
export const DENIED_SUPPRESSED = 'audit.denied-suppressed'
const MINUTE_MS = 60_000

/** `users.sendPasswordReset` → `users.send-password-reset`, the form audit actions take. */
export const auditAction = (operation: string) => operation.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** What a refused call acted on: the ids in its input (never other fields, which may carry text or secrets). */
export function deniedTarget(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null
  const ids = Object.entries(input)
    .filter(([key, value]) => /^id$|Id$/.test(key) && typeof value === 'string')
    .slice(0, 4)
    // Input is parsed before any check can refuse it, but bound what is stored regardless.
    .map(([key, value]) => `${key.slice(0, 40)}=${(value as string).slice(0, 80)}`)
  return ids.length ? ids.join(' ') : null
}

/**
 * Records refusals: FORBIDDEN answers (from the RPC layer, the one place every operation passes)
 * and failed sign-ins. A flood must not grow the log without limit: at most DENIED_PER_MINUTE rows
 * per actor in a clock minute (failed sign-ins for unknown emails share one bucket, the null
 * actor), then one row saying the rest of that minute is not recorded, then silence.
 */
export function createDeniedRecorder(engine: Engine, clock: Clock, perMinute = DENIED_PER_MINUTE) {
  return {
    async record(who: Actor | AuditWho | null, action: string, target: string | null): Promise<void> {
      const actorUserId = !who ? null : 'userId' in who ? who.userId : who.actorUserId
      const now = clock.now().getTime()
      const windowStart = now - (now % MINUTE_MS)
      // Immediate: two refusals counted at once must not both see room for one more row.
      await engine.transaction(
        async (conn) => {
          const recorded = await countDeniedSince(conn, actorUserId, new Date(windowStart))
          if (recorded < perMinute) await recordRefusal(engine, clock, who, action, target)
          else if (recorded === perMinute) {
            const until = new Date(windowStart + MINUTE_MS).toISOString()
            await recordRefusal(engine, clock, who, DENIED_SUPPRESSED, `further refusals until ${until} are not recorded`)
          }
        },
        { immediate: true },
      )
    },
  }
}

export type DeniedRecorder = ReturnType<typeof createDeniedRecorder>
