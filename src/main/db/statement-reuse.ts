import type Database from 'better-sqlite3'

/** How many statements a connection keeps; past it the oldest go (lists of ids give one text per length). */
const KEPT = 500

/**
 * drizzle compiles (sqlite3_prepare) every statement it runs, on every call: a tenth of a list's
 * time went there. This gives its session a client that keeps the compiled statements by SQL text.
 * Only drizzle's own queries go through it; code that prepares on the connection itself (and may set
 * a statement's modes, as `pluck`) is untouched. drizzle sets raw mode per execution where it reads
 * arrays and leaves it set, so a kept statement is handed back with raw mode off, as a fresh one is.
 * SQLite recompiles a kept statement by itself when the schema changed.
 */
export function reuseStatements(db: object): void {
  const session = (db as unknown as { session: { client: Database.Database } }).session
  const client = session.client
  const kept = new Map<string, Database.Statement>()
  session.client = {
    prepare(source: string) {
      let statement = kept.get(source)
      if (statement) {
        if (statement.reader) statement.raw(false)
        return statement
      }
      statement = client.prepare(source)
      if (kept.size >= KEPT) kept.delete(kept.keys().next().value!)
      kept.set(source, statement)
      return statement
    },
    transaction: client.transaction.bind(client),
  } as unknown as Database.Database
}
