import { UpdateCommand, UpdatePhase, type UpdateState } from '../../shared/ipc'

/** The part of electron-updater's AppUpdater we drive; tests pass a fake. */
export interface UpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  // Listeners receive electron-updater's payloads, which the controller checks before use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown
  checkForUpdates(): Promise<unknown>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
}

export interface UpdateControllerOptions {
  updater: UpdaterLike
  /** Called with every new state (the glue sends it to the windows). */
  onChange(state: UpdateState): void
  log(message: string): void
}

export interface UpdateController {
  state(): UpdateState
  check(): Promise<UpdateState>
  /** The user's consent to download the available version. */
  download(): Promise<UpdateState>
  /** The user's consent to restart into the downloaded version; false when nothing is ready. */
  install(): boolean
  command(command: UpdateCommand): Promise<UpdateState>
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * idle → checking → (idle | available) → downloading n% → ready → restart; any step may
 * end in error, from which a new check starts over. Nothing is downloaded or installed
 * without the user asking: autoDownload and install-on-quit are switched off.
 */
export function createUpdateController({ updater, onChange, log }: UpdateControllerOptions): UpdateController {
  let state: UpdateState = { phase: UpdatePhase.IDLE }
  let version = ''
  const set = (next: UpdateState) => {
    state = next
    onChange(state)
  }
  const stageOf = (): 'check' | 'download' => (state.phase === UpdatePhase.DOWNLOADING ? 'download' : 'check')
  const fail = (stage: 'check' | 'download' | 'install', error: unknown) => {
    // electron-updater both emits 'error' and rejects the promise: record and log it once.
    if (state.phase === UpdatePhase.ERROR) return
    log(`update ${stage} failed: ${messageOf(error)}`)
    set({ phase: UpdatePhase.ERROR, stage, message: messageOf(error) })
  }

  updater.autoDownload = false
  updater.autoInstallOnAppQuit = false
  updater.on('checking-for-update', () => set({ phase: UpdatePhase.CHECKING }))
  updater.on('update-not-available', () => set({ phase: UpdatePhase.IDLE }))
  updater.on('update-available', (info: { version?: unknown }) => {
    version = typeof info?.version === 'string' ? info.version : ''
    set({ phase: UpdatePhase.AVAILABLE, version })
  })
  updater.on('download-progress', (progress: { percent?: unknown }) => {
    const raw = typeof progress?.percent === 'number' && Number.isFinite(progress.percent) ? progress.percent : 0
    set({ phase: UpdatePhase.DOWNLOADING, version, percent: Math.max(0, Math.min(100, Math.floor(raw))) })
  })
  updater.on('update-downloaded', (info: { version?: unknown }) => {
    if (typeof info?.version === 'string') version = info.version
    set({ phase: UpdatePhase.READY, version })
  })
  updater.on('error', (error: unknown) => fail(stageOf(), error))

  const busy = () => state.phase === UpdatePhase.CHECKING || state.phase === UpdatePhase.DOWNLOADING || state.phase === UpdatePhase.READY

  const controller: UpdateController = {
    state: () => state,
    async check() {
      // A check never interrupts a download, and a downloaded update waits for its restart.
      if (busy()) return state
      set({ phase: UpdatePhase.CHECKING })
      try {
        await updater.checkForUpdates()
        // electron-updater returns null without events when it skips the check (e.g. no config).
        if (state.phase === UpdatePhase.CHECKING) set({ phase: UpdatePhase.IDLE })
      } catch (error) {
        fail('check', error)
      }
      return state
    },
    async download() {
      if (state.phase !== UpdatePhase.AVAILABLE) return state
      set({ phase: UpdatePhase.DOWNLOADING, version, percent: 0 })
      try {
        await updater.downloadUpdate()
      } catch (error) {
        fail('download', error)
      }
      return state
    },
    install() {
      if (state.phase !== UpdatePhase.READY) return false
      try {
        // Not silent (the installer shows its progress), and the app starts again afterwards.
        updater.quitAndInstall(false, true)
        return true
      } catch (error) {
        fail('install', error)
        return false
      }
    },
    async command(command) {
      if (command === UpdateCommand.CHECK) return controller.check()
      if (command === UpdateCommand.DOWNLOAD) return controller.download()
      if (command === UpdateCommand.INSTALL) controller.install()
      return state
    },
  }
  return controller
}

export const DAILY_MS = 24 * 60 * 60 * 1000

/** Checks once now and then daily; `every` is setInterval in the app and a fake in tests. */
export function startUpdateChecks(controller: UpdateController, every: (ms: number, run: () => void) => () => void): () => void {
  void controller.check()
  return every(DAILY_MS, () => void controller.check())
}

/** A command from the window, or null for anything else (the IPC payload is untrusted). */
export function parseUpdateCommand(value: unknown): UpdateCommand | null {
  return typeof value === 'string' && (Object.values(UpdateCommand) as string[]).includes(value) ? (value as UpdateCommand) : null
}
