import { ipcMain, type WebContents } from 'electron'
import { RPCHandler } from '@orpc/server/message-port'
import { PORT_CHANNEL } from '../shared/ipc'
import { handlerOptions } from './rpc/errors'
import { router } from './rpc/router'
import type { SessionSlot } from './rpc/context'
import type { Services } from './services'
import { isTrustedSender } from './security/ipc-sender'

/**
 * Serves the contract over MessagePorts sent by our own renderer. The session token of
 * each window stays here in the main process and survives reloads of that window.
 */
export function registerIpc(services: Services, appUrl: string): void {
  const handler = new RPCHandler(router, handlerOptions)
  const tokens = new Map<number, string>()
  const slotFor = (contents: WebContents): SessionSlot => ({
    get: () => tokens.get(contents.id) ?? null,
    set: (token) => {
      if (token) tokens.set(contents.id, token)
      else tokens.delete(contents.id)
    },
  })

  ipcMain.on(PORT_CHANNEL, (event) => {
    const [port] = event.ports
    if (!port) return
    if (!isTrustedSender(event.senderFrame, appUrl)) {
      console.warn('[switchboard] refused an RPC port from an untrusted frame')
      port.close()
      return
    }
    const contents = event.sender
    if (!tokens.has(contents.id)) contents.once('destroyed', () => tokens.delete(contents.id))
    handler.upgrade(port, { context: { services, session: slotFor(contents) } })
    port.start()
  })
}
