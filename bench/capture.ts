import type Database from 'better-sqlite3'

type Method = 'all' | 'get' | 'run' | 'iterate'

/** One statement a call ran: its SQL, bound values and how it read the result. */
export interface CapturedStatement {
  sql: string
  args: unknown[]
  method: Method
  raw: boolean
}

/** The raw SQL of one service call, ready to be run again on its own: what the call costs at least. */
export interface Replay {
  statements: number
  run(): unknown
  /** Gives back what the replay holds (a pooled connection on PostgreSQL). */
  close(): void
}

/** Records the statements of one call and makes them a replay: one per engine (capture.pg.ts for PostgreSQL). */
export type Capturer = (call: () => Promise<unknown>) => Promise<Replay>

type StatementProto = Record<Method | 'raw', (...args: unknown[]) => unknown>

/**
 * Runs `fn` with every statement of the connection watched, and returns each one it ran in order.
 * The Statement prototype is watched, not `prepare`: hot queries are prepared once per connection,
 * before the call. Raw mode is known when the call sets it (drizzle does, per execution). The call is
 * awaited with the watch in place: nothing else runs statements in the bench meanwhile.
 */
export async function captureStatements(sqlite: Database.Database, fn: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const captured: CapturedStatement[] = []
  const proto = Object.getPrototypeOf(sqlite.prepare('select 1')) as StatementProto
  const originals: StatementProto = { all: proto.all, get: proto.get, run: proto.run, iterate: proto.iterate, raw: proto.raw }
  const rawMode = new WeakMap<object, boolean>()
  proto.raw = function (this: object, ...args: unknown[]) {
    rawMode.set(this, args[0] !== false)
    return originals.raw.apply(this, args)
  }
  for (const method of ['all', 'get', 'run', 'iterate'] as const) {
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === sqlite)
        captured.push({ sql: this.source, args: structuredClone(args), method, raw: rawMode.get(this) ?? false })
      return originals[method].apply(this, args)
    }
  }
  try {
    await fn()
  } finally {
    Object.assign(proto, originals)
  }
  return captured
}

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
