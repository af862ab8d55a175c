import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toAppError } from '../../shared/errors'
import { connectInstance } from '../../../tests/support/instance-client'
import { useMailCapture } from '../../../tests/support/mail-capture'
import { OPERATOR, tempBackend, tempDir, tempRendererDir } from '../../../tests/support/temp-backend'
import { MAX_BODY_BYTES } from '../http/request-body'
import { SESSION_TOKEN_HEADER } from '../remote/protocol'
import { startInstanceServer, type InstanceServer, type InstanceServerOptions } from './instance-server'

const sent = useMailCapture()

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(options: Partial<InstanceServerOptions> = {}) {
  const backend = tempBackend(undefined, sent.config())
  const rendererDir = tempRendererDir('Switchboard console')
  server = await startInstanceServer({ services: backend.services, rendererDir, ...options })
  return { backend, server }
}

/** A request sent with node:http, which (unlike fetch) sends any Host header as given. */
function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('instance hardening', () => {
  it('builds emailed links from the public URL, never from the Host header', async () => {
    const { server } = await start({ publicUrl: 'https://switchboard.example.com/' })
    const operator = connectInstance(server.url)
    await operator.client.auth.setup(OPERATOR)
    const body = JSON.stringify({ json: { email: 'nia@example.test', role: 'AGENT' } })
    const res = await raw(server.port, {
      method: 'POST',
      path: '/rpc/invitations/create',
      headers: {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'content-type': 'application/json',
        authorization: `Bearer ${operator.session.token}`,
      },
      body,
    })
    expect(res.status).toBe(200)
    const { mail } = sent.last()
    expect(mail.to).toContain('nia@example.test')
    expect(mail.text).toMatch(/https:\/\/switchboard\.example\.com\/#\/register\/[\w-]{43}/)
    expect(mail.text + mail.html).not.toContain('evil.example')
  })

  it('refuses to listen with plain HTTP off loopback unless told it is meant', async () => {
    const backend = tempBackend()
    await expect(startInstanceServer({ services: backend.services, rendererDir: tempDir(), host: '0.0.0.0' })).rejects.toThrow(
      /Refusing to serve plain HTTP on 0\.0\.0\.0/,
    )
  })

  it('keeps CORS closed: preflights refused, no Access-Control-Allow-* on any answer', async () => {
    const { server } = await start()
    const preflight = await raw(server.port, {
      method: 'OPTIONS',
      path: '/rpc/auth/status',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(preflight.status).toBe(403)
    const call = await raw(server.port, {
      method: 'POST',
      path: '/rpc/auth/status',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'x-switchboard-session': 'bearer' },
      body: '{}',
    })
    expect(call.status).toBe(403)
    for (const res of [preflight, call]) expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
  })

  it('accepts cookie sessions from its own origin only (CSRF), and sets them HttpOnly and SameSite=Strict', async () => {
    const { server } = await start()
    const setup = await fetch(`${server.url}/rpc/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ json: OPERATOR }),
    })
    expect(setup.status).toBe(200)
    expect(setup.headers.get(SESSION_TOKEN_HEADER)).toBeNull()
    const [cookie] = setup.headers.getSetCookie()
    expect(cookie).toMatch(/^switchboard_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/)
    const pair = cookie!.split(';')[0]!
    const me = (origin: string | undefined) =>
      fetch(`${server.url}/rpc/auth/me`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: pair, ...(origin ? { origin } : {}) },
        body: '{}',
      })
    const own = await me(server.url)
    expect(((await own.json()) as { json: { user: { email: string } } }).json.user.email).toBe(OPERATOR.admin.email)
    expect((await me('https://evil.example')).status).toBe(403)
    expect((await me(undefined)).status).toBe(403)
  })

  it('answers with the security headers, serves the console and the pages of emailed links, health, readiness and version', async () => {
    const { server } = await start()
    const page = await raw(server.port, { path: '/register' })
    expect(page.status).toBe(200)
    expect(page.text).toContain('Switchboard console')
    expect(page.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    })
    expect(page.headers['strict-transport-security']).toBeUndefined()
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' })
    expect((await fetch(`${server.url}/version`)).status).toBe(200)
  })

  it('refuses an oversized or too deeply nested body before parsing it', async () => {
    const { server } = await start()
    const { client } = connectInstance(server.url)
    const big = await client.auth.signIn({ email: 'a@example.test', password: 'x'.repeat(MAX_BODY_BYTES) }).then(() => null, toAppError)
    expect(big?.code).toBe('TOO_LARGE')
    const deep = await raw(server.port, {
      method: 'POST',
      path: '/api/auth/status',
      headers: { 'content-type': 'application/json' },
      body: '['.repeat(100) + ']'.repeat(100),
    })
    expect(deep.status).toBe(422)
    expect(JSON.parse(deep.text)).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/nests deeper/) })
  })

  it('serves HTTPS with the given certificate, with HSTS and Secure cookies', async () => {
    const dir = tempDir()
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')]
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    )
    const { server } = await start({ tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } })
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`)
    const get = (ca?: Buffer) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = https.request(
          `${server.url}/rpc/auth/setup`,
          {
            method: 'POST',
            ca,
            headers: { 'content-type': 'application/json', origin: server.url },
          },
          resolve,
        )
        req.on('error', reject)
        req.end(JSON.stringify({ json: OPERATOR }))
      })
    // A client that does not trust the certificate refuses it.
    await expect(get()).rejects.toThrow(/self-signed|self signed/)
    const res = await get(fs.readFileSync(cert))
    res.resume()
    expect(res.statusCode).toBe(200)
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    expect(res.headers['set-cookie']?.[0]).toMatch(/^__Host-switchboard_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/)
  })
})
