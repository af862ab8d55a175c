import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/message-port'
import { describe, expect, inject, it } from 'vitest'
import { connectShell } from '../../../tests/support/shell-client'
import { tempBackend, tempDir, testKeychain } from '../../../tests/support/temp-backend'
import type { ConsoleClient } from '../../shared/contract/connections.contract'
import { toAppError } from '../../shared/errors'
import { PAGE_CONNECTION_HEADER } from '../../shared/ipc'
import { startShellServer } from '../http/shell-server'
import { createPortServer } from '../rpc/port-server'
import { connectionFile } from './connection-store'
import { createConnections } from './connections.service'

// A relayed call reads the connection's token from the real OS keychain.

/** A loopback port nothing listens on: an instance that is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A console's data directory with one remote connection remembered, to an instance that is down. */
async function consoleWithDownInstance() {
  const local = tempBackend()
  const port = await closedPort()
  connectionFile(local.dataDir).write([{ id: 'down', name: 'Acme', url: `http://127.0.0.1:${port}` }])
  const connections = createConnections({ dataDir: local.dataDir, secrets: testKeychain, timeoutMs: 5_000 })
  return { local, port, connections }
}

const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => toAppError(error).reason ?? toAppError(error).code,
  )

describe.skipIf(!inject('keychain').run)('which backend a host serves', () => {
  it('the desktop picks per port: a window reloaded after Connect talks to the instance, one not yet reloaded to the local store', async () => {
    const { local, port, connections } = await consoleWithDownInstance()
    const server = createPortServer(local.services, connections)
    const connect = (windowId: number): ConsoleClient => {
      const { port1, port2 } = new MessageChannel()
      server.serve(port2, windowId)
      port1.start()
      return createORPCClient(new RPCLink({ port: port1 }))
    }
    const before = connect(1)
    expect(await before.auth.status()).toEqual({ needsSetup: true })
    expect((await before.connections.activate({ id: 'down' })).host).toBe(`127.0.0.1:${port}`)

    const reloaded = connect(1)
    expect(await reason(reloaded.auth.status())).toBe('INSTANCE_UNREACHABLE')
    // Connections are always the host's own, whichever backend is active.
    expect((await reloaded.connections.active()).id).toBe('down')
    expect(await before.auth.status()).toEqual({ needsSetup: true })

    await reloaded.connections.activate({ id: 'local' })
    expect(await connect(1).auth.status()).toEqual({ needsSetup: true })
  })

  it('the browser shell picks per request', async () => {
    const { local, connections } = await consoleWithDownInstance()
    const dir = tempDir()
    const shell = await startShellServer({ services: local.services, rendererDir: dir, connections })
    try {
      const client = (await connectShell(shell.url)).client as unknown as ConsoleClient
      expect(await client.auth.status()).toEqual({ needsSetup: true })
      await client.connections.activate({ id: 'down' })
      expect(await reason(client.users.list({}))).toBe('INSTANCE_UNREACHABLE')
      expect(await reason(client.connections.check())).toBe('INSTANCE_UNREACHABLE')
      await client.connections.activate({ id: 'local' })
      expect(await client.auth.status()).toEqual({ needsSetup: true })
    } finally {
      await shell.close()
    }
  })

  it('the browser shell refuses calls from a tab opened on a connection another tab has switched away from', async () => {
    const { local, connections } = await consoleWithDownInstance()
    const shell = await startShellServer({ services: local.services, rendererDir: tempDir(), connections })
    try {
      const tab = async (page: string) =>
        (await connectShell(shell.url, { headers: { [PAGE_CONNECTION_HEADER]: page } })).client as unknown as ConsoleClient
      const opened = await tab('local')
      expect(await opened.auth.status()).toEqual({ needsSetup: true })
      // Another tab connects to the instance: the first tab's next call is refused, not relayed there.
      await (await tab('local')).connections.activate({ id: 'down' })
      const refused = await opened.auth.status().then(() => expect.fail('the call went ahead'), toAppError)
      expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'CONNECTION_CHANGED' })
      expect(refused.message).toContain('Acme')
      // Its connections stay callable (to reload onto the active one), and a tab opened on it goes ahead.
      expect((await opened.connections.active()).id).toBe('down')
      expect(await reason((await tab('down')).users.list({}))).toBe('INSTANCE_UNREACHABLE')
    } finally {
      await shell.close()
    }
  })
})
