import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTRACT_VERSION } from '../../src/shared/contract/version'
import { generatedDocument } from './api-document'
import { breakingChanges } from './openapi-compat'
import { ACCEPT_BREAK, RELEASED_DOCUMENT } from './released-document'

type Json = Record<string, unknown>
const released = () => JSON.parse(readFileSync(RELEASED_DOCUMENT, 'utf8')) as Json
const current = async () => JSON.parse(JSON.stringify(await generatedDocument())) as Json

describe('the API stays compatible with the last released document', () => {
  it('the document version is the contract version', async () => {
    expect((await generatedDocument()).info.version).toBe(String(CONTRACT_VERSION))
  })

  it('no operation, parameter or field of the released document was removed or changed', async () => {
    const document = await current()
    const snapshot = released()
    const info = snapshot.info as { version: string }
    expect(
      info.version,
      `CONTRACT_VERSION is ${CONTRACT_VERSION} but the released document is ${info.version}: record it with npx tsx tools/release-openapi.ts`,
    ).toBe(String(CONTRACT_VERSION))
    const breaks = breakingChanges(snapshot, document)
    expect(breaks, `The API changed incompatibly since the last release:\n  ${breaks.join('\n  ')}\n\n${ACCEPT_BREAK}`).toEqual([])
  })
})

describe('breakingChanges', () => {
  const paths = (doc: Json) => doc.paths as Record<string, { post: Json }>
  const okSchema = (doc: Json, path: string) =>
    ((paths(doc)[path]!.post.responses as Json)['200'] as { content: Record<string, { schema: Json }> }).content['application/json']!.schema
  const inputSchema = (doc: Json, path: string) =>
    (paths(doc)[path]!.post.requestBody as { content: Record<string, { schema: Json }> }).content['application/json']!.schema

  it('finds nothing between the document and itself', async () => {
    expect(breakingChanges(await current(), await current())).toEqual([])
  })

  it('flags a removed operation', async () => {
    const after = await current()
    delete paths(after)['/invitations/revoke']
    expect(breakingChanges(await current(), after)).toEqual(['POST /invitations/revoke: operation removed'])
  })

  it('flags a removed or retyped answer field, and a new required input, but not additions', async () => {
    const after = await current()
    const user = okSchema(after, '/users/get') as { properties: Json; required: string[] }
    delete user.properties.email
    user.properties.active = { type: 'string' }
    user.properties.nickname = { type: 'string' }
    const input = inputSchema(after, '/invitations/create') as { properties: Json; required: string[] }
    input.properties.team = { type: 'string' }
    input.required.push('team')
    input.properties.note = { type: 'string' }
    expect(breakingChanges(await current(), after).sort()).toEqual([
      'POST /invitations/create request.team: new required input field',
      'POST /users/get 200.active: type boolean became string',
      'POST /users/get 200.email: response field removed',
    ])
  })

  it('flags a removed request field and a removed Idempotency-Key parameter', async () => {
    const after = await current()
    const input = inputSchema(after, '/users/update') as { properties: Json }
    delete input.properties.active
    delete paths(after)['/users/update']!.post.parameters
    expect(breakingChanges(await current(), after).sort()).toEqual([
      'POST /users/update request.active: request field removed',
      'POST /users/update: parameter header:Idempotency-Key removed',
    ])
  })
})
