import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { backendOn, describeEngines, type EngineName } from '../../../tests/support/engines'
import { toAppError } from '../../shared/errors'
import { CONTRACT_VERSION } from '../../shared/contract/version'
import { OPERATOR, tempRendererDir } from '../../../tests/support/temp-backend'
import { connectInstance } from '../../../tests/support/instance-client'
import { Dialect } from '../db/engine'
import { CONTRACT_VERSION_HEADER, SESSION_TOKEN_HEADER } from '../remote/protocol'
import { startInstanceServer, type InstanceServer } from './instance-server'

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(engine: EngineName = Dialect.SQLITE) {
  const backend = await backendOn(engine)
  const rendererDir = tempRendererDir()
  const logged: string[] = []
  const logger = pino({}, { write: (line: string) => void logged.push(line) })
  server = await startInstanceServer({ services: backend.services, rendererDir, engine: backend.engine, logger })
  return { backend, server, logged }
}

describeEngines('instance server', (engine) => {
  it('signs in with a bearer token (from a response header, never the body) and serves the contract with it', async () => {
    const { server, backend, logged } = await start(engine)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    await connectInstance(server.url).client.auth.setup(OPERATOR)

    const { client, session } = connectInstance(server.url)
    const me = await client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
    expect(JSON.stringify(me)).not.toContain(session.token)
    expect(session.token).toMatch(/^\S{20,}$/)
    const list = await client.users.list({})
    expect(list.items.map((u) => u.email)).toEqual([OPERATOR.admin.email])

    // The token is a session row like any other: hashed at rest, and revoked by signing out.
    const rows = await backend.engine.read(({ db, t }) => db.select().from(t.sessions))
    expect(rows.map((r) => r.tokenHash)).not.toContain(session.token)
    await client.auth.signOut()
    expect((await client.users.list({}).then(() => null, toAppError))?.code).toBe('UNAUTHENTICATED')

    // Audit rows written through the instance record it as their connection.
    const hosts = (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog))).map((r) => r.host)
    expect(new Set(hosts)).toEqual(new Set([server.url]))

    // One JSON line per request: method, path, status, duration; no token, password or body.
    const requests = logged.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === 'request')
    expect(requests.map((l) => l.path)).toEqual([
      '/rpc/auth/setup',
      '/rpc/auth/signIn',
      '/rpc/users/list',
      '/rpc/auth/signOut',
      '/rpc/users/list',
    ])
    expect(requests[1]).toMatchObject({ method: 'POST', status: 200, ms: expect.any(Number) })
    expect(logged.join('')).not.toContain(session.token)
    expect(logged.join('')).not.toContain(OPERATOR.admin.password)
  })

  it('refuses a console of another contract version, naming both versions', async () => {
    const { server } = await start(engine)
    const { client } = connectInstance(server.url, { headers: () => ({ [CONTRACT_VERSION_HEADER]: String(CONTRACT_VERSION + 1) }) })
    const error = await client.auth.status().then(() => null, toAppError)
    expect(error?.code).toBe('CONFLICT')
    expect(error?.reason).toBe('INCOMPATIBLE_VERSION')
    expect(error?.message).toBe(
      `This console speaks contract version ${CONTRACT_VERSION + 1}; this instance speaks version ${CONTRACT_VERSION}. Update the older one.`,
    )
    const raw = await fetch(`${server.url}/version`, { headers: { [CONTRACT_VERSION_HEADER]: '0' } })
    expect(raw.status).toBe(409)
    expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ app: expect.any(String), contract: CONTRACT_VERSION })
    expect(raw.headers.get(SESSION_TOKEN_HEADER)).toBeNull()
  })
})

// A demo store is an SQLite file (PostgreSQL refuses every demo operation: see the audit walk).
describe('instance server over a demo store', () => {
  it('refuses the demo: no demo made on an instance, and no passwordless sign-in into a demo store served as one', async () => {
    const { server, backend } = await start()
    const { client } = connectInstance(server.url)
    const explored = await (async () => {
      for await (const _ of await client.demo.explore({})) break
    })().then(() => null, toAppError)
    expect(explored?.code).toBe('UNAVAILABLE')
    expect(await backend.services.setup.status()).toEqual({ needsSetup: true })
    // A demo store opened as an instance all the same: its SUPER_ADMIN still needs a password.
    for await (const _ of await backend.services.demo.explore());
    expect((await client.demo.signIn().then(() => null, toAppError))?.code).toBe('UNAVAILABLE')
  })
})
