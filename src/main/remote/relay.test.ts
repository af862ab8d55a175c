import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { connectShell } from '../../../tests/support/shell-client'
import { startDroppingProxy } from '../../../tests/support/dropping-proxy'
import { connectInstance } from '../../../tests/support/instance-client'
import { startSmtpCapture } from '../../../tests/support/smtp-capture'
import { OPERATOR, tempBackend, tempDir, testKeychain } from '../../../tests/support/temp-backend'
import { CONTRACT_VERSION } from '../../shared/contract/version'
import type { ConsoleClient } from '../../shared/contract/connections.contract'
import { toAppError } from '../../shared/errors'
import { SESSION_TTL_MS } from '../features/auth/auth.service'
import { startShellServer } from '../http/shell-server'
import { startInstanceServer } from '../instance/instance-server'
import { CONNECTIONS_FILE } from './connection-store'
import { createConnections, tokenAccount } from './connections.service'
import { createInstanceClient } from './instance-client'
import { memorySlot } from '../../../tests/support/memory-slot'

// The console's keychain is the real OS one, as in keychain.test.ts.

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

function rendererDir(): string {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Switchboard</title>')
  return dir
}

/** A real instance server on loopback with its own store, mail server and operator. */
async function startInstance(options: { tls?: { cert: string; key: string } } = {}) {
  const smtp = await startSmtpCapture()
  const backend = tempBackend(undefined, { mailFrom: 'Switchboard <no-reply@switchboard.test>', smtpUrl: smtp.url })
  const server = await startInstanceServer({
    services: backend.services,
    rendererDir: rendererDir(),
    engine: backend.engine,
    tls: options.tls,
  })
  stops.push(smtp.close, server.close)
  if (!options.tls) await connectInstance(server.url).client.auth.setup(OPERATOR)
  return { backend, server, smtp }
}

/** The console: a local backend of its own, and the browser shell (the real host) serving it over HTTP. */
async function startConsole(options: { contractVersion?: number } = {}) {
  const local = tempBackend()
  const connections = createConnections({ dataDir: local.dataDir, secrets: testKeychain, timeoutMs: 5_000, ...options })
  const shell = await startShellServer({ services: local.services, rendererDir: rendererDir(), connections })
  stops.push(shell.close)
  const { client } = await connectShell(shell.url)
  return { local, connections, console: client as unknown as ConsoleClient }
}

const signIn = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }
const fail = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call succeeded'), toAppError)

describe.skipIf(!inject('keychain').run)('console relaying to an instance', () => {
  it('adds a connection (one sign-in, token in the keychain only), relays every screen to it, and forgets it on removal', async () => {
    const { server, smtp } = await startInstance()
    const { console, local } = await startConsole()

    expect((await console.connections.active()).kind).toBe('local')
    const added = await console.connections.add({ name: 'Acme on-prem', url: server.url + '/', ...signIn })
    expect(added).toMatchObject({ name: 'Acme on-prem', url: server.url, host: `127.0.0.1:${server.port}`, kind: 'remote', active: false })

    const token = await testKeychain.get(tokenAccount(added.id))
    expect(token).toMatch(/^\S{20,}$/)
    // Neither in the connections file nor anywhere in the console's local data directory (the SQLite store included).
    for (const file of fs.readdirSync(local.dataDir)) {
      const full = path.join(local.dataDir, file)
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(token!), file).toBe(false)
    }
    expect(JSON.parse(fs.readFileSync(path.join(local.dataDir, CONNECTIONS_FILE), 'utf8'))).toEqual({
      connections: [{ id: added.id, name: 'Acme on-prem', url: server.url }],
    })

    // While local is active the console still answers from its own (empty) store.
    expect(await console.auth.status()).toEqual({ needsSetup: true })
    expect(await console.connections.activate({ id: added.id })).toMatchObject({ id: added.id, active: true })
    expect(await console.auth.me()).toMatchObject({ user: { email: OPERATOR.admin.email } })
    expect((await console.users.list({})).items.map((u) => u.email)).toEqual([OPERATOR.admin.email])

    const invited = await console.invitations.create({ email: 'grace@northwind.test', role: 'AGENT' })
    expect(invited.invitation.email).toBe('grace@northwind.test')
    expect(smtp.received.map((m) => m.to && 'text' in m.to && m.to.text)).toEqual(['grace@northwind.test'])
    expect(smtp.received[0]!.text).toContain(`${server.url}/#/register/`)

    // Features Enabled is text that the contract turns into a list: the instance is sent the text as
    // typed (parsed once more there), not the console's parsed list, which it would refuse.
    const { id, name, slug, isAdminTenant, isDemo } = (await console.auth.me())!.homeTenant
    const changed = await console.organisations.update({ id, name, slug, isAdminTenant, isDemo, featuresEnabled: '["crm","helpdesk"]' })
    expect(changed.organisation.featuresEnabled).toEqual(['crm', 'helpdesk'])
    // A bad value is still refused in its field on this side, before anything is sent.
    expect((await fail(console.organisations.update({ id, name, slug, isAdminTenant, isDemo, featuresEnabled: '["warp"]' }))).code).toBe(
      'VALIDATION',
    )

    // Streams are relayed as they come: the instance's audit log, exported as CSV through the console.
    let csv = ''
    for await (const event of await console.audit.exportCsv({ filter: {} })) if (event.type === 'csv') csv += event.text
    expect(csv).toContain('invitations.create')

    await console.connections.remove({ id: added.id })
    expect(await testKeychain.get(tokenAccount(added.id))).toBeNull()
    expect((await console.connections.list()).map((c) => c.id)).toEqual(['local'])
    expect((await console.connections.active()).kind).toBe('local')
    // Removing ended the session on the instance too.
    expect((await fail(connectInstance(server.url, { token: token! }).client.users.list({}))).code).toBe('UNAUTHENTICATED')
  })

  it('signs out (token deleted), asks for the password again after the session expires, and stores the new token', async () => {
    const { server, backend: remote } = await startInstance()
    const { console } = await startConsole()
    const { id } = await console.connections.add({ name: 'Acme', url: server.url, ...signIn })
    await console.connections.activate({ id })

    await console.auth.signOut()
    expect(await testKeychain.get(tokenAccount(id))).toBeNull()
    expect(await console.auth.me()).toBeNull()

    await console.auth.signIn(signIn)
    const token = await testKeychain.get(tokenAccount(id))
    expect(token).toMatch(/^\S{20,}$/)
    expect((await console.users.list({})).items).toHaveLength(1)

    remote.clock.advance(SESSION_TTL_MS + 1)
    const expired = await fail(console.users.list({}))
    expect(expired.code).toBe('UNAUTHENTICATED')
    expect(await testKeychain.get(tokenAccount(id))).toBeNull()
    expect(await console.auth.me()).toBeNull()

    await console.auth.signIn(signIn)
    const replaced = await testKeychain.get(tokenAccount(id))
    expect(replaced).toMatch(/^\S{20,}$/)
    expect(replaced).not.toBe(token)
    expect((await console.users.list({})).items).toHaveLength(1)

    // Sign out everywhere ends this session too: its token leaves the keychain.
    await console.auth.signOutEverywhere()
    expect(await testKeychain.get(tokenAccount(id))).toBeNull()
    await console.connections.remove({ id })
  })

  it('retries a mutation whose answer was dropped with the same idempotency key: exactly one invitation', async () => {
    const { server, smtp } = await startInstance()
    const proxy = await startDroppingProxy(server)
    stops.push(proxy.close)
    const { console } = await startConsole()
    const { id } = await console.connections.add({ name: 'Acme', url: proxy.url, ...signIn })
    await console.connections.activate({ id })

    proxy.dropNextResponse()
    const invited = await console.invitations.create({ email: 'grace@northwind.test', role: 'AGENT' })
    expect(proxy.dropped).toBe(1)
    expect(invited.invitation.email).toBe('grace@northwind.test')
    expect((await console.invitations.list()).map((i) => i.email)).toEqual(['grace@northwind.test'])
    expect(smtp.received).toHaveLength(1)
    await console.connections.remove({ id })
  })

  it('says which instance cannot be reached, and answers again once it is back', async () => {
    const { server, backend } = await startInstance()
    const { console } = await startConsole()
    const { id } = await console.connections.add({ name: 'Acme', url: server.url, ...signIn })
    await console.connections.activate({ id })
    await server.close()

    const error = await fail(console.users.list({}))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'INSTANCE_UNREACHABLE' })
    expect(error.message).toContain(`Acme (127.0.0.1:${server.port})`)
    expect((await fail(console.connections.check())).reason).toBe('INSTANCE_UNREACHABLE')
    // The local store is one click away, whatever the instance does.
    expect((await console.connections.activate({ id: 'local' })).kind).toBe('local')
    // Still possible to choose an unreachable instance: the console then offers Retry.
    expect((await console.connections.activate({ id })).active).toBe(true)

    const again = await startInstanceServer({
      services: backend.services,
      rendererDir: rendererDir(),
      engine: backend.engine,
      port: server.port,
    })
    stops.push(again.close)
    expect(await console.connections.check()).toEqual({ ok: true })
    expect((await console.users.list({})).items).toHaveLength(1)
    await console.connections.remove({ id })
  })

  it('refuses an instance of another contract version, naming both versions', async () => {
    const { server } = await startInstance()
    const { console, local } = await startConsole({ contractVersion: CONTRACT_VERSION + 1 })
    const error = await fail(console.connections.add({ name: 'Acme', url: server.url, ...signIn }))
    expect(error.reason).toBe('INCOMPATIBLE_VERSION')
    expect(error.message).toContain(`version ${CONTRACT_VERSION + 1}`)
    expect(error.message).toContain(`version ${CONTRACT_VERSION}`)
    expect(fs.existsSync(path.join(local.dataDir, CONNECTIONS_FILE))).toBe(false)

    // Every call says its version too: the instance refuses one from another console, naming both.
    const other = createInstanceClient({
      instance: { name: 'Acme', url: server.url },
      session: memorySlot(),
      contractVersion: CONTRACT_VERSION + 1,
    })
    const refused = await fail(other.client.auth.status())
    expect(refused.reason).toBe('INCOMPATIBLE_VERSION')
    expect(refused.message).toContain(`version ${CONTRACT_VERSION + 1}`)
  })

  it('refuses an instance whose TLS certificate does not verify, with no way around it', async () => {
    const dir = tempDir()
    const cert = path.join(dir, 'cert.pem')
    const key = path.join(dir, 'key.pem')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert],
      {
        stdio: 'ignore',
      },
    )
    const { server } = await startInstance({ tls: { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') } })
    expect(server.url).toMatch(/^https:/)
    const { console, local } = await startConsole()
    const error = await fail(console.connections.add({ name: 'Self-signed', url: server.url, ...signIn }))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'CERTIFICATE_REFUSED' })
    expect(error.message).toContain(`Self-signed (127.0.0.1:${server.port})`)
    expect(fs.existsSync(path.join(local.dataDir, CONNECTIONS_FILE))).toBe(false)
  })
})
