import { afterEach, expect, inject, it } from 'vitest'
import { toAppError } from '../../shared/errors'
import { openPgBackend, type Backend } from '../backend'
import { describeOn } from '../../../tests/support/engines'
import { connectInstance } from '../../../tests/support/instance-client'
import { freshDatabase, MIGRATED_TEMPLATE } from '../../../tests/support/pg-database'
import { startSeverableProxy } from '../../../tests/support/severable-proxy'
import { OPERATOR, tempDir, tempRendererDir, testKeychain } from '../../../tests/support/temp-backend'
import { INSTANCE_PATHS } from '../remote/protocol'
import { startInstanceServer, type InstanceServer } from './instance-server'

const postgres = inject('postgres')
const closing: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()!()
})

/** An instance on a PostgreSQL database reached through a proxy that the test can sever. */
async function instanceBehindProxy() {
  const database = await freshDatabase(postgres.run ? postgres.url : '', 'ready', MIGRATED_TEMPLATE)
  closing.push(database.drop)
  const direct = new URL(database.url)
  const proxy = await startSeverableProxy({ port: Number(direct.port) })
  closing.push(proxy.close)
  const viaProxy = new URL(database.url)
  viaProxy.port = String(proxy.port)
  const backend: Backend = await openPgBackend({
    url: viaProxy.toString(),
    dataDir: tempDir(),
    config: {},
    secrets: testKeychain,
    connectTimeoutMs: 1_000,
  })
  closing.push(() => backend.close())
  const server: InstanceServer = await startInstanceServer({
    services: backend.services,
    rendererDir: tempRendererDir(),
    engine: backend.engine,
  })
  closing.push(() => server.close())
  const readiness = async () => (await fetch(`${server.url}${INSTANCE_PATHS.ready}`)).status
  return { proxy, server, readiness }
}

describeOn('pg')('an instance whose PostgreSQL goes away', () => {
  it('fails /readyz and answers calls UNAVAILABLE while the database is unreachable, and recovers by itself', async () => {
    const { proxy, server, readiness } = await instanceBehindProxy()
    const operator = connectInstance(server.url)
    await operator.client.auth.setup(OPERATOR)
    expect(await readiness()).toBe(200)
    expect((await operator.client.users.list({})).items).toHaveLength(1)

    proxy.sever()
    expect(await readiness()).toBe(503)
    const refused = await operator.client.users.list({}).then(() => null, toAppError)
    expect(refused?.code).toBe('UNAVAILABLE')
    // The process is still there, answering what needs no database.
    expect((await fetch(`${server.url}${INSTANCE_PATHS.health}`)).status).toBe(200)

    proxy.restore()
    let status = 0
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await readiness()
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(status).toBe(200)
    expect((await operator.client.users.list({})).items).toHaveLength(1)
  })
})
