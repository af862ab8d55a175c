import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { toAppError } from '../../shared/errors'
import { connectInstance } from '../../../tests/support/instance-client'
import { useMailCapture } from '../../../tests/support/mail-capture'
import { OPERATOR, tempBackend, tempRendererDir } from '../../../tests/support/temp-backend'
import { invitations } from '../db/schema'
import { AUTHORIZATION_HEADER, IDEMPOTENCY_KEY_HEADER } from '../remote/protocol'
import { IDEMPOTENCY_TTL_MS, KEY_REUSED } from '../features/idempotency/idempotency.service'
import { startInstanceServer, type InstanceServer } from './instance-server'

const sent = useMailCapture()

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start() {
  const backend = tempBackend(undefined, sent.config())
  const rendererDir = tempRendererDir()
  server = await startInstanceServer({ services: backend.services, rendererDir })
  const operator = connectInstance(server.url)
  await operator.client.auth.setup(OPERATOR)
  return { backend, server, token: operator.session.token! }
}

/** A client that sends this idempotency key with every call, as a console retrying one mutation does. */
const withKey = (base: string, token: string, key: string) =>
  connectInstance(base, { token, headers: () => ({ [IDEMPOTENCY_KEY_HEADER]: key }) }).client

const mailsTo = (email: string) => sent.received().filter((m) => JSON.stringify(m.to).includes(email)).length

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(condition()).toBe(true)
}

describe('idempotent mutations on an instance', () => {
  it('answers a repeated key with the first answer: one invitation, one mail', async () => {
    const { backend, server, token } = await start()
    const client = withKey(server.url, token, 'invite-nia-1')
    const first = await client.invitations.create({ email: 'nia@example.test', role: 'AGENT' })
    const again = await client.invitations.create({ email: 'nia@example.test', role: 'AGENT' })
    expect(again).toEqual(first)
    expect(backend.store.db.select().from(invitations).all()).toHaveLength(1)
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
    const { backend, server, token } = await start()
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
    await until(() => backend.store.db.select().from(invitations).all().length === 1)

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
    expect(backend.store.db.select().from(invitations).all()).toHaveLength(1)
    await until(() => mailsTo('omar@example.test') >= 1)
    expect(mailsTo('omar@example.test')).toBe(1)
  })
})
