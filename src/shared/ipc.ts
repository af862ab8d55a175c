/**
 * The desktop transport: the renderer makes a MessageChannel and posts one end to the
 * preload with CONNECT_MESSAGE; the preload forwards it to the main process on
 * PORT_CHANNEL, where the RPC handler serves it. Besides that port, only menu commands
 * and the app-update state and commands cross the bridge.
 */
export const CONNECT_MESSAGE = 'switchboard:connect'
export const PORT_CHANNEL = 'switchboard:rpc-port'

/**
 * Browser shell: the connection a page was opened on, sent with each of its calls. The host refuses
 * (CONFLICT, CONNECTION_CHANGED) a call from a page opened on another connection than the active one,
 * so a tab left open on one instance never acts on another chosen since in another tab.
 */
export const PAGE_CONNECTION_HEADER = 'x-switchboard-page-connection'

/** Commands the native menu sends to the window (nothing else travels on MENU_CHANNEL). */
export const MENU_CHANNEL = 'switchboard:menu'
export const MenuCommand = {
  SWITCH_TENANT: 'switch-tenant',
  RETURN_HOME_TENANT: 'return-home-tenant',
  TOGGLE_COLOR_SCHEME: 'toggle-color-scheme',
  OPEN_CONNECTIONS: 'open-connections',
  OPEN_COMMAND_PALETTE: 'open-command-palette',
} as const
export type MenuCommand = (typeof MenuCommand)[keyof typeof MenuCommand]

/** Main → window: the app-update state whenever it changes. */
export const UPDATE_STATE_CHANNEL = 'switchboard:update-state'
/** Window → main (invoke): one of UpdateCommand; answers with the state after it. */
export const UPDATE_COMMAND_CHANNEL = 'switchboard:update-command'

export const UpdatePhase = {
  IDLE: 'idle',
  CHECKING: 'checking',
  AVAILABLE: 'available',
  DOWNLOADING: 'downloading',
  READY: 'ready',
  ERROR: 'error',
} as const
export type UpdatePhase = (typeof UpdatePhase)[keyof typeof UpdatePhase]

/** Where the desktop app's self-update stands; `stage` says what an error interrupted. */
export type UpdateState =
  | { phase: typeof UpdatePhase.IDLE }
  | { phase: typeof UpdatePhase.CHECKING }
  | { phase: typeof UpdatePhase.AVAILABLE; version: string }
  | { phase: typeof UpdatePhase.DOWNLOADING; version: string; percent: number }
  | { phase: typeof UpdatePhase.READY; version: string }
  | { phase: typeof UpdatePhase.ERROR; stage: 'check' | 'download' | 'install'; message: string }

/** What the window may ask of the updater: read the state, check, download (consent), restart (consent). */
export const UpdateCommand = { GET_STATE: 'get-state', CHECK: 'check', DOWNLOAD: 'download', INSTALL: 'install' } as const
export type UpdateCommand = (typeof UpdateCommand)[keyof typeof UpdateCommand]

/** What the preload exposes as `window.switchboard`: a marker, listeners and four update commands. */
export interface DesktopBridge {
  host: 'electron'
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
  onUpdateState(listener: (state: UpdateState) => void): () => void
  updateCommand(command: UpdateCommand): Promise<UpdateState>
}
