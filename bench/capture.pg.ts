import pg from 'pg'
import type { Capturer } from './capture'

/** One statement as node-postgres was asked to run it: the query config drizzle built, and its values. */
interface PgStatement {
  config: pg.QueryConfig
  values: unknown[] | undefined
}

type QueryFn = (...args: unknown[]) => unknown

/**
 * Runs `call` with every query of every node-postgres client watched (the pool's `query` ends in a
 * client's, and transactions check a client out), and returns each one it ran in order, BEGIN and
 * COMMIT included. Nothing else queries the database in the bench meanwhile.
 */
async function captureQueries(call: () => Promise<unknown>): Promise<PgStatement[]> {
  const captured: PgStatement[] = []
  const proto = pg.Client.prototype as unknown as { query: QueryFn }
  const original = proto.query
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args
    // query(text, values?, callback?) or query(config, values?, callback?); drizzle uses the latter.
    const config: pg.QueryConfig = typeof first === 'string' ? { text: first } : { ...(first as pg.QueryConfig) }
    const values = Array.isArray(second) ? second : config.values
    delete config.values
    captured.push({ config, values: values && structuredClone(values) })
    return original.apply(this, args)
  }
  try {
    await call()
  } finally {
    proto.query = original
  }
  return captured
}

/**
 * The PostgreSQL capturer: the statements of one call, run again in order on one connection checked
 * out of the same pool for the case — unnamed, as drizzle sends them (so planned per execution as the
 * service's are), with drizzle's own row mode and type parsers, so the rows are read as the service
 * reads them.
 */
export function pgCapturer(pool: pg.Pool): Capturer {
  return async (call) => {
    const statements = await captureQueries(call)
    const client = await pool.connect()
    return {
      statements: statements.length,
      run: async () => {
        for (const s of statements) await client.query(s.config, s.values)
      },
      close: () => client.release(),
    }
  }
}
