import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, protocol, screen, shell, type Session, type WebPreferences } from 'electron'
import { rememberPlacement, restorePlacement } from './desktop/window-state'
import { readWindowState, writeWindowState } from './desktop/window-state-store'
import { APP_ENTRY_URL, APP_SCHEME, appProtocolAnswer } from './security/app-protocol'
import { isAllowedExternalUrl } from './security/external-links'
import { isSameAppPage } from './security/navigation'
import { isPermissionGranted } from './security/permissions'
import { secureWebPreferences } from './security/web-preferences'

/** The page the window shows: the dev server in development, else the bundle over app://. */
export function appUrl(): string {
  // A packaged app ignores the variable, so nobody can point it at another page.
  const dev = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  return dev || APP_ENTRY_URL
}

const rendererDir = () => fileURLToPath(new URL('../renderer/', import.meta.url))

/** Serves app://switchboard/ from the renderer bundle; every decision is in appProtocolAnswer. */
export function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = appProtocolAnswer(rendererDir(), request.method, request.url)
    if (answer.status !== 200) return new Response(null, { status: answer.status, headers: answer.headers })
    try {
      const body = request.method === 'HEAD' ? null : await fs.promises.readFile(answer.file)
      return new Response(body, { status: 200, headers: answer.headers })
    } catch {
      return new Response(null, { status: 404 })
    }
  })
}

/** Electron grants every permission unless told otherwise: decide each one, deny devices. */
export function installPermissionHandlers(session: Session, url: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, url))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted({ permission, requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }, url),
  )
  session.setDevicePermissionHandler(() => false)
}

/**
 * Defaults for every web contents the app ever creates, before any page loads in it: no
 * new windows, no <webview>. The main window then sets its own, narrower link handling.
 */
export function hardenNewWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

export interface MainWindowOptions {
  /** An in-app hash route to open first (e.g. from a deep link). */
  route?: string
  dataDir: string
  /** Origins links may open in the user's browser. */
  externalOrigins: ReadonlySet<string>
}

export function createMainWindow({ route = '', dataDir, externalOrigins }: MainWindowOptions): BrowserWindow {
  const placement = restorePlacement(readWindowState(dataDir), screen.getAllDisplays(), screen.getPrimaryDisplay())
  const webPreferences: WebPreferences = secureWebPreferences(fileURLToPath(new URL('../preload/index.cjs', import.meta.url)))
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Switchboard',
    webPreferences,
  })
  if (placement.maximized) win.maximize()
  win.on('close', () => {
    const bounds = win.getNormalBounds()
    try {
      writeWindowState(
        dataDir,
        rememberPlacement(readWindowState(dataDir), screen.getDisplayMatching(bounds), { bounds, maximized: win.isMaximized() }),
      )
    } catch (error) {
      // Losing the placement is not worth keeping the window open for.
      console.warn('[switchboard] could not save the window placement:', error instanceof Error ? error.message : String(error))
    }
  })

  const url = appUrl()
  const openOutside = (target: string) => {
    if (isAllowedExternalUrl(target, externalOrigins)) void shell.openExternal(target)
  }
  // Links to reviewed sites open in the user's browser; the window itself never leaves the app.
  win.webContents.setWindowOpenHandler(({ url: target }) => {
    openOutside(target)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, target) => {
    if (isSameAppPage(target, url)) return
    event.preventDefault()
    openOutside(target)
  })
  win.webContents.on('will-redirect', (event, target) => {
    if (!isSameAppPage(target, url)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  void win.loadURL(url + route)
  return win
}
