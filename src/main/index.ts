import { parseArgs } from 'node:util'
import { app, BrowserWindow, dialog } from 'electron'
import { openBackend, type Backend } from './backend'
import { registerIpc } from './ipc'
import { installMenu } from './menu'
import { startUpdater } from './updater'
import { appUrl, createMainWindow } from './window'

// The desktop host: owns data access and serves the contract to its windows over IPC.
const { values } = parseArgs({ args: process.argv.slice(2), options: { data: { type: 'string' } }, strict: false })
const dataDir = typeof values.data === 'string' ? values.data : app.getPath('userData')

app.enableSandbox()
if (!app.requestSingleInstanceLock()) app.quit()

let backend: Backend | undefined

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
  createMainWindow()
  startUpdater()
})

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows()
  if (win?.isMinimized()) win.restore()
  win?.focus()
})
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
app.on('will-quit', () => backend?.close())
