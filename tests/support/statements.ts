import type Database from 'better-sqlite3'

type Method = 'all' | 'get' | 'run' | 'iterate'

/** One statement a call ran: its SQL, bound values and how it read the result. */
export interface CapturedStatement {
  sql: string
  args: unknown[]
  method: Method
  raw: boolean
}

type StatementProto = Record<Method | 'raw', (...args: unknown[]) => unknown>

/**
 * Runs `fn` with every statement of the connection watched, and returns each one it ran in order
 * (the bench replays them as raw SQL; tests count them).
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
