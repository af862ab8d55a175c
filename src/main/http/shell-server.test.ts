import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode, toAppError } from '../../shared/errors'
import { OPERATOR, tempBackend, tempRendererDir } from '../../../tests/support/temp-backend'
import { connectShell } from '../../../tests/support/shell-client'
import { useMailCapture } from '../../../tests/support/mail-capture'
import { startShellServer, type ShellServer } from './shell-server'

const sent = useMailCapture()

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start() {
  const backend = tempBackend(undefined, sent.config())
  const rendererDir = tempRendererDir()
  server = await startShellServer({ services: backend.services, rendererDir })
  return { backend, server }
}

/** A GET sent with node:http, which (unlike fetch) sends any Host and path as given. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return toAppError(error)
  }
  throw new Error('expected the call to fail')
}

describe('browser shell RPC', () => {
  it('runs setup, me and sign-out over HTTP with the session in an HttpOnly cookie', async () => {
    const { server } = await start()
    const { client, jar } = await connectShell(server.url)
    expect(await client.auth.status()).toEqual({ needsSetup: true })
    const me = await client.auth.setup(OPERATOR)
    expect(me.user.role).toBe('SUPER_ADMIN')
    expect(JSON.stringify(me)).not.toMatch(/token|hash/i)
    expect([...jar.keys()]).toContain(`sb_session_${server.port}`)
    expect((await client.auth.me())?.user.email).toBe('ada@northwind.test')
    await client.auth.signOut()
    expect(await client.auth.me()).toBeNull()
    expect([...jar.keys()]).not.toContain(`sb_session_${server.port}`)
  })

  it('turns bad input into VALIDATION with field paths, and writes nothing', async () => {
    const { server, backend } = await start()
    const { client } = await connectShell(server.url)
    const error = await rejection(
      client.auth.setup({
        organisation: { name: 'Northwind', slug: '-Bad Slug-' },
        admin: { name: '', email: 'not-an-email', password: 'short' },
      }),
    )
    expect(error.code).toBe('VALIDATION')
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['admin.email', 'admin.name', 'admin.password', 'organisation.slug'])
    expect(error.fields?.['admin.password']).toMatch(/at least 12/)
    const rows = await backend.engine.read(async ({ db, t }) => [
      ...(await db.select().from(t.organisations)),
      ...(await db.select().from(t.users)),
      ...(await db.select().from(t.auditLog)),
    ])
    expect(rows).toEqual([])
  })

  it('answers every sign-in failure with one UNAUTHENTICATED message', async () => {
    const { server } = await start()
    const { client } = await connectShell(server.url)
    await client.auth.setup(OPERATOR)
    const wrong = await rejection(client.auth.signIn({ email: OPERATOR.admin.email, password: 'wrong password!!' }))
    const unknown = await rejection(client.auth.signIn({ email: 'who@northwind.test', password: 'wrong password!!' }))
    expect(wrong.code).toBe('UNAUTHENTICATED')
    expect(wrong.message).toBe(unknown.message)
  })

  it('refuses callers without the per-run secret, from another origin, or via another Host', async () => {
    const { server } = await start()
    expect((await fetch(server.origin + '/')).status).toBe(403)
    expect((await fetch(server.url.replace(/k=.*/, 'k=wrong'))).status).toBe(403)
    const withCookie = await connectShell(server.url)
    const foreign = await fetch(`${server.origin}/rpc/auth/status`, {
      method: 'POST',
      headers: { cookie: withCookie.cookieHeader(), origin: 'http://evil.test', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(foreign.status).toBe(403)
    expect(await foreign.text()).toBe('Cross-origin calls are refused.')
    expect(await rawGet(server.port, '/', { host: `rebound.test:${server.port}`, cookie: withCookie.cookieHeader() })).toBe(421)
    // localhost is loopback as well (and the name passkeys need): served, with calls from its own origin only.
    expect(await rawGet(server.port, '/', { host: `localhost:${server.port}`, cookie: withCookie.cookieHeader() })).toBe(200)
    const fromLocalhost = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/rpc/auth/status',
            method: 'POST',
            headers: { host: `localhost:${server.port}`, origin, cookie: withCookie.cookieHeader(), 'content-type': 'application/json' },
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end('{}')
      })
    expect(await fromLocalhost(`http://localhost:${server.port}`)).toBe(200)
    expect(await fromLocalhost(server.origin)).toBe(403)
  })

  it('answers malformed paths and cookies with an error and keeps serving', async () => {
    const { server } = await start()
    const { client, cookieHeader } = await connectShell(server.url)
    const host = `127.0.0.1:${server.port}`
    expect(await rawGet(server.port, '//', { host, cookie: cookieHeader() })).toBe(200)
    expect(await rawGet(server.port, '//evil.test/x', { host, cookie: cookieHeader() })).toBe(200)
    expect(await rawGet(server.port, '*', { host, cookie: cookieHeader() })).toBe(400)
    expect(await rawGet(server.port, '/%E0', { host, cookie: cookieHeader() })).toBe(400)
    // An undecodable cookie beside the real one is ignored, not fatal.
    expect(await rawGet(server.port, '/', { host, cookie: `junk=%E0; ${cookieHeader()}` })).toBe(200)
    expect(await rawGet(server.port, '/', { host, cookie: `sb_shell_${server.port}=%E0` })).toBe(403)
    expect(await client.auth.status()).toEqual({ needsSetup: true })
    // The link's redirect stays on this server, whatever path it carries.
    const secret = new URL(server.url).searchParams.get('k')!
    const redirect = await fetch(`${server.origin}//evil.test/x?k=${secret}&y=1`, { redirect: 'manual' })
    expect([redirect.status, redirect.headers.get('location')]).toEqual([303, '/evil.test/x?y=1'])
  })
})

describe('users over HTTP', () => {
  it('parses the invite email (trimmed, lower-cased) and never returns a token', async () => {
    const { server } = await start()
    const { client } = await connectShell(server.url)
    await client.auth.setup(OPERATOR)
    const created = await client.invitations.create({ email: '  Nia.Agent@Example.TEST ', role: 'AGENT' })
    expect(created.invitation.email).toBe('nia.agent@example.test')
    expect(created.delivery).toEqual({ to: 'nia.agent@example.test', via: 'smtp' })
    const { token } = sent.last()
    expect(JSON.stringify(created)).not.toContain(token)
    const again = await rejection(client.invitations.create({ email: 'NIA.AGENT@example.test', role: 'AGENT' }))
    expect(again.code).toBe('CONFLICT')
    expect(again.fields?.email).toBe('Already invited — use Resend')
    // The reason and the invitation's id cross the wire as data.
    expect([again.reason, again.ids]).toEqual(['ALREADY_INVITED', { invitationId: created.invitation.id }])
    // The registration link is built from the shell's own address.
    expect(sent.last().mail.text).toContain(`${server.origin}/#/register/${token}`)
  })
})

describe('organisations over HTTP', () => {
  it('streams demo-fill progress to the client, and refuses bad Features Enabled in its field', async () => {
    const { server } = await start()
    const { client } = await connectShell(server.url)
    await client.auth.setup(OPERATOR)
    const demo = await client.organisations.create({ name: 'Demo Co', slug: 'demo-co', isAdminTenant: false, isDemo: true })
    const steps: { step: string; done: number; total: number }[] = []
    for await (const progress of await client.organisations.fillDemo({ id: demo.id })) steps.push(progress)
    expect(steps.length).toBeGreaterThan(3)
    expect(steps.at(-1)!.done).toBe(steps.at(-1)!.total)
    expect((await client.organisations.get({ id: demo.id })).userCount).toBeGreaterThan(10)

    const bad = await rejection(
      client.organisations.update({
        id: demo.id,
        name: 'Demo Co',
        slug: 'demo-co',
        isAdminTenant: false,
        isDemo: true,
        featuresEnabled: '["helpdesk","warp"]',
      }),
    )
    expect(bad.code).toBe('VALIDATION')
    expect(bad.fields?.featuresEnabled).toMatch(/Unknown feature code: warp/)
    const ok = await client.organisations.update({
      id: demo.id,
      name: 'Demo Co',
      slug: 'demo-co',
      isAdminTenant: false,
      isDemo: true,
      featuresEnabled: ' ["crm"] ',
    })
    expect(ok.organisation.effectiveFeatures).toEqual(['crm'])
  })
})

describe('teams over HTTP', () => {
  it('refuses a signature with unknown placeholders, naming them, and keeps the old one', async () => {
    const { server } = await start()
    const { client } = await connectShell(server.url)
    await client.auth.setup(OPERATOR)
    const team = await client.teams.create({ name: 'Service Desk', description: '' })
    await client.teams.setSignature({ teamId: team.id, signature: '{{agent.name}}' })
    const bad = await rejection(client.teams.setSignature({ teamId: team.id, signature: '{{agent.nmae}} {{team.name}} {{ticket.id}}' }))
    expect(bad.code).toBe('VALIDATION')
    expect(bad.fields?.signature).toMatch(/agent\.nmae/)
    expect(bad.fields?.signature).toMatch(/ticket\.id/)
    expect((await client.teams.get({ id: team.id })).signature).toBe('{{agent.name}}')
  })
})

/** A POST to the shell's RPC endpoint with node:http, body sent in chunks, as a hostile client might. */
function rawPost(server: ShellServer, cookie: string, chunks: Iterable<string>, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/rpc/auth/status',
        headers: { cookie, origin: server.origin, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    // The server may hang up before the whole body is sent: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    const it = chunks[Symbol.iterator]()
    const pump = () => {
      for (let next = it.next(); !next.done; next = it.next()) if (!req.write(next.value)) return void req.once('drain', pump)
      req.end()
    }
    pump()
  })
}

describe('browser shell request limits', () => {
  it('refuses a body over 1 MB as TOO_LARGE, by its Content-Length or as it streams, before parsing it', async () => {
    const { server } = await start()
    const { client, cookieHeader } = await connectShell(server.url)
    await client.auth.setup(OPERATOR)
    // Through the typed client: the error is typed, and says why.
    const big = await rejection(client.licence.install({ text: 'x'.repeat(2 * 1024 * 1024) }))
    expect([big.code, big.message]).toEqual([ErrorCode.TOO_LARGE, 'The request is larger than 1 MB, the most any operation accepts.'])
    // Chunked, with no Content-Length: refused once the bytes pass the limit, the rest unread.
    const chunk = `"${'y'.repeat(64 * 1024)}",`
    function* endless() {
      yield '{"json":['
      for (let i = 0; i < 48; i++) yield chunk
      yield '""]}'
    }
    const streamed = await rawPost(server, cookieHeader(), endless(), { 'transfer-encoding': 'chunked' })
    expect(streamed.status).toBe(413)
    expect(JSON.parse(streamed.body).json).toMatchObject({ code: ErrorCode.TOO_LARGE })
    // The console still answers.
    expect((await client.auth.me())?.user.email).toBe(OPERATOR.admin.email)
  })

  it('refuses deeply nested JSON and non-JSON bodies as VALIDATION', async () => {
    const { server } = await start()
    const { cookieHeader } = await connectShell(server.url)
    const deep = await rawPost(server, cookieHeader(), [`{"json":${'['.repeat(5000)}${']'.repeat(5000)}}`])
    expect(deep.status).toBe(422)
    expect(JSON.parse(deep.body).json).toMatchObject({ code: ErrorCode.VALIDATION, message: expect.stringMatching(/nests deeper than 32/) })
    const form = await rawPost(server, cookieHeader(), ['a=1'], { 'content-type': 'application/x-www-form-urlencoded' })
    expect([form.status, JSON.parse(form.body).json.code]).toEqual([422, ErrorCode.VALIDATION])
    const broken = await rawPost(server, cookieHeader(), ['{"json":'])
    expect([broken.status, JSON.parse(broken.body).json.code]).toEqual([422, ErrorCode.VALIDATION])
  })
})
