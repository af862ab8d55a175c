import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
import * as repo from './throttle.repository'

export interface ThrottlePolicy {
  /** Failures allowed before any wait: the next failure (the 5th) starts the backoff. */
  freeFailures: number
  /** The wait after the first counted failure; it doubles with each further failure… */
  firstDelayMs: number
  /** …up to this. */
  maxDelayMs: number
  /** A key without a failure for this long is forgotten. */
  forgetAfterMs: number
  /** At most this many keys are kept; beyond it the longest-idle are dropped. */
  maxKeys: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 4,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 24 * 60 * 60 * 1000,
  maxKeys: 10_000,
}

/** The one message for every throttled attempt: the same whether or not the account exists. */
export const throttledMessage = (seconds: number) => `Too many failed attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`

/** Key for sign-in attempts: the email as typed, trimmed and lower-cased (unknown emails alike). */
export const signInKey = (email: string) => `sign-in:${email.trim().toLowerCase()}`

/**
 * Key for second-factor checks of one user: codes and recovery codes at sign-in, and the code or
 * password the account page asks for. Per user, since whoever tries already knows the password.
 */
export const secondFactorKey = (userId: string) => `second-factor:${userId}`

/**
 * Key for link attempts (inspecting or using an invitation or reset link). An attacker guessing
 * links chooses the token (new with every guess) and can drop cookies, so neither is a key; what
 * they do not choose is where they connect from: the caller as the host tells it (one key per
 * desktop or browser-shell process, which only its own machine can reach; an address for a
 * network host).
 */
export const linkKey = (client: string) => `link:${client}`

/**
 * Exponential backoff per key, stored so that it survives a restart: after `freeFailures`
 * failures each further one blocks the key for firstDelay·2ⁿ (capped). One key never affects
 * another. Counters are security bookkeeping, not user data, so they are written without audit rows.
 */
export function createThrottle(engine: Engine, clock: Clock, policy: ThrottlePolicy = DEFAULT_THROTTLE) {
  function delayAfter(failures: number): number {
    const counted = failures - policy.freeFailures
    if (counted <= 0) return 0
    return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(counted - 1, 40))
  }

  async function refuseIfBlocked(conn: Conn, key: string, now: Date): Promise<void> {
    const row = await repo.findThrottle(conn, key)
    const waitMs = row ? row.blockedUntil.getTime() - now.getTime() : 0
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000)
      throw new AppError(ErrorCode.UNAUTHENTICATED, throttledMessage(seconds), undefined, {
        reason: ErrorReason.THROTTLED,
        retryAfterSeconds: seconds,
      })
    }
  }

  async function fail(conn: Conn, key: string, now: Date): Promise<void> {
    const row = await repo.findThrottle(conn, key)
    const idle = !row || now.getTime() - row.lastFailureAt.getTime() >= policy.forgetAfterMs
    const failures = idle ? 1 : row.failures + 1
    if (!row) {
      // A new key is where a flood of made-up emails would grow the table: bound it here.
      await repo.pruneIdle(conn, new Date(now.getTime() - policy.forgetAfterMs))
      const excess = (await repo.countThrottles(conn)) + 1 - policy.maxKeys
      if (excess > 0) await repo.dropOldest(conn, excess)
    }
    await repo.saveThrottle(conn, { key, failures, blockedUntil: new Date(now.getTime() + delayAfter(failures)), lastFailureAt: now })
  }

  return {
    /**
     * Refuses a blocked key, else counts this attempt as a failure before it is checked, so that
     * concurrent attempts cannot all slip through while the first is still being verified.
     * Call `succeeded` when it turns out right.
     */
    async begin(key: string): Promise<void> {
      await engine.transaction(
        async (conn) => {
          const now = clock.now()
          await refuseIfBlocked(conn, key, now)
          await fail(conn, key, now)
        },
        { immediate: true },
      )
    },

    async succeeded(key: string): Promise<void> {
      await engine.transaction((conn) => repo.clearThrottle(conn, key))
    },

    /** Runs a check under the key: refused while blocked, and a failure (an AppError) counts. */
    async guard<T>(key: string, run: () => T | Promise<T>): Promise<T> {
      await engine.read((conn) => refuseIfBlocked(conn, key, clock.now()))
      try {
        return await run()
      } catch (error) {
        if (error instanceof AppError) await engine.transaction((conn) => fail(conn, key, clock.now()), { immediate: true })
        throw error
      }
    },
  }
}

export type Throttle = ReturnType<typeof createThrottle>
