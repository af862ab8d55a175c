import { parseArgs } from 'node:util'
import { app, BrowserWindow, dialog } from 'electron'
import { openBackend, type Backend } from './backend'
import { registerIpc } from './ipc'
import { installMenu } from './menu'
import { startUpdater } from './updater'
import { DEEP_LINK_SCHEME, deepLinkFromArgv, deepLinkRoute } from './deep-link'
import { appUrl, createMainWindow } from './window'

// The desktop host: owns data access and serves the contract to its windows over IPC.
const { values } = parseArgs({ args: process.argv.slice(2), options: { data: { type: 'string' } }, strict: false })
const dataDir = typeof values.data === 'string' ? values.data : app.getPath('userData')

app.enableSandbox()
if (!app.requestSingleInstanceLock()) app.quit()
// Registration and reset links in emails use switchboard:// in the desktop app.
if (process.defaultApp) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1] ?? '.'])
else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)

let backend: Backend | undefined
let pendingRoute = deepLinkFromArgv(process.argv)

function openRoute(route: string | null): void {
  if (!route) return
  const [win] = BrowserWindow.getAllWindows()
  if (!win) {
    pendingRoute = route
    return
  }
  if (win.isMinimized()) win.restore()
  win.focus()
  void win.loadURL(appUrl() + route)
}

app.whenReady().then(() => {
  try {
    backend = openBackend({ dataDir, nativeBinding: process.env.SWITCHBOARD_SQLITE_BINDING })
  } catch (error) {
    dialog.showErrorBox('Switchboard cannot open its data', error instanceof Error ? error.message : String(error))
    app.exit(1)
    return
  }
  registerIpc(backend.services, appUrl())
  installMenu()
  createMainWindow(pendingRoute ?? '')
  pendingRoute = null
  startUpdater()
})

app.on('second-instance', (_event, argv) => {
  const [win] = BrowserWindow.getAllWindows()
  if (win?.isMinimized()) win.restore()
  win?.focus()
  openRoute(deepLinkFromArgv(argv))
})
app.on('open-url', (event, url) => {
  event.preventDefault()
  openRoute(deepLinkRoute(url))
})
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
app.on('will-quit', () => backend?.close())
