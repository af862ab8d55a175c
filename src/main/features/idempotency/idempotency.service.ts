import { createHmac } from 'node:crypto'
import { IDEMPOTENCY_KEY_PATTERN } from '../../../shared/contract/common'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Engine } from '../../db/engine'
import * as repo from './idempotency.repository'
import type { IdempotentCall } from './idempotency.repository'

export type { IdempotentCall }

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/**
 * How long a call without an answer counts as running. Longer than any request runs (statements
 * time out after 5 s); past it, the process that started the call is taken to have died mid-request
 * and a retry takes the call over. Kept in the row (its created_at), as every instance process
 * must agree on it and any of them may be killed.
 */
export const IDEMPOTENCY_LEASE_MS = 2 * 60 * 1000
/** Answers larger than this are not kept (no mutation answers anything near it). */
const MAX_RECORDED_BYTES = 256 * 1024

export const KEY_REUSED = 'This idempotency key was already used for a different request. Use a new key for a new request.'
export const KEY_RUNNING = 'A request with this idempotency key is still running. Wait for its answer before retrying.'

/** An idempotency key: up to 200 visible ASCII characters (a UUID, typically). */
export const isIdempotencyKey = (key: string) => IDEMPOTENCY_KEY_PATTERN.test(key)

export type IdempotentStart =
  | { replay: { status: number; body: string } }
  | {
      /** Keeps a successful answer for retries; anything else is forgotten so that a retry runs again. */
      finish(status: number, body: string): Promise<void>
    }

/**
 * Makes retried mutations safe: the first request of a call (user, acting tenant, operation, key)
 * runs and its successful answer is kept; the same call again gets that answer without running
 * it again. The same key after a tenant switch is another call, which runs in the new tenant: an
 * answer never crosses tenants. The same call with another body is refused (VALIDATION), a retry
 * racing the first request too (CONFLICT). Only successes are kept: a failed mutation changed
 * nothing, so its retry may run. Bodies are compared by an HMAC under `fingerprintKey` (kept
 * outside the database), since a body may carry a secret.
 */
export function createIdempotencyService(engine: Engine, clock: Clock, fingerprintKey: () => Buffer) {
  const fingerprint = (body: string) => createHmac('sha256', fingerprintKey()).update(body).digest('base64url')

  return {
    /** Starts a mutation sent with a key; `body` is its request body as received. */
    async begin(call: IdempotentCall, body: string): Promise<IdempotentStart> {
      if (!isIdempotencyKey(call.key)) throw new AppError(ErrorCode.VALIDATION, 'An idempotency key is 1 to 200 visible ASCII characters.')
      const now = clock.now()
      const print = fingerprint(body)
      const started = await engine.transaction(
        async (conn): Promise<IdempotentStart | null> => {
          await repo.pruneBefore(conn, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
          const row = await repo.findCall(conn, call)
          if (row) {
            if (row.fingerprint !== print) throw new AppError(ErrorCode.VALIDATION, KEY_REUSED)
            if (row.status !== null && row.body !== null) return { replay: { status: row.status, body: row.body } }
            // Without an answer and within its lease, the first request is still running (in any process).
            if (now.getTime() - row.createdAt.getTime() < IDEMPOTENCY_LEASE_MS) {
              throw new AppError(ErrorCode.CONFLICT, KEY_RUNNING, undefined, { reason: ErrorReason.STILL_RUNNING })
            }
          }
          await repo.saveRunning(conn, { ...call, fingerprint: print, createdAt: now })
          return null
        },
        { immediate: true },
      )
      if (started) return started
      return {
        async finish(status, answer) {
          const keep = status >= 200 && status < 300 && Buffer.byteLength(answer) <= MAX_RECORDED_BYTES
          await engine.transaction((conn) => (keep ? repo.saveAnswer(conn, call, now, status, answer) : repo.deleteCall(conn, call, now)))
        },
      }
    },
  }
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>
