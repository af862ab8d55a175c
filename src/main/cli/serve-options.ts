import { openBackend, type Backend } from '../backend'
import type { DataLock } from '../data-lock'
import { StoreOpenError } from '../db/store'
import { CliError } from './io'
import {
  defaultMaxConnections,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type ConnectionLimits,
} from '../http/connection-limits'

/** A `--port` value: absent → the fallback (0 lets the OS choose a free port). */
export function parsePort(value: string | undefined, fallback: number): number {
  const port = value === undefined ? fallback : Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${value}".`, 2)
  return port
}

/**
 * Opens the store of a data directory whose lock the command holds; a store that cannot be opened
 * (damaged, written by a newer Switchboard) is explained, and the lock released, rather than thrown.
 */
export function openLockedBackend(lock: DataLock, options: Parameters<typeof openBackend>[0]): Backend {
  try {
    return openBackend(options)
  } catch (error) {
    lock.release()
    if (error instanceof StoreOpenError) throw new CliError(error.message, 1)
    throw error
  }
}

/** The flags of the connection limits, as `parseArgs` options; each also has an environment variable. */
export const CONNECTION_LIMIT_FLAGS = {
  'headers-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'max-connections': { type: 'string' },
} as const

export const CONNECTION_LIMITS_HELP = `  --headers-timeout S  Close a connection that has not sent its request head in S seconds
                       (default 15; SWITCHBOARD_HEADERS_TIMEOUT)
  --request-timeout S  Cut a request not received whole in S seconds, however slowly its
                       body arrives (default 30; SWITCHBOARD_REQUEST_TIMEOUT)
  --max-connections N  Open connections at once; more are closed on arrival (default: what
                       the open-file limit allows, at most 10000; SWITCHBOARD_MAX_CONNECTIONS)`

/**
 * The connection limits from the flags, else the environment, else the defaults; a value that is
 * not a positive number, or a request timeout shorter than the headers timeout, is refused.
 */
export function parseConnectionLimits(
  values: { 'headers-timeout'?: string; 'request-timeout'?: string; 'max-connections'?: string },
  env: NodeJS.ProcessEnv = process.env,
): ConnectionLimits {
  const read = (flag: keyof typeof values, variable: string, unit: number, fallback: number, max: number) => {
    const given = values[flag] ?? env[variable]
    if (given === undefined || given === '') return fallback
    const number = Number(given)
    if (!Number.isInteger(number) || number < 1 || number > max) {
      const from = values[flag] !== undefined ? `--${flag}` : variable
      throw new CliError(`${from} must be a whole number from 1 to ${max}, not "${given}".`, 2)
    }
    return number * unit
  }
  const limits = {
    headersTimeoutMs: read('headers-timeout', 'SWITCHBOARD_HEADERS_TIMEOUT', 1000, DEFAULT_HEADERS_TIMEOUT_MS, 3600),
    requestTimeoutMs: read('request-timeout', 'SWITCHBOARD_REQUEST_TIMEOUT', 1000, DEFAULT_REQUEST_TIMEOUT_MS, 3600),
    maxConnections: read('max-connections', 'SWITCHBOARD_MAX_CONNECTIONS', 1, defaultMaxConnections(), 1_000_000),
  }
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    throw new CliError(
      `The request timeout (${limits.requestTimeoutMs / 1000} s) must not be shorter than the headers timeout (${limits.headersTimeoutMs / 1000} s): a request includes its head.`,
      2,
    )
  }
  return limits
}
