import { createRouterClient } from '@orpc/server'
import { afterEach, expect } from 'vitest'
import { Dialect } from '../../../src/main/db/engine'
import { startInstanceServer, type InstanceServer } from '../../../src/main/instance/instance-server'
import { handlerOptions } from '../../../src/main/rpc/errors'
import { createRouter, rpcContext } from '../../../src/main/rpc/router'
import type { SwitchboardClient } from '../../../src/shared/contract'
import type { InstanceConfig } from '../../../src/main/config'
import { connectApi, connectInstance } from '../../support/instance-client'
import { validatingFetch, type Checked } from '../../api/response-validator'
import type { OpenApiDocument } from '../../../src/main/instance/openapi-document'
import { INSTANCE_PATHS } from '../../../src/main/remote/protocol'
import { backendOn, describeOn } from '../../support/engines'
import { tempRendererDir } from '../../support/temp-backend'

export const BACKENDS = ['local', 'remote', 'api', 'postgres'] as const
export type BackendKind = (typeof BACKENDS)[number]

/** The engine behind each kind: `postgres` is an instance as several processes would share it. */
const engineOf = (kind: BackendKind) => (kind === 'postgres' ? Dialect.PG : Dialect.SQLITE)

/** `describe.each` over every kind; `postgres` skips, with the gate's one line, where the run has no cluster. */
export function describeBackends(body: (kind: BackendKind) => void): void {
  for (const kind of BACKENDS) describeOn(engineOf(kind))(`against the ${kind} backend`, () => body(kind))
}

const servers: InstanceServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()?.close()
})

/** Every answer the `api` backend received, checked against the instance's OpenAPI document. */
export const checkedAnswers: Checked[] = []
afterEach(() => {
  const mismatches = checkedAnswers.filter((answer) => answer.problems.length > 0)
  checkedAnswers.length = 0
  expect(mismatches, 'answers over /api that do not match /api/openapi.json').toEqual([])
})

/**
 * One store reached the two ways a console reaches one: in process (the local store, as the desktop
 * app's main process calls its router) or through a real instance server on loopback with a bearer
 * session. `connect()` gives a new signed-out caller, as another console or browser would be.
 * `api` is the same instance reached as scripts reach it: plain JSON over /api (oRPC's OpenAPI
 * link), every answer checked against the instance's own OpenAPI document. `postgres` is a remote
 * instance whose store is a PostgreSQL database (issue 19).
 */
export async function openBackendOf(kind: BackendKind, config: InstanceConfig) {
  const backend = await backendOn(engineOf(kind), config)
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
  const server = await startInstanceServer({ services: backend.services, rendererDir, engine: backend.engine })
  servers.push(server)
  if (kind === 'remote' || kind === 'postgres') return { backend, connect: () => connectInstance(server.url).client, linkBase: server.url }
  const document = (await (await fetch(`${server.url}${INSTANCE_PATHS.openApi}`)).json()) as OpenApiDocument
  return { backend, connect: () => connectApi(server.url, validatingFetch(document, checkedAnswers)), linkBase: server.url }
}
