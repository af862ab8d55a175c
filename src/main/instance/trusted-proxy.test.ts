import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { toAppError } from '../../shared/errors'
import { connectInstance } from '../../../tests/support/instance-client'
import { seedOperator } from '../../../tests/support/seed'
import { tempBackend, tempRendererDir } from '../../../tests/support/temp-backend'
import { startInstanceServer, type InstanceServer } from './instance-server'

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const guess = () => randomBytes(32).toString('base64url')

/** An instance behind (or not behind) a trusted proxy, and what it logs. */
async function instance(trustedProxies?: string[], publicUrl?: string) {
  const backend = tempBackend()
  await seedOperator(backend)
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().trim().split('\n')) lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  server = await startInstanceServer({
    services: backend.services,
    rendererDir: tempRendererDir(),
    trustedProxies,
    publicUrl,
    logger: pino(sink),
  })
  /** A client whose requests arrive with this X-Forwarded-For, as a proxy in front would send them. */
  const from = (forwardedFor: string) => connectInstance(server!.url, { headers: () => ({ 'x-forwarded-for': forwardedFor }) }).client
  return { server, lines, from }
}

/** Five failed link attempts: the last one is free, the next is throttled. */
async function exhaust(client: ReturnType<Awaited<ReturnType<typeof instance>>['from']>) {
  for (let i = 0; i < 5; i++)
    expect((await client.auth.inspectInvitation({ token: guess() }).then(() => null, toAppError))?.code).toBe('NOT_FOUND')
}
const throttledReason = async (client: ReturnType<Awaited<ReturnType<typeof instance>>['from']>) =>
  (await client.auth.inspectInvitation({ token: guess() }).then(() => null, toAppError))?.reason

describe('an instance behind a load balancer', () => {
  it('from a trusted proxy, throttles and logs by the client address in X-Forwarded-For', async () => {
    const { from, lines } = await instance(['127.0.0.1'])
    await exhaust(from('198.51.100.1'))
    expect(await throttledReason(from('198.51.100.1'))).toBe('THROTTLED')
    // Another client behind the same proxy is its own caller.
    expect(await throttledReason(from('198.51.100.2'))).not.toBe('THROTTLED')
    expect(lines.filter((l) => l.path === '/rpc/auth/inspectInvitation').map((l) => l.client)).toContain('198.51.100.2')
  })

  it('never believes X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const { from, lines } = await instance()
    await exhaust(from('198.51.100.1'))
    // Claiming to be someone else does not escape the throttle: the peer is what counts.
    expect(await throttledReason(from('203.0.113.77'))).toBe('THROTTLED')
    expect(new Set(lines.filter((l) => l.path === '/rpc/auth/inspectInvitation').map((l) => l.client))).toEqual(new Set(['127.0.0.1']))
  })

  it('with an https public URL, sends HSTS and a Secure __Host- cookie though TLS ends at the proxy', async () => {
    const { server } = await instance(['127.0.0.1'], 'https://switchboard.example.test')
    const answer = await fetch(`${server.url}/rpc/auth/signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://switchboard.example.test' },
      body: JSON.stringify({ json: { email: 'ada@northwind.test', password: 'correct horse battery' } }),
    })
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(answer.headers.get('set-cookie')).toMatch(/^__Host-switchboard_session=[^;]+;.*; Secure/)
  })

  it('over plain HTTP with an http public URL, sends neither', async () => {
    const { server } = await instance()
    const answer = await fetch(`${server.url}/healthz`)
    expect(answer.headers.get('strict-transport-security')).toBeNull()
  })
})
