import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/support/temp-backend'
import { acquireDataLock, DataDirBusyError, lockFileIn, type LockHolder } from './data-lock'

/** The pid of a process that has run and ended: a lock it left behind is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

function leaveLock(dataDir: string, holder: Partial<LockHolder>) {
  fs.writeFileSync(
    lockFileIn(dataDir),
    JSON.stringify({
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: '2026-11-28T09:00:00.000Z',
      what: 'the browser shell',
      ...holder,
    }),
  )
}

function busy(run: () => unknown): DataDirBusyError {
  try {
    run()
  } catch (error) {
    if (error instanceof DataDirBusyError) return error
    throw error
  }
  throw new Error('expected the data directory to be busy')
}

describe('data directory lock', () => {
  it('lets one console own a data directory; the second is told who has it and its link', () => {
    const dataDir = tempDir()
    const lock = acquireDataLock(dataDir, 'the browser shell')
    lock.setUrl('http://127.0.0.1:41233/?k=secret')
    const refused = busy(() => acquireDataLock(dataDir, 'the desktop app'))
    expect(refused.holder).toMatchObject({ pid: process.pid, what: 'the browser shell', url: 'http://127.0.0.1:41233/?k=secret' })
    expect(refused.message).toMatch(new RegExp(`The browser shell \\(process ${process.pid} on .*\\) already has .* open`))
    // The link carries the run's secret: only the owner may read the lock file.
    if (process.platform !== 'win32') expect(fs.statSync(lockFileIn(dataDir)).mode & 0o777).toBe(0o600)
    lock.release()
    expect(fs.existsSync(lockFileIn(dataDir))).toBe(false)
    acquireDataLock(dataDir, 'the desktop app').release()
  })

  it('takes over a lock left by a process that has ended, or a damaged one', () => {
    const dataDir = tempDir()
    leaveLock(dataDir, { pid: deadPid() })
    const lock = acquireDataLock(dataDir, 'the browser shell')
    expect(JSON.parse(fs.readFileSync(lockFileIn(dataDir), 'utf8'))).toMatchObject({ pid: process.pid })
    lock.release()
    fs.writeFileSync(lockFileIn(dataDir), '{"pid": 12')
    acquireDataLock(dataDir, 'the browser shell').release()
  })

  it("never takes over another computer's lock on a shared folder, whatever its pid", () => {
    const dataDir = tempDir()
    leaveLock(dataDir, { pid: deadPid(), hostname: 'another-host.example' })
    expect(busy(() => acquireDataLock(dataDir, 'the browser shell')).holder.hostname).toBe('another-host.example')
  })

  it('does not release a lock another process holds', () => {
    const dataDir = tempDir()
    const lock = acquireDataLock(dataDir, 'the browser shell', () => false)
    leaveLock(dataDir, { pid: process.pid + 1 })
    lock.release()
    expect(fs.existsSync(lockFileIn(dataDir))).toBe(true)
  })
})
