import { app, BrowserWindow, dialog, Menu, shell } from 'electron'
import { MENU_CHANNEL } from '../shared/ipc'
import { aboutDetail, buildMenuTemplate } from './desktop/menu-template'

export interface MenuContext {
  dataDir: string
  /** The licence state in a sentence, read when About opens. */
  licenceSummary(): Promise<string>
}

export function installMenu(context: MenuContext): void {
  const template = buildMenuTemplate({
    platform: process.platform,
    isPackaged: app.isPackaged,
    actions: {
      send: (command) => BrowserWindow.getFocusedWindow()?.webContents.send(MENU_CHANNEL, command),
      about: async () => {
        const detail = aboutDetail({
          version: app.getVersion(),
          electron: process.versions.electron,
          licence: await context.licenceSummary(),
          dataDir: context.dataDir,
        })
        const options = { type: 'info' as const, title: 'About Switchboard', message: 'Switchboard', detail, buttons: ['OK'] }
        const win = BrowserWindow.getFocusedWindow()
        void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
      },
      openDataFolder: () => {
        void shell.openPath(context.dataDir).then((error) => {
          if (error) console.warn('[switchboard] could not open the data folder:', error)
        })
      },
    },
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
