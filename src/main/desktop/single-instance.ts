import path from 'node:path'
import { deepLinkFromArgv } from '../deep-link'

/**
 * What a second launch hands to the running app. Electron passes the second process's
 * argv to the first, but Chromium may reorder it or add its own switches, so the second
 * process also sends its own copy as the lock's additional data.
 */
export interface HandOver {
  argv: string[]
  cwd: string
}

export function handOverData(argv: readonly string[], cwd: string): HandOver {
  return { argv: [...argv], cwd }
}

/** The `--data DIR` or `--data=DIR` of a command line, resolved against its working directory. */
export function dataDirFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--data' && argv[i + 1] !== undefined) return path.resolve(cwd, argv[i + 1]!)
    if (arg.startsWith('--data=') && arg.length > '--data='.length) return path.resolve(cwd, arg.slice('--data='.length))
  }
  return null
}

function isHandOver(value: unknown): value is HandOver {
  if (!value || typeof value !== 'object') return false
  const { argv, cwd } = value as Record<string, unknown>
  return Array.isArray(argv) && argv.every((a) => typeof a === 'string') && typeof cwd === 'string'
}

export interface SecondLaunch {
  /** The in-app route of a switchboard:// link among the arguments, if any. */
  route: string | null
  /** Set when the second launch asked for another data directory than the one open. */
  otherDataDir: string | null
}

/**
 * What the running app does with a second launch: it always comes to the front; it opens
 * the page of a switchboard:// link; and since one app can hold one store, a launch for
 * another data directory is reported rather than silently ignored.
 */
export function receiveSecondLaunch(
  argv: readonly string[],
  workingDirectory: string,
  additionalData: unknown,
  running: { dataDir: string },
): SecondLaunch {
  const handOver = isHandOver(additionalData) ? additionalData : { argv: [...argv], cwd: workingDirectory }
  const requested = dataDirFromArgv(handOver.argv, handOver.cwd)
  const otherDataDir = requested && path.resolve(requested) !== path.resolve(running.dataDir) ? requested : null
  return { route: deepLinkFromArgv(handOver.argv), otherDataDir }
}
