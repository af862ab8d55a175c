import http from 'node:http'
import { afterEach, expect, it } from 'vitest'
import { backendOn, describeEngines, type EngineName } from '../../../tests/support/engines'
import { snapshot } from '../../../tests/support/snapshot'
import { toAppError } from '../../shared/errors'
import { connectInstance } from '../../../tests/support/instance-client'
import { useMailCapture } from '../../../tests/support/mail-capture'
import { OPERATOR, tempRendererDir } from '../../../tests/support/temp-backend'
import { createHash, createHmac } from 'node:crypto'
import fs from 'node:fs'
import type { Backend } from '../backend'
import { instanceKeyFile } from '../security/instance-key'
import { AUTHORIZATION_HEADER, IDEMPOTENCY_KEY_HEADER, INSTANCE_PATHS, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../remote/protocol'
import { IDEMPOTENCY_TTL_MS, KEY_REUSED } from '../features/idempotency/idempotency.service'
import { startInstanceServer, type InstanceServer } from './instance-server'

const sent = useMailCapture()

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(engine: EngineName) {
  mailFrom = sent.received().length
  const backend = await backendOn(engine, sent.config())
  const rendererDir = tempRendererDir()
  server = await startInstanceServer({ services: backend.services, rendererDir, engine: backend.engine })
  const operator = connectInstance(server.url)
  await operator.client.auth.setup(OPERATOR)
  return { backend, server, token: operator.session.token! }
}

/** A client that sends this idempotency key with every call, as a console retrying one mutation does. */
const withKey = (base: string, token: string, key: string) =>
  connectInstance(base, { token, headers: () => ({ [IDEMPOTENCY_KEY_HEADER]: key }) }).client

/** Where this test's mail starts: the capture is the file's, and each engine's run sends the same addresses. */
let mailFrom = 0
const mailsTo = (email: string) =>
  sent
    .received()
    .slice(mailFrom)
    .filter((m) => JSON.stringify(m.to).includes(email)).length

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(await condition()).toBe(true)
}

const invitationRows = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.invitations))
const teamRows = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.teams))
const keyRows = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.idempotencyKeys))

describeEngines('idempotent mutations on an instance', (engine) => {
  it('answers a repeated key with the first answer: one invitation, one mail', async () => {
    const { backend, server, token } = await start(engine)
    const client = withKey(server.url, token, 'invite-nia-1')
    const first = await client.invitations.create({ email: 'nia@example.test', role: 'AGENT' })
    const again = await client.invitations.create({ email: 'nia@example.test', role: 'AGENT' })
    expect(again).toEqual(first)
    expect(await invitationRows(backend)).toHaveLength(1)
    expect(mailsTo('nia@example.test')).toBe(1)

    // The same key for another request is refused; a new key runs (and is refused as a duplicate invitation).
    const reused = await client.invitations.create({ email: 'other@example.test', role: 'AGENT' }).then(() => null, toAppError)
    expect([reused?.code, reused?.message]).toEqual(['VALIDATION', KEY_REUSED])
    const fresh = await withKey(server.url, token, 'invite-nia-2')
      .invitations.create({ email: 'nia@example.test', role: 'AGENT' })
      .then(() => null, toAppError)
    expect(fresh?.code).toBe('CONFLICT')

    // Kept 24 hours: after that the key is forgotten and runs again.
    backend.clock.advance(IDEMPOTENCY_TTL_MS + 1)
    const signedIn = connectInstance(server.url)
    await signedIn.client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
    const later = await withKey(server.url, signedIn.session.token!, 'invite-nia-1')
      .invitations.create({ email: 'nia@example.test', role: 'AGENT' })
      .then(() => null, toAppError)
    expect(later?.code).toBe('CONFLICT')
  })

  it('makes a retry safe after the client dropped the connection before reading the answer', async () => {
    const { backend, server, token } = await start(engine)
    const key = 'invite-omar-1'
    const body = JSON.stringify({ json: { email: 'omar@example.test', role: 'AGENT' } })
    // Sent whole, then the connection is dropped at once: the answer is never read.
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/rpc/invitations/create',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [AUTHORIZATION_HEADER]: `Bearer ${token}`,
          [IDEMPOTENCY_KEY_HEADER]: key,
        },
      })
      req.on('error', () => resolve())
      req.end(body, () => {
        req.destroy()
        resolve()
      })
    })
    // The server went on with it: the invitation exists though its answer went nowhere.
    await until(async () => (await invitationRows(backend)).length === 1)

    // The console retries with the same key (again while the first may still run: CONFLICT says wait).
    const client = withKey(server.url, token, key)
    let retried
    for (let attempt = 0; attempt < 100 && !retried; attempt++) {
      retried = await client.invitations.create({ email: 'omar@example.test', role: 'AGENT' }).catch((error: unknown) => {
        if (toAppError(error).code !== 'CONFLICT') throw error
        return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50))
      })
    }
    expect(retried?.invitation.email).toBe('omar@example.test')
    expect(await invitationRows(backend)).toHaveLength(1)
    await until(() => mailsTo('omar@example.test') >= 1)
    expect(mailsTo('omar@example.test')).toBe(1)
  })
})

/** A call over /api as a script makes it: plain JSON, a bearer token, and an idempotency key when given. */
async function api(base: string, token: string | null, operation: string, input: unknown, key?: string) {
  const res = await fetch(`${base}${INSTANCE_PATHS.api}/${operation}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SESSION_MODE_HEADER]: 'bearer',
      ...(token ? { [AUTHORIZATION_HEADER]: `Bearer ${token}` } : {}),
      ...(key ? { [IDEMPOTENCY_KEY_HEADER]: key } : {}),
    },
    // An operation without input takes no body.
    body: input === undefined ? undefined : JSON.stringify(input),
  })
  const text = await res.text()
  return {
    status: res.status,
    token: res.headers.get(SESSION_TOKEN_HEADER),
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { id?: string; code?: string },
  }
}

/** An instance with the operator's Admin Tenant (A) and a customer tenant B; the operator's bearer token over /api. */
async function twoTenants(engine: EngineName) {
  const { backend, server } = await start(engine)
  const signIn = await api(server.url, null, 'auth/signIn', { email: OPERATOR.admin.email, password: OPERATOR.admin.password })
  const token = signIn.token!
  const me = await api(server.url, token, 'auth/me', undefined)
  const tenantA = (me.body as { actingTenant: { id: string } }).actingTenant.id
  const b = await api(server.url, token, 'organisations/create', {
    name: 'Fabrikam',
    slug: 'fabrikam',
    isAdminTenant: false,
    isDemo: false,
  })
  expect(b.status).toBe(200)
  const tenantB = b.body.id!
  const switchTo = async (tenantId: string) => expect((await api(server.url, token, 'auth/switchTenant', { tenantId })).status).toBe(200)
  return { backend, server, token, tenantA, tenantB, switchTo }
}

describeEngines('idempotency keys and tenants', (engine) => {
  it("runs the same key again after a tenant switch, in the new tenant; a retry in either tenant answers that tenant's call", async () => {
    const { backend, server, token, tenantA, tenantB, switchTo } = await twoTenants(engine)
    const teamsOf = async (tenantId: string) =>
      (await teamRows(backend)).filter((team) => team.tenantId === tenantId).map((team) => ({ id: team.id, name: team.name }))

    const inA = await api(server.url, token, 'teams/create', { name: 'Support' }, 'K')
    expect(inA.status).toBe(200)
    await switchTo(tenantB)
    const inB = await api(server.url, token, 'teams/create', { name: 'Support' }, 'K')
    expect(inB.status).toBe(200)
    expect(inB.body.id).not.toBe(inA.body.id)
    // Made in B, readable in B: not A's answer replayed.
    expect((await api(server.url, token, 'teams/get', { id: inB.body.id })).status).toBe(200)
    expect(await teamsOf(tenantB)).toEqual([{ id: inB.body.id, name: 'Support' }])

    // A retry in B answers B's call; back in A the same key answers A's; nothing runs twice.
    expect((await api(server.url, token, 'teams/create', { name: 'Support' }, 'K')).body).toEqual(inB.body)
    await switchTo(tenantA)
    expect((await api(server.url, token, 'teams/create', { name: 'Support' }, 'K')).body).toEqual(inA.body)
    expect(await teamsOf(tenantA)).toEqual([{ id: inA.body.id, name: 'Support' }])
    expect(await teamsOf(tenantB)).toEqual([{ id: inB.body.id, name: 'Support' }])
  })

  it('never answers a read from the store: a key on a read is ignored and the read runs where the session is', async () => {
    const { backend, server, token, tenantB, switchTo } = await twoTenants(engine)
    const invited = await api(server.url, token, 'invitations/create', { email: 'ines@example.test', role: 'AGENT' })
    expect(invited.status).toBe(200)
    const users = await api(server.url, token, 'users/list', {})
    const userId = (users.body as { items: { id: string }[] }).items[0]!.id

    expect((await api(server.url, token, 'users/get', { id: userId }, 'R')).status).toBe(200)
    await switchTo(tenantB)
    const inB = await api(server.url, token, 'users/get', { id: userId }, 'R')
    expect([inB.status, inB.body.code]).toEqual([404, 'NOT_FOUND'])
    // Reads leave no trace in the store; only the sign-in, the organisation and the switches… none of them used a key.
    expect(await keyRows(backend)).toEqual([])
  })

  it('keeps the calls of two users apart under the same key', async () => {
    const { backend, server, token } = await twoTenants(engine)
    const first = await api(server.url, token, 'invitations/create', { email: 'noor@example.test', role: 'SUPER_ADMIN' })
    expect(first.status).toBe(200)
    // Noor registers from the mail's link and signs in: another user of the same tenant.
    await until(() => mailsTo('noor@example.test') === 1)
    const link = sent.last().token
    const noor = await api(server.url, null, 'auth/register', { token: link, name: 'Noor', password: 'another long passphrase' })
    expect(noor.status).toBe(200)

    const byOperator = await api(server.url, token, 'teams/create', { name: 'Escalations' }, 'same-key')
    const byNoor = await api(server.url, noor.token!, 'teams/create', { name: 'Escalations 2' }, 'same-key')
    expect([byOperator.status, byNoor.status]).toEqual([200, 200])
    expect(byNoor.body.id).not.toBe(byOperator.body.id)
    expect((await teamRows(backend)).map((team) => team.name).sort()).toEqual(['Escalations', 'Escalations 2'])
  })

  it('stores a keyed fingerprint of the body, under a key kept in a file beside the store, never the body or its bare hash', async () => {
    const { backend, server, token } = await twoTenants(engine)
    const input = { name: 'Night shift', description: 'p4ssw0rd-like text' }
    expect((await api(server.url, token, 'teams/create', input, 'F')).status).toBe(200)
    const [row] = await keyRows(backend)
    const body = JSON.stringify(input)
    const bare = createHash('sha256').update(body).digest()
    expect([bare.toString('hex'), bare.toString('base64url'), bare.toString('base64')]).not.toContain(row!.fingerprint)
    // Only the answer (`body`, the team as created) may say what was sent; nothing about the request does.
    expect(JSON.stringify({ ...row, body: null })).not.toContain('p4ssw0rd')
    const keyFile = instanceKeyFile(backend.dataDir, 'fingerprint')
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)
    const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64url')
    expect(row!.fingerprint).toBe(createHmac('sha256', key).update(body).digest('base64url'))
    // The key is nowhere in the store: no row holds it, and on SQLite not one byte of the file.
    expect(await snapshot(backend)).not.toContain(key.toString('base64url'))
    if (backend.store) expect(fs.readFileSync(backend.store.file).includes(key)).toBe(false)
  })
})
