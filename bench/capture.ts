import type Database from 'better-sqlite3'
import { captureStatements, type CapturedStatement } from '../tests/support/statements'

/** The raw SQL of one service call, ready to be run again on its own: what the call costs at least. */
export interface Replay {
  statements: number
  run(): unknown
  /** Gives back what the replay holds (a pooled connection on PostgreSQL). */
  close(): void
}

/** Records the statements of one call and makes them a replay: one per engine (capture.pg.ts for PostgreSQL). */
export type Capturer = (call: () => Promise<unknown>) => Promise<Replay>

/** The same statements, prepared once on the same connection: the raw SQL a call costs at least. */
export function replayer(sqlite: Database.Database, statements: readonly CapturedStatement[]): () => void {
  const prepared = statements.map((s) => {
    const stmt = sqlite.prepare(s.sql)
    if (s.raw && stmt.reader) stmt.raw(true)
    return { stmt, s }
  })
  return () => {
    for (const { stmt, s } of prepared) {
      if (s.method === 'iterate') for (const _row of stmt.iterate(...s.args)) void _row
      else stmt[s.method](...s.args)
    }
  }
}

/** The SQLite capturer: statements prepared once and run synchronously on the store's connection. */
export function sqliteCapturer(sqlite: Database.Database): Capturer {
  return async (call) => {
    const statements = await captureStatements(sqlite, call)
    return { statements: statements.length, run: replayer(sqlite, statements), close: () => undefined }
  }
}
