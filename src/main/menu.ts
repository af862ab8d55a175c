import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron'
import { MENU_CHANNEL, MenuCommand } from '../shared/ipc'

export function installMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Tenant',
      submenu: [
        {
          // Opens the same switcher as the sidebar, so the same rules and audit apply.
          label: 'Switch Tenant…',
          accelerator: 'CmdOrCtrl+Shift+T',
          click: () => BrowserWindow.getFocusedWindow()?.webContents.send(MENU_CHANNEL, MenuCommand.SWITCH_TENANT),
        },
      ],
    },
    { role: 'windowMenu' },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
