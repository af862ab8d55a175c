import { AsyncLocalStorage } from 'node:async_hooks'
import { AppError, ErrorCode } from '../../shared/errors'
import { Dialect, type Conn, type DrizzleDb, type Engine, type Tables } from './engine'
import type { PgDb, PgStore } from './pg-store'
import * as schema from './schema.pg'

/** The transaction-level advisory lock that `immediate` transactions take first, in every process. */
export const IMMEDIATE_LOCK = 0x5357_4244_0019

/** serialization_failure and deadlock_detected: the transaction is rerun from the start. */
const RETRIED = new Set(['40001', '40P01'])
const ATTEMPTS = 5

/** Socket errors, a pool that cannot connect, the server's "terminating connection" and "cannot connect now" classes. */
const LOST = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
])

/** A failure and its causes, through drizzle's wrapper ("Failed query: …", the driver's error as cause). */
function* causes(error: unknown): Generator<{ code?: unknown; message?: unknown; cause?: unknown }> {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, i = 0;
    e && typeof e === 'object' && i < 4;
    e = e.cause as typeof e, i++
  )
    yield e
}

/** The server's SQLSTATE (or the socket's code) behind a failure. */
export function pgCode(error: unknown): string | undefined {
  for (const e of causes(error)) if (typeof e.code === 'string') return e.code
  return undefined
}

const lostConnection = (error: unknown) =>
  LOST.has(pgCode(error) ?? '') ||
  [...causes(error)].some((e) => /Connection terminated|timeout exceeded when trying to connect/i.test(String(e.message)))

/** A lost database is a typed UNAVAILABLE for the caller, never a raw driver error. */
function unavailable(error: unknown): unknown {
  if (error instanceof AppError || !lostConnection(error)) return error
  return new AppError(ErrorCode.UNAVAILABLE, 'The instance cannot reach its database right now. Try again in a moment.')
}

/**
 * The PostgreSQL engine: a pool shared by every request of this process. Transactions run on one
 * pooled connection at READ COMMITTED; those that must not race (`immediate`) take one advisory
 * lock first, as SQLite's BEGIN IMMEDIATE takes its write lock.
 */
export function pgEngine(store: Pick<PgStore, 'db'>): Engine {
  const t = schema as unknown as Tables
  const conn = (db: PgDb): Conn => ({ db: db as unknown as DrizzleDb, t, dialect: Dialect.PG })
  const base = conn(store.db)
  const inside = new AsyncLocalStorage<{ engine: Engine; tx: PgDb }>()

  const engine: Engine = {
    dialect: Dialect.PG,
    async read(fn) {
      const at = inside.getStore()
      try {
        return await fn(at?.engine === engine ? conn(at.tx) : base)
      } catch (error) {
        throw unavailable(error)
      }
    },
    async transaction(fn, options = {}) {
      const at = inside.getStore()
      const outer = at?.engine === engine ? at.tx : store.db
      for (let attempt = 1; ; attempt++) {
        try {
          return await outer.transaction(async (tx) => {
            if (options.immediate && !at) await tx.execute(`select pg_advisory_xact_lock(${IMMEDIATE_LOCK})`)
            return inside.run({ engine, tx: tx as unknown as PgDb }, () => fn(conn(tx as unknown as PgDb)))
          })
        } catch (error) {
          // A savepoint's failure is its outer transaction's to retry.
          if (!at && attempt < ATTEMPTS && RETRIED.has(pgCode(error) ?? '')) continue
          throw unavailable(error)
        }
      }
    },
    close: async () => undefined,
  }
  return engine
}
