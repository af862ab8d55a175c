import { contextBridge, ipcRenderer } from 'electron'
import { CONNECT_MESSAGE, PORT_CHANNEL, type DesktopBridge } from '../shared/ipc'

// Relay the renderer's end of its MessageChannel to the main process. Only a message
// from this very window (not a frame inside it) is relayed.
window.addEventListener('message', (event) => {
  const [port] = event.ports
  if (event.source === window && event.data === CONNECT_MESSAGE && port) {
    ipcRenderer.postMessage(PORT_CHANNEL, null, [port])
  }
})

const bridge = { host: 'electron' } satisfies DesktopBridge
contextBridge.exposeInMainWorld('switchboard', bridge)
