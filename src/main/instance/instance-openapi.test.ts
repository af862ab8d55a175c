import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterEach, describe, expect, it } from 'vitest'
import { connectInstance } from '../../../tests/support/instance-client'
import { OPERATOR, tempBackend, tempRendererDir } from '../../../tests/support/temp-backend'
import { INSTANCE_PATHS, SESSION_TOKEN_HEADER } from '../remote/protocol'
import { startInstanceServer, type InstanceServer } from './instance-server'

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

  it('serves a readable reference rendered from the document, offline: no script, nothing from elsewhere', async () => {
    const { server } = await start()
    const res = await fetch(`${server.url}${INSTANCE_PATHS.reference}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toContain('<code>POST /invitations/create</code>')
    expect(html).toContain(`curl -sS -X POST ${server.url}/api/invitations/create`)
    expect(html).toMatch(/email: string/)
    expect(html).not.toMatch(/<script|<link|src=/i)
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
