import { openPgBackend, type Backend } from '../backend'
import type { InstanceConfig } from '../config'
import { PgStoreError, type PgStore } from '../db/pg-store'
import { CliError } from './io'

/** `--database URL` as a `parseArgs` option, for every command that opens the instance's data. */
export const DATABASE_FLAG = { database: { type: 'string' } } as const

export const DATABASE_HELP = `  --database URL   PostgreSQL instead of the SQLite store in the data directory:
                   postgres://user[:password]@host:port/database (or DATABASE_URL)`

/** The PostgreSQL URL the command was given (the flag, else DATABASE_URL), or null for SQLite. */
export function databaseUrl(values: { database?: string }, env: NodeJS.ProcessEnv): string | null {
  const url = values.database ?? env.DATABASE_URL
  if (url === undefined || url === '') return null
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    const from = values.database !== undefined ? '--database' : 'DATABASE_URL'
    throw new CliError(`${from} must be a PostgreSQL URL such as postgres://switchboard@db.example.com:5432/switchboard.`, 2)
  }
  return url
}

/** The pool flags of `instance serve`; each also has an environment variable. */
export const POOL_FLAGS = {
  'pool-size': { type: 'string' },
  'statement-timeout': { type: 'string' },
} as const

export const POOL_HELP = `  --pool-size N        PostgreSQL connections this process holds at most (default 10;
                       SWITCHBOARD_POOL_SIZE). Several processes share the server's max_connections
  --statement-timeout S  Longest a statement may run before PostgreSQL cancels it (default 5;
                       SWITCHBOARD_STATEMENT_TIMEOUT)`

/** The pool's size and statement timeout from the flags, else the environment, else the defaults. */
export function parsePoolOptions(
  values: { 'pool-size'?: string; 'statement-timeout'?: string },
  env: NodeJS.ProcessEnv,
): { poolSize?: number; statementTimeoutMs?: number } {
  const read = (flag: keyof typeof values, variable: string, max: number) => {
    const given = values[flag] ?? env[variable]
    if (given === undefined || given === '') return undefined
    const n = Number(given)
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new CliError(
        `${values[flag] !== undefined ? `--${flag}` : variable} must be a whole number from 1 to ${max}, not "${given}".`,
        2,
      )
    }
    return n
  }
  const timeout = read('statement-timeout', 'SWITCHBOARD_STATEMENT_TIMEOUT', 3600)
  return { poolSize: read('pool-size', 'SWITCHBOARD_POOL_SIZE', 1000), statementTimeoutMs: timeout && timeout * 1000 }
}

interface PgCliOptions {
  url: string
  dataDir: string
  config?: InstanceConfig
  licenceKeys?: readonly string[]
  poolSize?: number
  statementTimeoutMs?: number
}

/** Opens a backend on PostgreSQL for a command; a refusal (wrong URL, no server, newer schema…) is its one line, exit 1. */
export async function openPgCliBackend(options: PgCliOptions): Promise<Backend & { pg: PgStore }> {
  try {
    return await openPgBackend(options)
  } catch (error) {
    if (error instanceof PgStoreError) throw new CliError(error.message, 1)
    throw error
  }
}
