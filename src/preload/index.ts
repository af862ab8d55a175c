import { contextBridge, ipcRenderer } from 'electron'
import {
  CONNECT_MESSAGE,
  MENU_CHANNEL,
  MenuCommand,
  PORT_CHANNEL,
  UPDATE_COMMAND_CHANNEL,
  UPDATE_STATE_CHANNEL,
  UpdateCommand,
  type DesktopBridge,
  type UpdateState,
} from '../shared/ipc'

// Relay the renderer's end of its MessageChannel to the main process. Only a message
// from this very window (not a frame inside it) is relayed.
window.addEventListener('message', (event) => {
  const [port] = event.ports
  if (event.source === window && event.data === CONNECT_MESSAGE && port) {
    ipcRenderer.postMessage(PORT_CHANNEL, null, [port])
  }
})

const menuCommands = new Set<string>(Object.values(MenuCommand))
const updateCommands = new Set<string>(Object.values(UpdateCommand))

// Listeners get only the payload, never Electron's event object (it would hand the page ipcRenderer).
const bridge = {
  host: 'electron',
  onMenuCommand(listener) {
    const relay = (_event: unknown, command: unknown) => {
      if (typeof command === 'string' && menuCommands.has(command)) listener(command as MenuCommand)
    }
    ipcRenderer.on(MENU_CHANNEL, relay)
    return () => void ipcRenderer.removeListener(MENU_CHANNEL, relay)
  },
  onUpdateState(listener) {
    const relay = (_event: unknown, state: unknown) => {
      if (state && typeof state === 'object' && 'phase' in state) listener(state as UpdateState)
    }
    ipcRenderer.on(UPDATE_STATE_CHANNEL, relay)
    return () => void ipcRenderer.removeListener(UPDATE_STATE_CHANNEL, relay)
  },
  updateCommand(command) {
    // Checked here and again in the main process, which also checks the sender.
    if (!updateCommands.has(command)) return Promise.reject(new Error('Unknown update command'))
    return ipcRenderer.invoke(UPDATE_COMMAND_CHANNEL, command) as Promise<UpdateState>
  },
} satisfies DesktopBridge
contextBridge.exposeInMainWorld('switchboard', bridge)
