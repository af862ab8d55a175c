import { ipcMain } from 'electron'
import { PORT_CHANNEL } from '../shared/ipc'
import { createPortServer } from './rpc/port-server'
import type { Services } from './services'
import { isTrustedSender } from './security/ipc-sender'

/** Accepts RPC ports only from our own top-level page, one session per window. */
export function registerIpc(services: Services, appUrl: string): void {
  const server = createPortServer(services)
  ipcMain.on(PORT_CHANNEL, (event) => {
    const [port] = event.ports
    if (!port) return
    if (!isTrustedSender(event.senderFrame, appUrl)) {
      console.warn('[switchboard] refused an RPC port from an untrusted frame')
      port.close()
      return
    }
    const contents = event.sender
    // One listener per window, however often it reloads: its session is forgotten when it closes.
    if (server.serve(port, contents.id)) contents.once('destroyed', () => server.forget(contents.id))
  })
}
