import { app, BrowserWindow } from 'electron'
import electronUpdater from 'electron-updater'
import { UPDATE_STATE_CHANNEL } from '../shared/ipc'
import { createUpdateController, startUpdateChecks, type UpdateController } from './desktop/update-controller'
import { readUpdateConfig } from './desktop/update-config'

/**
 * Self-update of a packaged app, only with the user's consent (see update-controller.ts).
 * electron-updater verifies what it downloads: the sha512 from the feed for every platform,
 * and the code signature on Windows and macOS (README, "Updates").
 */
export function startUpdater(): UpdateController | null {
  const config = readUpdateConfig(process.env, app.isPackaged)
  if (!config.enabled) return null
  const { autoUpdater } = electronUpdater
  if (config.warning) console.warn(`[switchboard] ${config.warning}`)
  if (config.feed) autoUpdater.setFeedURL(config.feed)
  const controller = createUpdateController({
    updater: autoUpdater,
    onChange: (state) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(UPDATE_STATE_CHANNEL, state)
    },
    // A failed check is logged and the app carries on.
    log: (message) => console.warn(`[switchboard] ${message}`),
  })
  startUpdateChecks(controller, (ms, run) => {
    const timer = setInterval(run, ms)
    return () => clearInterval(timer)
  })
  return controller
}
