import type Database from 'better-sqlite3'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type * as schema from './schema'

/**
 * The seam between services and the two engines (issue 19). Services are asynchronous and never
 * know the engine: they open transactions through `Engine.transaction` and read through
 * `Engine.read`, and hand the `Conn` they get to repositories. Repositories write what both
 * dialects share once, as awaited drizzle queries; what really differs sits in `*.sqlite.ts` /
 * `*.pg.ts` siblings that branch on `conn.dialect`.
 */

export const Dialect = { SQLITE: 'sqlite', PG: 'pg' } as const
export type Dialect = (typeof Dialect)[keyof typeof Dialect]

/**
 * Drizzle over either engine, typed as the SQLite one. Shared repository code only awaits its
 * queries (never `.get()`, `.all()`, `.run()` or `db.all(sql)`, which only better-sqlite3 has):
 * an awaited select, insert, update or delete runs the same on both. schema-parity.test.ts keeps
 * the PostgreSQL tables the same as the SQLite ones, which is what makes the shared type honest.
 */
export type DrizzleDb = BetterSQLite3Database<typeof schema>
export type Tables = typeof schema

/** What a repository function receives: one engine's connection (or transaction) and its tables. */
export interface Conn {
  readonly db: DrizzleDb
  readonly t: Tables
  readonly dialect: Dialect
}

export interface TransactionOptions {
  /**
   * Serialise this transaction with every other `immediate` one from its start: for checks that
   * race (uniqueness, the last of a kind). SQLite: BEGIN IMMEDIATE. PostgreSQL: a transaction-level
   * advisory lock taken first, held by every process to the same number.
   */
  immediate?: boolean
}

export interface Engine {
  readonly dialect: Dialect
  /** Reads outside a transaction (or inside the one this async call is already running in). */
  read<T>(fn: (conn: Conn) => Promise<T>): Promise<T>
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Called
   * inside another transaction of the same engine it joins it as a savepoint. On PostgreSQL a
   * serialisation failure or deadlock reruns `fn` from the start; keep side effects out of it.
   */
  transaction<T>(fn: (conn: Conn) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** The SQLite connection, on the SQLite engine only: for what only SQLite does (VACUUM INTO backups, bulk loads). */
  readonly sqlite?: Database.Database
  /** Waits for what is running; the store itself is closed by its owner. */
  close(): Promise<void>
}

/** The first row of a query, or undefined: what `.get()` gave on SQLite alone. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0]
}

/** How many rows an awaited insert, update or delete changed, on either engine. */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null }
  return r.changes ?? r.rowCount ?? 0
}
