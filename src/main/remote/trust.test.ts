import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { noKeychain } from '../../../tests/support/no-keychain'
import { OPERATOR, tempBackend, tempDir, tempRendererDir, testKeychain } from '../../../tests/support/temp-backend'
import { addConnectionInputSchema } from '../../shared/contract/connections.contract'
import { fieldErrorsFrom, toAppError } from '../../shared/errors'
import { startInstanceServer } from '../instance/instance-server'
import { CONNECTIONS_FILE } from './connection-store'
import { createConnections, tokenAccount } from './connections.service'
import { createInstanceClient } from './instance-client'
import { readCaFile, systemCertificates } from './trust'
import { memorySlot } from '../../../tests/support/memory-slot'

// Real certificates (openssl), a real instance server over TLS, the console's real client: an
// organisation's own CA is trusted where the connection names its file, and nothing else changes.

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

const fail = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call succeeded'), toAppError)

function openssl(dir: string, ...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

/** A throwaway certificate authority: its certificate (PEM file) and key, in `dir`. */
function makeCa(dir: string, name: string) {
  openssl(
    dir,
    'req',
    '-x509',
    ...EC,
    '-days',
    '1',
    '-subj',
    `/O=${name}/CN=${name} Root CA`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  )
  return { certFile: path.join(dir, `${name}.pem`), keyFile: path.join(dir, `${name}.key`) }
}

/** A server certificate for 127.0.0.1, signed by `ca` (not a CA itself). */
function issueServerCertificate(dir: string, ca: { certFile: string; keyFile: string }) {
  openssl(dir, 'req', '-new', ...EC, '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr')
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n')
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-set_serial',
    '2',
    '-days',
    '1',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  )
  return {
    certFile: path.join(dir, 'server.pem'),
    cert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
    key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
  }
}

let pki: { dir: string; ca: string; otherCa: string; server: ReturnType<typeof issueServerCertificate> }
beforeAll(() => {
  // Made once for the file, so not in a per-test temporary directory.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-pki-'))
  const ca = makeCa(dir, 'Acme')
  const other = makeCa(dir, 'Elsewhere')
  pki = { dir, ca: ca.certFile, otherCa: other.certFile, server: issueServerCertificate(dir, ca) }
})
afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }))

/** A real instance server over HTTPS with the CA-signed certificate, its own store, not yet set up. */
async function startTlsInstance() {
  const backend = tempBackend()
  const server = await startInstanceServer({
    services: backend.services,
    rendererDir: tempRendererDir(),
    engine: backend.engine,
    tls: { cert: pki.server.cert, key: pki.server.key },
  })
  stops.push(server.close)
  expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:/)
  return server
}

/** The console's client of the instance, trusting what a CA file holds (or only the usual roots). */
function clientTrusting(url: string, caFile?: string) {
  const reading = caFile ? readCaFile(caFile) : undefined
  if (reading && !reading.ok) throw new Error(reading.problem)
  const instance = createInstanceClient({
    instance: { name: 'Acme', url },
    session: memorySlot(),
    ca: reading?.certificates,
    timeoutMs: 5_000,
  })
  stops.push(() => instance.close())
  return instance
}

const signIn = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }

describe('an instance whose certificate the organisation’s own CA signed', () => {
  it('is refused as a certificate failure without the CA file, and nothing is remembered', async () => {
    const server = await startTlsInstance()
    const dataDir = tempDir()
    const connections = createConnections({ dataDir, secrets: noKeychain, timeoutMs: 5_000 })
    const error = await fail(connections.add({ name: 'Acme', url: server.url, ...signIn }))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'CERTIFICATE_REFUSED' })
    expect(error.message).toContain(`Acme (127.0.0.1:${server.port})`)
    expect(fs.readdirSync(dataDir)).toEqual([])

    // Every call, not only the check on adding.
    const client = clientTrusting(server.url)
    expect((await fail(client.checkVersion())).reason).toBe('CERTIFICATE_REFUSED')
    expect((await fail(client.client.auth.status())).reason).toBe('CERTIFICATE_REFUSED')
  })

  it('connects with the CA file, and calls work over the verified connection', async () => {
    const server = await startTlsInstance()
    const client = clientTrusting(server.url, pki.ca)
    expect((await client.checkVersion()).contract).toBeGreaterThan(0)
    expect(await client.client.auth.status()).toEqual({ needsSetup: true })
    await client.client.auth.setup(OPERATOR)
    await client.client.auth.signIn(signIn)
    expect((await client.client.users.list({})).items.map((u) => u.email)).toEqual([OPERATOR.admin.email])

    // Through the console's connections too: the CA file lets it past the certificate check and the
    // sign-in; without a keychain it then refuses, as it does for any instance.
    const connections = createConnections({ dataDir: tempDir(), secrets: noKeychain, timeoutMs: 5_000 })
    const refused = await fail(connections.add({ name: 'Acme', url: server.url, caFile: pki.ca, ...signIn }))
    expect(refused.reason).toBe('KEYCHAIN_UNAVAILABLE')
  })

  it('is still refused with the CA file of another CA', async () => {
    const server = await startTlsInstance()
    const client = clientTrusting(server.url, pki.ca)
    await client.client.auth.setup(OPERATOR)
    const dataDir = tempDir()
    const connections = createConnections({ dataDir, secrets: noKeychain, timeoutMs: 5_000 })
    const error = await fail(connections.add({ name: 'Acme', url: server.url, caFile: pki.otherCa, ...signIn }))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'CERTIFICATE_REFUSED' })
    expect(fs.readdirSync(dataDir)).toEqual([])
    expect((await fail(clientTrusting(server.url, pki.otherCa).client.auth.status())).reason).toBe('CERTIFICATE_REFUSED')
  })

  it('refuses a CA file it cannot use on its field, before calling the instance', async () => {
    const dir = tempDir()
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text)
      return path.join(dir, name)
    }
    const caPem = fs.readFileSync(pki.ca, 'utf8')
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing.pem'), /no file at this path/],
      [dir, /folder/],
      // A device that would never end (where there is one).
      ...(fs.existsSync('/dev/zero') ? [['/dev/zero', /not a regular file/] as [string, RegExp]] : []),
      [write('notes.txt', 'not a certificate\n'), /no PEM certificate/],
      [write('damaged.pem', caPem.replace(/(BEGIN CERTIFICATE-----\n)..../, '$1AAAA')), /damaged/],
      [pki.server.certFile, /not a certificate authority's \(CN=127\.0\.0\.1\)/],
    ]
    const dataDir = tempDir()
    const connections = createConnections({ dataDir, secrets: noKeychain, timeoutMs: 5_000 })
    for (const [caFile, problem] of cases) {
      // An address that would be unreachable: the refusal comes before any call.
      const error = await fail(connections.add({ name: 'Acme', url: 'https://switchboard.invalid', caFile, ...signIn }))
      expect(error.code, caFile).toBe('VALIDATION')
      expect(error.fields?.caFile, caFile).toMatch(problem)
    }
    expect(fs.readdirSync(dataDir)).toEqual([])

    // A bundle (the CA and another) is fine; so is a blank field, which means none.
    expect(readCaFile(write('bundle.pem', caPem + fs.readFileSync(pki.otherCa, 'utf8')))).toMatchObject({
      ok: true,
      certificates: [expect.any(String), expect.any(String)],
    })
    const input = { name: 'Acme', url: 'https://acme.example.com', ...signIn }
    expect(addConnectionInputSchema.parse({ ...input, caFile: '  ' }).caFile).toBeUndefined()
    // The host reads the path, so it must be a full one.
    const relative = addConnectionInputSchema.safeParse({ ...input, caFile: 'certs/acme.pem' })
    expect(relative.success || fieldErrorsFrom(relative.error.issues).caFile).toMatch(/full path/)
    expect(addConnectionInputSchema.safeParse({ ...input, caFile: 'C:\\certs\\acme.pem' }).success).toBe(true)
  })

  it('trusts the OS certificate store where Node can read it, and Node’s bundled roots always', () => {
    const read = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates
    expect(systemCertificates()).toEqual(read ? read('system') : [])
  })

  it('has no switch anywhere in the app to skip certificate verification', () => {
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          if (/rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/.test(fs.readFileSync(full, 'utf8')))
            offenders.push(full)
        }
      }
    }
    walk(path.resolve(import.meta.dirname, '..', '..'))
    expect(offenders).toEqual([])
  })
})

describe.skipIf(!inject('keychain').run)('a connection added with a CA file', () => {
  it('keeps the file’s path with the connection, trusts it on every call after a restart, and says so when the file is gone', async () => {
    const server = await startTlsInstance()
    await clientTrusting(server.url, pki.ca).client.auth.setup(OPERATOR)
    const caFile = path.join(tempDir(), 'acme-ca.pem')
    fs.copyFileSync(pki.ca, caFile)
    const dataDir = tempDir()
    const connections = createConnections({ dataDir, secrets: testKeychain, timeoutMs: 5_000 })
    const added = await connections.add({ name: 'Acme', url: server.url, caFile, ...signIn })
    expect(added).toMatchObject({ kind: 'remote', caFile, host: `127.0.0.1:${server.port}` })
    // The path, not a secret, is what the list keeps; the token is in the keychain only.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, CONNECTIONS_FILE), 'utf8'))).toEqual({
      connections: [{ id: added.id, name: 'Acme', url: server.url, caFile }],
    })
    await connections.activate(added.id)
    expect((await connections.activeClient().users.list({})).items).toHaveLength(1)

    // The next run of the console reads the file again.
    const restarted = createConnections({ dataDir, secrets: testKeychain, timeoutMs: 5_000 })
    await restarted.activate(added.id)
    expect((await restarted.activeClient().users.list({})).items).toHaveLength(1)

    // A run after the file went: refused with what to do, and the connection can still be removed.
    fs.rmSync(caFile)
    const withoutFile = createConnections({ dataDir, secrets: testKeychain, timeoutMs: 5_000 })
    const error = await fail(withoutFile.activate(added.id))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'CERTIFICATE_REFUSED' })
    expect(error.message).toContain(caFile)
    expect(error.message).toContain('no file at this path')
    await withoutFile.remove(added.id)
    expect(await testKeychain.get(tokenAccount(added.id))).toBeNull()
    expect(withoutFile.list().map((c) => c.id)).toEqual(['local'])
  })
})
