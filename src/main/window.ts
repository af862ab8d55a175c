import { fileURLToPath, pathToFileURL } from 'node:url'
import { BrowserWindow, shell } from 'electron'
import { isSameAppPage } from './security/navigation'

/** The page the window may show: the dev server in development, else the bundled file. */
export function appUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  if (dev) return dev
  return pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href
}

/** The app window; `route` is an in-app hash route to open first (e.g. from a deep link). */
export function createMainWindow(route = ''): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Switchboard',
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })
  const url = appUrl()
  // Links to the web open in the user's browser; the window itself never leaves the app.
  win.webContents.setWindowOpenHandler(({ url: target }) => {
    if (target.startsWith('https://')) void shell.openExternal(target)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, target) => {
    if (!isSameAppPage(target, url)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  void win.loadURL(url + route)
  return win
}
