import os from 'node:os'
import path from 'node:path'

const APP_NAME = 'Switchboard'

/**
 * Where the desktop app keeps its data when no `--data` is given: Electron's userData
 * folder for an app named "Switchboard", computed the same way so that the desktop app
 * and the browser shell open the same store.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME)
}
