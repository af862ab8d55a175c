import { app, BrowserWindow, dialog, protocol, session } from 'electron'
import { openBackend, type Backend } from './backend'
import { readInstanceConfig } from './config'
import { acquireDataLock, type DataLock } from './data-lock'
import { DEEP_LINK_SCHEME, deepLinkFromArgv, deepLinkRoute } from './deep-link'
import { dataDirFromArgv, handOverData, receiveSecondLaunch } from './desktop/single-instance'
import type { UpdateController } from './desktop/update-controller'
import { registerIpc } from './ipc'
import { createConnections } from './remote/connections.service'
import { osKeychain } from './secrets/keychain'
import { installMenu } from './menu'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './security/app-protocol'
import { allowedExternalOrigins } from './security/external-links'
import { startUpdater } from './updater'
import { appUrl, createMainWindow, hardenNewWebContents, installPermissionHandlers, registerAppProtocol } from './window'

// The desktop host: owns data access and serves the contract to its windows over IPC.
// `--data` is looked for anywhere on the line: a packaged app has no script argument before it.
const dataDir = dataDirFromArgv(process.argv, process.cwd()) ?? app.getPath('userData')

// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
app.enableSandbox()

let backend: Backend | undefined
let lock: DataLock | undefined
let pendingRoute = deepLinkFromArgv(process.argv)
const updates: { controller: UpdateController | null } = { controller: null }
const externalOrigins = allowedExternalOrigins({ instanceUrl: readInstanceConfig(process.env).publicUrl })

function focusWindow(): BrowserWindow | undefined {
  const [win] = BrowserWindow.getAllWindows()
  if (win?.isMinimized()) win.restore()
  win?.focus()
  return win
}

function openRoute(route: string | null): void {
  if (!route) return
  const win = focusWindow()
  if (!win) {
    pendingRoute = route
    return
  }
  void win.loadURL(appUrl() + route)
}

function start(): void {
  // Registration and reset links in emails use switchboard:// in the desktop app.
  if (process.defaultApp) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1] ?? '.'])
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
  hardenNewWebContents()

  void app.whenReady().then(() => {
    try {
      // One console owns a data directory: a browser shell on the same one refuses this app, and back.
      lock = acquireDataLock(dataDir, 'the desktop app')
      backend = openBackend({ dataDir, nativeBinding: process.env.SWITCHBOARD_SQLITE_BINDING })
    } catch (error) {
      lock?.release()
      dialog.showErrorBox('Switchboard cannot open its data', error instanceof Error ? error.message : String(error))
      app.exit(1)
      return
    }
    const services = backend.services
    registerAppProtocol()
    installPermissionHandlers(session.defaultSession, appUrl())
    registerIpc(services, appUrl(), updates, createConnections({ dataDir, secrets: osKeychain() }))
    installMenu({ dataDir, licenceSummary: async () => (await services.licence.status()).message })
    createMainWindow({ route: pendingRoute ?? '', dataDir, externalOrigins })
    pendingRoute = null
    updates.controller = startUpdater()
  })

  // A second launch focuses this window and hands over its arguments.
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const launch = receiveSecondLaunch(argv, workingDirectory, additionalData, { dataDir })
    const win = focusWindow()
    if (launch.otherDataDir && win) {
      void dialog.showMessageBox(win, {
        type: 'info',
        message: 'Switchboard is already running',
        detail: `It has the data in ${dataDir} open. Quit it before opening ${launch.otherDataDir}.`,
      })
    }
    openRoute(launch.route)
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    openRoute(deepLinkRoute(url))
  })
  // macOS keeps the app running without windows; clicking its Dock icon opens one again.
  app.on('activate', () => {
    if (backend && BrowserWindow.getAllWindows().length === 0) createMainWindow({ dataDir, externalOrigins })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    // The store closes once the call it may be running settles (microtasks, before the process ends);
    // the data directory's lock goes after it.
    void (backend?.close() ?? Promise.resolve()).finally(() => lock?.release())
  })
}

// One app per user: a second launch hands its arguments to the first and quits.
if (app.requestSingleInstanceLock(handOverData(process.argv, process.cwd()))) start()
else app.quit()
