import { createRouterClient } from '@orpc/server'
import { afterEach } from 'vitest'
import { startInstanceServer, type InstanceServer } from '../../../src/main/instance/instance-server'
import { handlerOptions } from '../../../src/main/rpc/errors'
import { createRouter, rpcContext } from '../../../src/main/rpc/router'
import type { SwitchboardClient } from '../../../src/shared/contract'
import type { InstanceConfig } from '../../../src/main/config'
import { connectInstance } from '../../support/instance-client'
import { tempBackend, tempRendererDir } from '../../support/temp-backend'

export const BACKENDS = ['local', 'remote'] as const
export type BackendKind = (typeof BACKENDS)[number]

const servers: InstanceServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()?.close()
})

/**
 * One store reached the two ways a console reaches one: in process (the local store, as the desktop
 * app's main process calls its router) or through a real instance server on loopback with a bearer
 * session. `connect()` gives a new signed-out caller, as another console or browser would be.
 */
export async function openBackendOf(kind: BackendKind, config: InstanceConfig) {
  const backend = tempBackend(undefined, config)
  if (kind === 'local') {
    const connect = (): SwitchboardClient => {
      let token: string | null = null
      const slot = { get: () => token, set: (next: string | null) => void (token = next) }
      return createRouterClient(createRouter(backend.services), {
        context: rpcContext(backend.services, slot, 'local-test'),
        interceptors: handlerOptions.clientInterceptors,
      }) as unknown as SwitchboardClient
    }
    return { backend, connect, linkBase: 'switchboard://app' }
  }
  const rendererDir = tempRendererDir()
  const server = await startInstanceServer({ services: backend.services, rendererDir, store: backend.store })
  servers.push(server)
  return { backend, connect: () => connectInstance(server.url).client, linkBase: server.url }
}
