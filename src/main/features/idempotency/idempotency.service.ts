import { createHmac } from 'node:crypto'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import * as repo from './idempotency.repository'
import type { IdempotentCall } from './idempotency.repository'

export type { IdempotentCall }

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** Answers larger than this are not kept (no mutation answers anything near it). */
const MAX_RECORDED_BYTES = 256 * 1024

export const KEY_REUSED = 'This idempotency key was already used for a different request. Use a new key for a new request.'
export const KEY_RUNNING = 'A request with this idempotency key is still running. Wait for its answer before retrying.'

/** An idempotency key: up to 200 visible ASCII characters (a UUID, typically). */
export const isIdempotencyKey = (key: string) => /^[\x21-\x7e]{1,200}$/.test(key)

export type IdempotentStart =
  | { replay: { status: number; body: string } }
  | {
      /** Keeps a successful answer for retries; anything else is forgotten so that a retry runs again. */
      finish(status: number, body: string): void
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
export function createIdempotencyService(db: Db, clock: Clock, fingerprintKey: () => Buffer) {
  // Calls whose first request runs in this process; a "running" row without one here was left by a
  // process that stopped mid-request, and is taken over.
  const running = new Set<string>()
  const id = (call: IdempotentCall) => JSON.stringify([call.userId, call.tenantId, call.path, call.key])
  const fingerprint = (body: string) => createHmac('sha256', fingerprintKey()).update(body).digest('base64url')

  return {
    /** Starts a mutation sent with a key; `body` is its request body as received. */
    begin(call: IdempotentCall, body: string): IdempotentStart {
      if (!isIdempotencyKey(call.key)) throw new AppError(ErrorCode.VALIDATION, 'An idempotency key is 1 to 200 visible ASCII characters.')
      const now = clock.now()
      const print = fingerprint(body)
      const started = db.transaction(
        (tx) => {
          repo.pruneBefore(tx, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
          const row = repo.findCall(tx, call)
          if (row) {
            if (row.fingerprint !== print) throw new AppError(ErrorCode.VALIDATION, KEY_REUSED)
            if (row.status !== null && row.body !== null) return { replay: { status: row.status, body: row.body } }
            if (running.has(id(call))) throw new AppError(ErrorCode.CONFLICT, KEY_RUNNING, undefined, { reason: ErrorReason.STILL_RUNNING })
          }
          repo.saveRunning(tx, { ...call, fingerprint: print, createdAt: now })
          return null
        },
        { behavior: 'immediate' },
      )
      if (started) return started
      running.add(id(call))
      return {
        finish(status, answer) {
          running.delete(id(call))
          if (status >= 200 && status < 300 && Buffer.byteLength(answer) <= MAX_RECORDED_BYTES) repo.saveAnswer(db, call, status, answer)
          else repo.deleteCall(db, call)
        },
      }
    },
  }
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>
