import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Who has a data directory open: written into its lock file, read by whoever comes second. */
export interface LockHolder {
  pid: number
  hostname: string
  startedAt: string
  /** What holds it, in words for the message: "the browser shell", "the desktop app". */
  what: string
  /** The holder's console link, once it has one (the browser shell's carries its per-run secret). */
  url?: string
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${holder.what[0]!.toUpperCase()}${holder.what.slice(1)} (process ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}) ` +
        `already has ${dataDir} open; one console owns a data directory at a time.` +
        (holder.url ? `\n  Its console: ${holder.url}` : '') +
        `\nIf that process is gone, delete ${lockFileIn(dataDir)} and start again.`,
    )
    this.name = 'DataDirBusyError'
  }
}

export interface DataLock {
  /** Records the console's link in the lock, so that a second start can point to it. */
  setUrl(url: string): void
  release(): void
}

export const lockFileIn = (dataDir: string) => path.join(dataDir, 'switchboard.lock')

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>
    return typeof holder.pid === 'number' && typeof holder.hostname === 'string' ? (holder as LockHolder) : null
  } catch {
    return null
  }
}

/** Writes the whole file under a temporary name first, so that a reader never sees half of it. */
function writeTemp(file: string, holder: LockHolder): string {
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temp, JSON.stringify(holder, null, 2), { mode: 0o600 })
  return temp
}

/**
 * Takes a data directory for this process. A lock left by a process that is no longer running
 * (a crash, a power cut) is taken over; one held by a live process, or by another computer
 * sharing the folder, refuses with DataDirBusyError naming the holder and its console's link.
 */
export function acquireDataLock(dataDir: string, what: string, alive: (pid: number) => boolean = processAlive): DataLock {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = lockFileIn(dataDir)
  const mine: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), what }
  for (let attempt = 0; ; attempt++) {
    const temp = writeTemp(file, mine)
    try {
      // A hard link creates the lock with its content in one step, and fails if it exists.
      fs.linkSync(temp, file)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // Gone meanwhile, or damaged (it is never half-written), or its process has ended: stale.
      const holder = readHolder(file)
      const stale = holder === null || (holder.hostname === mine.hostname && !alive(holder.pid))
      if (holder && (!stale || attempt > 2)) throw new DataDirBusyError(dataDir, holder)
      if (attempt > 2) throw new Error(`Cannot take the lock ${file}.`, { cause: error })
      fs.rmSync(file, { force: true })
    } finally {
      fs.rmSync(temp, { force: true })
    }
  }
  return {
    setUrl(url) {
      fs.renameSync(writeTemp(file, { ...mine, url }), file)
    },
    release() {
      if (readHolder(file)?.pid === mine.pid) fs.rmSync(file, { force: true })
    },
  }
}
