import { app } from 'electron'
import electronUpdater from 'electron-updater'

/** Checks for a signed update of a packaged app; development builds never update themselves. */
export function startUpdater(): void {
  if (!app.isPackaged) return
  electronUpdater.autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
    console.warn('[switchboard] update check failed:', error instanceof Error ? error.message : String(error))
  })
}
