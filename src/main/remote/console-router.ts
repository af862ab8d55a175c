import { implement } from '@orpc/server'
import { AppError, ErrorCode, ErrorReason } from '../../shared/errors'
import { consoleContract } from '../../shared/contract/connections.contract'
import type { RpcContext } from '../rpc/context'
import { createRouter } from '../rpc/router'
import type { Services } from '../services'
import { localOnlyConnections, type Connections } from './connections.service'
import { createRelayRouter } from './relay.router'

/** The console's own contract: the instance's contract plus the host-local connections. */
const consoleBase = implement(consoleContract).$context<RpcContext>()

function connectionsHandlers(connections: Connections) {
  const c = consoleBase.connections
  return {
    list: c.list.handler(() => connections.list()),
    active: c.active.handler(() => connections.active()),
    add: c.add.handler(({ input }) => connections.add(input)),
    remove: c.remove.handler(async ({ input }) => {
      await connections.remove(input.id)
      return { ok: true as const }
    }),
    activate: c.activate.handler(({ input }) => connections.activate(input.id)),
    check: c.check.handler(async () => {
      await connections.check()
      return { ok: true as const }
    }),
  }
}

/**
 * The two routers a console host serves, and the one rule for which one answers: the local
 * store's handlers while it is active, the relay to the instance while a remote connection is.
 * Both hosts (the desktop's MessagePorts, the browser shell's HTTP) ask `pick` and nothing else.
 */
export function createConsoleRouters(services: Services, connections: Connections = localOnlyConnections()) {
  const connectionsRouter = connectionsHandlers(connections)
  const local = consoleBase.router({ ...createRouter(services), connections: connectionsRouter })
  const relay = consoleBase.router({ ...createRelayRouter(() => connections.activeClient()), connections: connectionsRouter })
  return {
    local,
    relay,
    pick<T>(handlers: { local: T; relay: T }): T {
      return connections.isRemote() ? handlers.relay : handlers.local
    },
    /**
     * Why a call from a page opened on `pageConnection` may not go ahead: the console has switched to
     * another connection since (in another tab). The connections themselves stay callable from any page.
     */
    refusal(pageConnection: string | undefined, operation: string): AppError | null {
      if (pageConnection === undefined || operation.startsWith('connections.')) return null
      const active = connections.active()
      if (active.id === pageConnection) return null
      return new AppError(
        ErrorCode.CONFLICT,
        `This window was opened on another connection; the console now works on ${active.name} (${active.host}). Reload to continue there.`,
        undefined,
        { reason: ErrorReason.CONNECTION_CHANGED },
      )
    },
  }
}

export type ConsoleRouters = ReturnType<typeof createConsoleRouters>
