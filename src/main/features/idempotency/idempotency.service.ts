import { createHash } from 'node:crypto'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import * as repo from './idempotency.repository'

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** Answers larger than this are not kept (no mutation answers anything near it). */
const MAX_RECORDED_BYTES = 256 * 1024

export const KEY_REUSED = 'This idempotency key was already used for a different request. Use a new key for a new request.'
export const KEY_RUNNING = 'A request with this idempotency key is still running. Wait for its answer before retrying.'

/** An idempotency key: up to 200 visible ASCII characters (a UUID, typically). */
export const isIdempotencyKey = (key: string) => /^[\x21-\x7e]{1,200}$/.test(key)

export const bodyHash = (body: string) => createHash('sha256').update(body).digest('hex')

export type IdempotentStart =
  | { replay: { status: number; body: string } }
  | {
      /** Keeps a successful answer for retries; anything else is forgotten so that a retry runs again. */
      finish(status: number, body: string): void
    }

/**
 * Makes retried mutations safe: the first request with a key runs and its successful answer is
 * kept; the same key again from the same user for the same call gets that answer without running
 * it again. A different call under a used key is refused (VALIDATION), a retry racing the first
 * request too (CONFLICT). Only successes are kept: a failed mutation changed nothing, so its retry may run.
 */
export function createIdempotencyService(db: Db, clock: Clock) {
  // Keys whose first request runs in this process; a "running" row without one here was left by a
  // process that stopped mid-request, and is taken over.
  const running = new Set<string>()
  const id = (userId: string, key: string) => `${userId}\u0000${key}`

  return {
    begin(userId: string, key: string, path: string, hash: string): IdempotentStart {
      if (!isIdempotencyKey(key)) throw new AppError(ErrorCode.VALIDATION, 'An idempotency key is 1 to 200 visible ASCII characters.')
      const now = clock.now()
      const started = db.transaction(
        (tx) => {
          repo.pruneBefore(tx, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
          const row = repo.findKey(tx, userId, key)
          if (row) {
            if (row.path !== path || row.bodyHash !== hash) throw new AppError(ErrorCode.VALIDATION, KEY_REUSED)
            if (row.status !== null && row.body !== null) return { replay: { status: row.status, body: row.body } }
            if (running.has(id(userId, key)))
              throw new AppError(ErrorCode.CONFLICT, KEY_RUNNING, undefined, { reason: ErrorReason.STILL_RUNNING })
          }
          repo.saveRunning(tx, { userId, key, path, bodyHash: hash, createdAt: now })
          return null
        },
        { behavior: 'immediate' },
      )
      if (started) return started
      running.add(id(userId, key))
      return {
        finish(status, body) {
          running.delete(id(userId, key))
          if (status >= 200 && status < 300 && Buffer.byteLength(body) <= MAX_RECORDED_BYTES) repo.saveAnswer(db, userId, key, status, body)
          else repo.deleteKey(db, userId, key)
        },
      }
    },
  }
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>
