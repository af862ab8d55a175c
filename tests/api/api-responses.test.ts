import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startInstanceServer, type InstanceServer } from '../../src/main/instance/instance-server'
import type { OpenApiDocument } from '../../src/main/instance/openapi-document'
import { CONTRACT_VERSION_HEADER, INSTANCE_PATHS, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../../src/main/remote/protocol'
import { backendOn, describeEngines } from '../support/engines'
import { OPERATOR, tempRendererDir } from '../support/temp-backend'
import { generatedDocument } from './api-document'
import { responseValidator, type Checked } from './response-validator'

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server!.url}${INSTANCE_PATHS.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('the response validator', () => {
  it('refuses a body off its schema and a status the operation does not document, and takes a documented error', async () => {
    const check = responseValidator(await generatedDocument())
    expect(check('/users/list', 200, 'application/json', '{"items":"none"}').problems).not.toEqual([])
    expect(check('/auth/status', 404, 'application/json', '{}').problems).toEqual(['status 404 is not documented'])
    const refusal = { defined: false, code: 'UNAUTHENTICATED', status: 401, message: 'Your session has ended. Sign in again.', data: {} }
    expect(check('/users/list', 401, 'application/json', JSON.stringify(refusal)).problems).toEqual([])
    expect(check('/users/list', 401, 'application/json', JSON.stringify({ ...refusal, code: 'NOPE' })).problems).not.toEqual([])
  })
})

describeEngines('every operation over /api answers as the document says', (engine) => {
  it('signed out and signed in, with an empty input: documented statuses, bodies matching their schemas', async () => {
    const backend = await backendOn(engine)
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
    const document = (await (await fetch(`${server.url}${INSTANCE_PATHS.openApi}`)).json()) as OpenApiDocument
    const check = responseValidator(document)
    const setup = await call('/auth/setup', OPERATOR, { [SESSION_MODE_HEADER]: 'bearer' })
    const token = setup.headers.get(SESSION_TOKEN_HEADER)!
    expect(token).toBeTruthy()

    // Signing out ends the session the others need: those go last.
    const last = (path: string) => (path.startsWith('/auth/signOut') ? 1 : 0)
    const paths = Object.keys(document.paths ?? {}).sort((a, b) => last(a) - last(b))
    expect(paths.length).toBeGreaterThanOrEqual(48)
    const results: Checked[] = []
    const send = async (path: string, auth: Record<string, string>) => {
      const takesInput = document.paths![path]!.post!.requestBody !== undefined
      const res = await call(path, takesInput ? {} : undefined, auth)
      const streamed = res.headers.get('content-type')?.startsWith('text/event-stream')
      const body = streamed ? (void res.body?.cancel(), '') : await res.text()
      results.push(check(path, res.status, res.headers.get('content-type'), body))
    }
    for (const path of paths) await send(path, {})
    for (const path of paths) await send(path, { authorization: `Bearer ${token}` })
    expect(results.filter((r) => r.problems.length > 0)).toEqual([])
    // Both passes reached every operation (a stream's answer is checked for status and media type).
    expect(new Set(results.map((r) => r.operation)).size).toBe(paths.length)
  }, 120_000)

  it('refusals before the operation runs: unknown record, too large, another contract version', async () => {
    const backend = await backendOn(engine)
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
    const check = responseValidator(await generatedDocument())
    const token = (await call('/auth/setup', OPERATOR, { [SESSION_MODE_HEADER]: 'bearer' })).headers.get(SESSION_TOKEN_HEADER)!
    const auth = { authorization: `Bearer ${token}` }
    const cases: [string, Response, number][] = [
      ['/users/get', await call('/users/get', { id: randomUUID() }, auth), 404],
      ['/licence/install', await call('/licence/install', JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }), auth), 413],
      ['/users/list', await call('/users/list', {}, { ...auth, [CONTRACT_VERSION_HEADER]: '999' }), 409],
      [
        '/organisations/create',
        await call('/organisations/create', { ...OPERATOR.organisation, isAdminTenant: false, isDemo: false }, auth),
        409,
      ],
    ]
    for (const [path, res, status] of cases) {
      expect(res.status, path).toBe(status)
      expect(check(path, res.status, res.headers.get('content-type'), await res.text()).problems, path).toEqual([])
    }
  })
})
