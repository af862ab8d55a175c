import { contextBridge, ipcRenderer } from 'electron'
import { CONNECT_MESSAGE, MENU_CHANNEL, MenuCommand, PORT_CHANNEL, type DesktopBridge } from '../shared/ipc'

// Relay the renderer's end of its MessageChannel to the main process. Only a message
// from this very window (not a frame inside it) is relayed.
window.addEventListener('message', (event) => {
  const [port] = event.ports
  if (event.source === window && event.data === CONNECT_MESSAGE && port) {
    ipcRenderer.postMessage(PORT_CHANNEL, null, [port])
  }
})

const commands = new Set<string>(Object.values(MenuCommand))
const bridge = {
  host: 'electron',
  onMenuCommand(listener) {
    const relay = (_event: unknown, command: unknown) => {
      if (typeof command === 'string' && commands.has(command)) listener(command as MenuCommand)
    }
    ipcRenderer.on(MENU_CHANNEL, relay)
    return () => void ipcRenderer.removeListener(MENU_CHANNEL, relay)
  },
} satisfies DesktopBridge
contextBridge.exposeInMainWorld('switchboard', bridge)
