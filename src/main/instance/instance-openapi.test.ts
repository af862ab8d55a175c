import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterEach, describe, expect, it } from 'vitest'
import { connectInstance } from '../../../tests/support/instance-client'
import { OPERATOR, tempBackend, tempRendererDir } from '../../../tests/support/temp-backend'
import { INSTANCE_PATHS, SESSION_TOKEN_HEADER } from '../remote/protocol'
import { startInstanceServer, type InstanceServer } from './instance-server'
import { REFERENCE_SCRIPT } from './openapi-reference'

const run = promisify(execFile)

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start() {
  const backend = tempBackend()
  const rendererDir = tempRendererDir()
  server = await startInstanceServer({ services: backend.services, rendererDir })
  await connectInstance(server.url).client.auth.setup(OPERATOR)
  return { backend, server }
}

describe('the instance API for scripts', () => {
  it('publishes a valid OpenAPI 3.1 document generated from the contract, and a call it documents works with curl and a bearer token', async () => {
    const { server } = await start()
    const doc = (await (await fetch(`${server.url}${INSTANCE_PATHS.openApi}`)).json()) as {
      openapi: string
      servers: { url: string }[]
      paths: Record<string, Record<string, { operationId: string }>>
    }
    expect(doc.openapi).toMatch(/^3\.1\./)
    const validation = await new Validator().validate(doc as never)
    expect(validation.errors ?? []).toEqual([])
    expect(validation.valid).toBe(true)
    expect(doc.servers[0]!.url).toBe(`${server.url}/api`)
    expect(doc.paths['/users/list']?.post?.operationId).toBe('users.list')
    expect(doc.paths['/auth/signIn']?.post?.operationId).toBe('auth.signIn')

    // As the document says: sign in with the bearer header, read the token from the answer's headers…
    const signIn = await run('curl', [
      '-sS',
      '-D',
      '-',
      '-X',
      'POST',
      `${doc.servers[0]!.url}/auth/signIn`,
      '-H',
      'x-switchboard-session: bearer',
      '-H',
      'Content-Type: application/json',
      '-d',
      JSON.stringify({ email: OPERATOR.admin.email, password: OPERATOR.admin.password }),
    ])
    const token = new RegExp(`^${SESSION_TOKEN_HEADER}: (\\S+)`, 'im').exec(signIn.stdout)?.[1]
    expect(token).toBeDefined()
    expect(signIn.stdout.split('\r\n\r\n')[1]).not.toContain(token)
    // …then call with it.
    const list = await run('curl', [
      '-sS',
      '-X',
      'POST',
      `${doc.servers[0]!.url}/users/list`,
      '-H',
      `Authorization: Bearer ${token}`,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{}',
    ])
    const answer = JSON.parse(list.stdout) as { items: { email: string }[] }
    expect(answer.items.map((u) => u.email)).toEqual([OPERATOR.admin.email])

    // Without the token: the contract's own error, with its status.
    const refused = await run('curl', [
      '-sS',
      '-w',
      '\\n%{http_code}',
      '-X',
      'POST',
      `${doc.servers[0]!.url}/users/list`,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{}',
    ])
    const [body, status] = refused.stdout.split('\n')
    expect(status).toBe('401')
    expect(JSON.parse(body!)).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('serves the reference page and its renderer from the instance itself: no URL elsewhere, no inline script', async () => {
    const { server } = await start()
    const res = await fetch(`${server.url}${INSTANCE_PATHS.reference}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    // Only same-origin paths: the CSP (script-src 'self') then lets the page run as it is.
    expect([...html.matchAll(/(?:src|href|spec-url)="([^"]+)"/g)].map((m) => m[1])).toEqual([
      INSTANCE_PATHS.openApi,
      INSTANCE_PATHS.openApi,
      REFERENCE_SCRIPT,
    ])
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/)
    const script = await fetch(`${server.url}${REFERENCE_SCRIPT}`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/javascript/)
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'")
    const code = await script.text()
    expect(code).toContain('spec-url')
    expect(code).not.toContain('cdn.redoc.ly')
    expect((await fetch(`${server.url}${REFERENCE_SCRIPT}.LICENSE.txt`)).status).toBe(200)
  })

  it('takes no cookie session on /api: bearer tokens only', async () => {
    const { server } = await start()
    const signedIn = connectInstance(server.url)
    await signedIn.client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
    const res = await fetch(`${server.url}/api/users/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `switchboard_session=${signedIn.session.token}` },
      body: '{}',
    })
    expect(res.status).toBe(401)
  })
})
