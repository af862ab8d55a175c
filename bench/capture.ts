import type Database from 'better-sqlite3'

type Method = 'all' | 'get' | 'run' | 'iterate'

/** One statement a call ran: its SQL, bound values and how it read the result. */
export interface CapturedStatement {
  sql: string
  args: unknown[]
  method: Method
  raw: boolean
}

/**
 * Runs `fn` with the connection's `prepare` watched, and returns every statement it ran in order
 * (drizzle prepares each query on the connection, then runs it with `all`/`get`/`run`, raw or not).
 */
export function captureStatements(sqlite: Database.Database, fn: () => unknown): CapturedStatement[] {
  const captured: CapturedStatement[] = []
  const prepare = sqlite.prepare.bind(sqlite)
  const watched = (source: string) => {
    const stmt = prepare(source)
    const wrap = stmt as unknown as Record<string, unknown>
    let raw = false
    const toggle = stmt.raw.bind(stmt)
    wrap.raw = (on?: boolean) => {
      raw = on !== false
      if (on === undefined) toggle()
      else toggle(on)
      return stmt
    }
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const original = (stmt[method] as (...args: unknown[]) => unknown).bind(stmt)
      wrap[method] = (...args: unknown[]) => {
        captured.push({ sql: source, args: structuredClone(args), method, raw })
        return original(...args)
      }
    }
    return stmt
  }
  ;(sqlite as unknown as { prepare: unknown }).prepare = watched
  try {
    const result = fn()
    if (result instanceof Promise) throw new Error('captureStatements takes synchronous calls only')
  } finally {
    delete (sqlite as unknown as { prepare?: unknown }).prepare
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
