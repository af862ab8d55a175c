import { MenuCommand } from '../../shared/ipc'

/** The subset of Electron's MenuItemConstructorOptions we use (assignable to it, testable without it). */
export interface MenuItemSpec {
  label?: string
  role?:
    'appMenu' | 'quit' | 'editMenu' | 'reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'windowMenu'
  type?: 'separator'
  accelerator?: string
  enabled?: boolean
  click?: () => void
  submenu?: MenuItemSpec[]
}

export interface MenuActions {
  /** Sends a command to the focused window's renderer. */
  send(command: MenuCommand): void
  about(): void
  openDataFolder(): void
}

export const SWITCH_TENANT_ACCELERATOR = 'CmdOrCtrl+Shift+T'
/** The palette's own shortcut in the console (Ctrl/Cmd+K): the menu item names it and, on the desktop, takes it first. */
export const COMMAND_PALETTE_ACCELERATOR = 'CmdOrCtrl+K'

const separator: MenuItemSpec = { type: 'separator' }

/**
 * The native menu. Commands about the signed-in session (tenant, colour scheme) go to the
 * renderer, which applies the same rules and audit as its own buttons; the main process
 * handles only what is its own (about, data folder, quit).
 */
export function buildMenuTemplate(options: { platform: NodeJS.Platform; isPackaged: boolean; actions: MenuActions }): MenuItemSpec[] {
  const { actions } = options
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [{ label: 'Connections…', click: () => actions.send(MenuCommand.OPEN_CONNECTIONS) }, separator, { role: 'quit' }],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        // Opens the console's own palette (the renderer's), as its header button and shortcut do.
        {
          label: 'Command Palette…',
          accelerator: COMMAND_PALETTE_ACCELERATOR,
          click: () => actions.send(MenuCommand.OPEN_COMMAND_PALETTE),
        },
        separator,
        { role: 'reload' },
        // Developer tools only in development builds.
        ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        separator,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { label: 'Toggle Dark Mode', click: () => actions.send(MenuCommand.TOGGLE_COLOR_SCHEME) },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Tenant',
      submenu: [
        // Opens the same switcher as the sidebar, so the same rules and audit apply.
        { label: 'Switch Tenant…', accelerator: SWITCH_TENANT_ACCELERATOR, click: () => actions.send(MenuCommand.SWITCH_TENANT) },
        { label: 'Return to Home Tenant', click: () => actions.send(MenuCommand.RETURN_HOME_TENANT) },
      ],
    },
    { role: 'windowMenu' },
    {
      label: 'Help',
      submenu: [
        { label: 'About Switchboard', click: () => actions.about() },
        { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      ],
    },
  ]
}

/** The About dialog's text: what support asks for first. */
export function aboutDetail(info: { version: string; licence: string; dataDir: string; electron?: string }): string {
  return [
    `Version ${info.version}${info.electron ? ` (Electron ${info.electron})` : ''}`,
    `Licence: ${info.licence}`,
    `Data directory: ${info.dataDir}`,
  ].join('\n')
}
