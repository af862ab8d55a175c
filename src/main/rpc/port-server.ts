import type { MessagePortHandler } from '@orpc/server/message-port'
import type { Services } from '../services'
import type { SessionSlot } from './context'
import { newHandlerOptions } from './errors'
import { createConsoleRouters } from '../remote/console-router'
import type { Connections } from '../remote/connections.service'
import { rpcContext } from './router'
import { portRpcHandler } from './rpc-handler'

type Port = Parameters<MessagePortHandler<never>['upgrade']>[0]

/**
 * Serves the contract over MessagePorts, one session per window: the token of a window stays
 * here (never in its renderer) and survives reloads of that window, which open a new port.
 * The Electron glue (ipc.ts) only checks who sent a port and hands it over.
 */
export function createPortServer(services: Services, connections?: Connections) {
  const routers = createConsoleRouters(services, connections)
  const handlers = { local: portRpcHandler(routers.local, newHandlerOptions()), relay: portRpcHandler(routers.relay, newHandlerOptions()) }
  const tokens = new Map<number, string>()
  const windows = new Set<number>()
  const slotFor = (windowId: number): SessionSlot => ({
    get: () => tokens.get(windowId) ?? null,
    set: (token) => {
      if (token) tokens.set(windowId, token)
      else tokens.delete(windowId)
    },
  })

  return {
    /** Serves a window's new port; true when the window is new here (its first port, not a reload). */
    serve(port: Port & { start?: () => void }, windowId: number): boolean {
      // Chosen per port: switching connections reloads the window, which opens a new port.
      routers.pick(handlers).upgrade(port, { context: rpcContext(services, slotFor(windowId), 'desktop') })
      port.start?.()
      const isNew = !windows.has(windowId)
      windows.add(windowId)
      return isNew
    },
    /** A closed window's session is forgotten here (it stays valid in the store until it expires). */
    forget(windowId: number): void {
      tokens.delete(windowId)
      windows.delete(windowId)
    },
    has(windowId: number): boolean {
      return tokens.has(windowId)
    },
  }
}
