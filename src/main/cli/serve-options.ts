import { openBackend, type Backend } from '../backend'
import type { DataLock } from '../data-lock'
import { StoreOpenError } from '../db/store'
import { CliError } from './io'

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
