import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { UpdateState } from '../../shared/ipc'
import { DAILY_MS, createUpdateController, parseUpdateCommand, startUpdateChecks, type UpdaterLike } from './update-controller'

/** A stand-in for electron-updater's autoUpdater: each call waits until the test settles it. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true
  autoInstallOnAppQuit = true
  checks = 0
  downloads = 0
  installs: unknown[][] = []
  private pending: { resolve(): void; reject(error: Error): void } | null = null
  checkForUpdates() {
    this.checks++
    return new Promise<unknown>((resolve, reject) => (this.pending = { resolve: () => resolve(null), reject }))
  }
  downloadUpdate() {
    this.downloads++
    return new Promise<unknown>((resolve, reject) => (this.pending = { resolve: () => resolve([]), reject }))
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args)
  }
  settle(error?: Error) {
    const pending = this.pending
    this.pending = null
    if (error) pending?.reject(error)
    else pending?.resolve()
  }
}

function setup() {
  const updater = new FakeUpdater()
  const states: UpdateState[] = []
  const logs: string[] = []
  const controller = createUpdateController({ updater, onChange: (s) => states.push(s), log: (m) => logs.push(m) })
  return { updater, states, logs, controller }
}

describe('the update state machine', () => {
  it('never downloads or installs on its own', () => {
    const { updater } = setup()
    expect(updater.autoDownload).toBe(false)
    expect(updater.autoInstallOnAppQuit).toBe(false)
  })

  it('goes idle → checking → available → downloading n% → ready, then restarts only on request', async () => {
    const { updater, states, controller } = setup()
    const checked = controller.check()
    expect(controller.state()).toEqual({ phase: 'checking' })
    updater.emit('checking-for-update')
    updater.emit('update-available', { version: '1.2.0' })
    updater.settle()
    expect(await checked).toEqual({ phase: 'available', version: '1.2.0' })
    expect(updater.downloads).toBe(0)
    expect(controller.install()).toBe(false)

    const downloaded = controller.download()
    expect(controller.state()).toEqual({ phase: 'downloading', version: '1.2.0', percent: 0 })
    updater.emit('download-progress', { percent: 41.7 })
    expect(controller.state()).toEqual({ phase: 'downloading', version: '1.2.0', percent: 41 })
    updater.emit('update-downloaded', { version: '1.2.0' })
    updater.settle()
    expect(await downloaded).toEqual({ phase: 'ready', version: '1.2.0' })
    expect(updater.installs).toEqual([])

    expect(controller.install()).toBe(true)
    expect(updater.installs).toEqual([[false, true]])
    expect(states.map((s) => s.phase)).toEqual(['checking', 'checking', 'available', 'downloading', 'downloading', 'ready'])
  })

  it('returns to idle when there is nothing new, or when the updater skips the check', async () => {
    const { updater, controller } = setup()
    const first = controller.check()
    updater.emit('update-not-available', { version: '0.1.0' })
    updater.settle()
    expect(await first).toEqual({ phase: 'idle' })
    const second = controller.check()
    updater.settle()
    expect(await second).toEqual({ phase: 'idle' })
  })

  it('logs a failed check once and carries on; the next check starts afresh', async () => {
    const { updater, logs, controller } = setup()
    const checked = controller.check()
    updater.emit('error', new Error('getaddrinfo ENOTFOUND updates.switchboard.invalid'))
    updater.settle(new Error('getaddrinfo ENOTFOUND updates.switchboard.invalid'))
    expect(await checked).toEqual({ phase: 'error', stage: 'check', message: 'getaddrinfo ENOTFOUND updates.switchboard.invalid' })
    expect(logs).toEqual(['update check failed: getaddrinfo ENOTFOUND updates.switchboard.invalid'])
    const again = controller.check()
    expect(controller.state()).toEqual({ phase: 'checking' })
    updater.emit('update-available', { version: '1.2.0' })
    updater.settle()
    expect((await again).phase).toBe('available')
  })

  it('reports a failed download as such', async () => {
    const { updater, controller } = setup()
    const checked = controller.check()
    updater.emit('update-available', { version: '2.0.0' })
    updater.settle()
    await checked
    const downloaded = controller.download()
    updater.emit('download-progress', { percent: 10 })
    updater.settle(new Error('sha512 checksum mismatch'))
    expect(await downloaded).toEqual({ phase: 'error', stage: 'download', message: 'sha512 checksum mismatch' })
  })

  it('ignores commands that do not fit the state', async () => {
    const { updater, controller } = setup()
    expect(await controller.download()).toEqual({ phase: 'idle' })
    expect(updater.downloads).toBe(0)
    const checked = controller.check()
    // A second check while one runs does not call the updater again.
    await controller.check()
    expect(updater.checks).toBe(1)
    updater.emit('update-available', { version: '1.0.1' })
    updater.settle()
    await checked
    const downloaded = controller.download()
    await controller.check()
    expect(updater.checks).toBe(1)
    updater.emit('update-downloaded', { version: '1.0.1' })
    updater.settle()
    await downloaded
    await controller.check()
    expect(updater.checks).toBe(1)
    expect(controller.state()).toEqual({ phase: 'ready', version: '1.0.1' })
  })

  it('runs window commands through the same rules', async () => {
    const { updater, controller } = setup()
    expect(await controller.command('get-state')).toEqual({ phase: 'idle' })
    const checked = controller.command('check')
    updater.emit('update-available', { version: '3.0.0' })
    updater.settle()
    expect(await checked).toEqual({ phase: 'available', version: '3.0.0' })
    expect(await controller.command('install')).toEqual({ phase: 'available', version: '3.0.0' })
    expect(updater.installs).toEqual([])
  })
})

describe('update checks', () => {
  it('check at start and then daily', async () => {
    const { updater, controller } = setup()
    const timers: { ms: number; run: () => void }[] = []
    let cancelled = false
    const stop = startUpdateChecks(controller, (ms, run) => {
      timers.push({ ms, run })
      return () => (cancelled = true)
    })
    expect(updater.checks).toBe(1)
    expect(timers.map((t) => t.ms)).toEqual([DAILY_MS])
    updater.emit('update-not-available')
    updater.settle()
    // Let the first check's promise chain finish before the day passes.
    await new Promise((resolve) => setImmediate(resolve))
    expect(controller.state()).toEqual({ phase: 'idle' })
    timers[0]!.run()
    expect(updater.checks).toBe(2)
    stop()
    expect(cancelled).toBe(true)
  })
})

describe('parseUpdateCommand', () => {
  it.each([
    ['check', 'check'],
    ['download', 'download'],
    ['install', 'install'],
    ['get-state', 'get-state'],
    ['quit-and-install', null],
    ['CHECK', null],
    [{ toString: (): string => 'check' }, null],
    [undefined, null],
  ])('%j → %j', (value, expected) => {
    expect(parseUpdateCommand(value)).toBe(expected)
  })
})
