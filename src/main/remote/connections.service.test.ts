import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectInstance } from '../../../tests/support/instance-client'
import { noKeychain } from '../../../tests/support/no-keychain'
import { OPERATOR, tempBackend, tempDir, tempRendererDir } from '../../../tests/support/temp-backend'
import { toAppError } from '../../shared/errors'
import { startInstanceServer, type InstanceServer } from '../instance/instance-server'
import { CONNECTIONS_FILE } from './connection-store'
import { createConnections } from './connections.service'

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const fail = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call succeeded'), toAppError)

describe('connections', () => {
  it('refuses to add an instance when the OS keychain cannot keep its session, and keeps no token elsewhere', async () => {
    const instance = tempBackend()
    const rendererDir = tempRendererDir()
    server = await startInstanceServer({ services: instance.services, rendererDir, engine: instance.engine })
    await connectInstance(server.url).client.auth.setup(OPERATOR)
    const dataDir = tempDir()
    const connections = createConnections({ dataDir, secrets: noKeychain })

    const error = await fail(
      connections.add({ name: 'Acme', url: server.url, email: OPERATOR.admin.email, password: OPERATOR.admin.password }),
    )
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'KEYCHAIN_UNAVAILABLE' })
    expect(error.message).toContain('keychain')
    expect(fs.readdirSync(dataDir)).toEqual([])
    expect(connections.list().map((c) => c.id)).toEqual(['local'])
  })

  it('always has the local store, which cannot be removed; unknown connections are not found', async () => {
    const connections = createConnections({ dataDir: tempDir(), secrets: noKeychain })
    expect(connections.active()).toEqual({
      id: 'local',
      name: 'Local store',
      kind: 'local',
      url: null,
      host: 'This computer',
      caFile: null,
      active: true,
    })
    expect((await fail(connections.remove('local'))).code).toBe('CONFLICT')
    expect((await fail(connections.activate('nope'))).code).toBe('NOT_FOUND')
    expect(connections.isRemote()).toBe(false)
  })

  it('calls an instance unreachable, naming it, when its name does not resolve or it never answers', async () => {
    const silent = net.createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const connections = createConnections({ dataDir: tempDir(), secrets: noKeychain, timeoutMs: 300 })
      const details = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }
      const unknown = await fail(connections.add({ name: 'Nowhere', url: 'https://switchboard.invalid', ...details }))
      expect(unknown).toMatchObject({ code: 'UNAVAILABLE', reason: 'INSTANCE_UNREACHABLE' })
      expect(unknown.message).toContain('Nowhere (switchboard.invalid)')
      const { port } = silent.address() as AddressInfo
      const mute = await fail(connections.add({ name: 'Mute', url: `http://127.0.0.1:${port}`, ...details }))
      expect(mute).toMatchObject({ code: 'UNAVAILABLE', reason: 'INSTANCE_UNREACHABLE' })
      expect(mute.message).toContain(`Mute (127.0.0.1:${port})`)
    } finally {
      silent.close()
    }
  })

  it('calls an instance unreachable when it sends its headers and then stalls, rather than waiting forever', async () => {
    const stalling = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"app":')
    })
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = stalling.address() as AddressInfo
      const connections = createConnections({ dataDir: tempDir(), secrets: noKeychain, timeoutMs: 300 })
      const details = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }
      const stalled = await fail(connections.add({ name: 'Stalled', url: `http://127.0.0.1:${port}`, ...details }))
      expect(stalled).toMatchObject({ code: 'UNAVAILABLE', reason: 'INSTANCE_UNREACHABLE' })
    } finally {
      stalling.closeAllConnections()
      stalling.close()
    }
  })

  it('lets the latest choice of connection win over a slow instance chosen before it', async () => {
    const instance = tempBackend()
    const rendererDir = tempRendererDir()
    server = await startInstanceServer({ services: instance.services, rendererDir, engine: instance.engine })
    // A proxy that answers the instance's /version half a second late.
    const target = new URL(server.url)
    const slow = http.createServer((req, res) => {
      setTimeout(() => {
        const forward = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          },
        )
        req.pipe(forward)
      }, 500)
    })
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    try {
      const dataDir = tempDir()
      const { port } = slow.address() as AddressInfo
      fs.writeFileSync(
        path.join(dataDir, CONNECTIONS_FILE),
        JSON.stringify({ connections: [{ id: 'slow', name: 'Slow', url: `http://127.0.0.1:${port}` }] }),
      )
      const connections = createConnections({ dataDir, secrets: noKeychain })
      const first = fail(connections.activate('slow'))
      await connections.activate('local')
      expect(await first).toMatchObject({ code: 'CONFLICT', reason: 'CONNECTION_CHANGED' })
      expect(connections.active().id).toBe('local')
      expect(connections.isRemote()).toBe(false)
    } finally {
      slow.close()
    }
  })

  it('says what is wrong with a damaged connections file rather than forgetting it', () => {
    const dataDir = tempDir()
    fs.writeFileSync(path.join(dataDir, CONNECTIONS_FILE), '{"connections": 3}')
    expect(() => createConnections({ dataDir, secrets: noKeychain }).list()).toThrow(/connections\.json is not a list of connections/)
  })
})
