/**
 * The desktop transport: the renderer makes a MessageChannel and posts one end to the
 * preload with CONNECT_MESSAGE; the preload forwards it to the main process on
 * PORT_CHANNEL, where the RPC handler serves it. Nothing else crosses the bridge.
 */
export const CONNECT_MESSAGE = 'switchboard:connect'
export const PORT_CHANNEL = 'switchboard:rpc-port'

/** What the preload exposes as `window.switchboard`: a marker, no functions with power. */
export interface DesktopBridge {
  host: 'electron'
}
