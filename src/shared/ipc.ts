/**
 * The desktop transport: the renderer makes a MessageChannel and posts one end to the
 * preload with CONNECT_MESSAGE; the preload forwards it to the main process on
 * PORT_CHANNEL, where the RPC handler serves it. Nothing else crosses the bridge.
 */
export const CONNECT_MESSAGE = 'switchboard:connect'
export const PORT_CHANNEL = 'switchboard:rpc-port'

/** Commands the native menu sends to the window (nothing else travels on MENU_CHANNEL). */
export const MENU_CHANNEL = 'switchboard:menu'
export const MenuCommand = { SWITCH_TENANT: 'switch-tenant' } as const
export type MenuCommand = (typeof MenuCommand)[keyof typeof MenuCommand]

/** What the preload exposes as `window.switchboard`: a marker and a menu listener, nothing with power. */
export interface DesktopBridge {
  host: 'electron'
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}
