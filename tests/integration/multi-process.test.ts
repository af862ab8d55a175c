import { randomUUID } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { openPgBackend, type Backend } from '../../src/main/backend'
import { main } from '../../src/main/cli/main'
import { IDEMPOTENCY_KEY_HEADER } from '../../src/main/remote/protocol'
import { ErrorReason, toAppError } from '../../src/shared/errors'
import { fakeIo } from '../support/cli-io'
import { describeOn } from '../support/engines'
import { startInstanceProcess, type InstanceProcess } from '../support/instance-process'
import { connectInstance } from '../support/instance-client'
import { freshDatabase, MIGRATED_TEMPLATE } from '../support/pg-database'
import { PASSWORD, seedUser } from '../support/seed'
import { OPERATOR, tempDir, testKeychain } from '../support/temp-backend'

/**
 * Issue 19: several stateless `switchboard instance serve` processes on one PostgreSQL database,
 * as behind a load balancer. Real processes (the CLI), a real server; nothing is shared between the
 * two but the database and the fingerprint key file in their common --data folder.
 */

const postgres = inject('postgres')

interface Pair {
  url: string
  dataDir: string
  a: InstanceProcess
  b: InstanceProcess
  /** The operator signed in (bearer token), and their Admin Tenant. */
  token: string
  tenantId: string
  /** The same database opened in this test process, to seed users as other parts of the platform would. */
  backend: Backend
}

let drop: (() => Promise<void>) | undefined
let backend: Backend | undefined
afterAll(async () => {
  await backend?.close()
  await drop?.()
})

async function pair(): Promise<Pair> {
  const database = await freshDatabase(postgres.run ? postgres.url : '', 'mp', MIGRATED_TEMPLATE)
  const previous = drop
  drop = async () => {
    await previous?.()
    await database.drop()
  }
  const dataDir = tempDir()
  // The README's commands: init, then two processes given the database by DATABASE_URL.
  const init = fakeIo({ SWITCHBOARD_ADMIN_PASSWORD: OPERATOR.admin.password })
  const initArgs = ['--org-name', OPERATOR.organisation.name, '--org-slug', OPERATOR.organisation.slug]
  initArgs.push('--admin-email', OPERATOR.admin.email, '--admin-name', OPERATOR.admin.name)
  // The suites sign in with the password alone (the default rule, on, has its own tests).
  initArgs.push('--super-admin-second-factor', 'optional')
  expect(await main(['init', '--database', database.url, ...initArgs], init.io), init.err()).toBe(0)
  const args = ['--data', dataDir, '--public-url', 'https://switchboard.example.test', '--trusted-proxy', '127.0.0.1']
  const env = { DATABASE_URL: database.url }
  const [a, b] = await Promise.all([startInstanceProcess(args, env), startInstanceProcess(args, env)])
  const operator = connectInstance(a.url)
  await operator.client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
  const me = await operator.client.auth.me()
  await backend?.close()
  backend = await openPgBackend({ url: database.url, dataDir: tempDir(), config: {}, secrets: testKeychain })
  return { url: database.url, dataDir, a, b, token: operator.session.token!, tenantId: me!.actingTenant.id, backend }
}

const refusal = (promise: Promise<unknown>) => promise.then(() => null, toAppError)

describeOn('pg')('two instance processes on one PostgreSQL database', () => {
  let p: Pair
  beforeAll(async () => {
    p = await pair()
  }, 60_000)

  it('a session opened in one works in the other, and signing out in one ends it in the other at once', async () => {
    const signIn = connectInstance(p.a.url)
    await signIn.client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
    const inB = connectInstance(p.b.url, { token: signIn.session.token! })
    expect((await inB.client.auth.me())!.user.email).toBe(OPERATOR.admin.email)

    await signIn.client.auth.signOut()
    expect((await refusal(inB.client.users.list({})))?.code).toBe('UNAUTHENTICATED')
  })

  it('Sign out everywhere and deactivation in one end the sessions served by the other', async () => {
    const agent = await seedUser(p.backend, p.tenantId, 'AGENT', 'Casey Agent')
    const second = await seedUser(p.backend, p.tenantId, 'AGENT', 'Drew Agent')
    const agentInB = connectInstance(p.b.url, { token: agent.token })
    const secondInB = connectInstance(p.b.url, { token: second.token })
    expect((await agentInB.client.auth.me())!.user.id).toBe(agent.id)

    await connectInstance(p.a.url, { token: agent.token }).client.auth.signOutEverywhere()
    expect((await refusal(agentInB.client.users.list({})))?.code).toBe('UNAUTHENTICATED')

    expect((await secondInB.client.auth.me())!.user.id).toBe(second.id)
    const operatorInA = connectInstance(p.a.url, { token: p.token })
    await operatorInA.client.users.update({ id: second.id, active: false })
    expect((await refusal(secondInB.client.users.list({})))?.code).toBe('UNAUTHENTICATED')
  })

  it('counts failed sign-ins across both processes', async () => {
    const target = await seedUser(p.backend, p.tenantId, 'AGENT', 'Eli Target')
    const attempt = (url: string) =>
      refusal(connectInstance(url).client.auth.signIn({ email: target.email, password: 'not the password at all' }))
    // Four failures are free (two in each process); the fifth, in either, starts the wait.
    for (const url of [p.a.url, p.b.url, p.a.url, p.b.url]) expect((await attempt(url))?.reason).not.toBe(ErrorReason.THROTTLED)
    await attempt(p.a.url)
    const throttled = await refusal(connectInstance(p.b.url).client.auth.signIn({ email: target.email, password: PASSWORD }))
    expect(throttled?.reason).toBe(ErrorReason.THROTTLED)
  })

  it('an authenticator app set up through one works through the other (both read factor.key); a code taken by one is refused by the other', async () => {
    const user = await seedUser(p.backend, p.tenantId, 'AGENT', 'Fay Factor')
    const inA = connectInstance(p.a.url, { token: user.token })
    const { secret } = await inA.client.account.startTotp()
    // The processes run on the real clock: the code for now confirms; the next step's signs in (one step of skew is taken).
    const code = (ahead = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + ahead * 30_000 })
    await inA.client.account.confirmTotp({ code: code() })
    const pending = async (url: string) =>
      (await refusal(connectInstance(url).client.auth.signIn({ email: user.email, password: PASSWORD })))!.pendingToken!
    const next = code(1)
    const inB = connectInstance(p.b.url)
    await inB.client.auth.verifySecondFactor({ pendingToken: await pending(p.b.url), code: next })
    expect((await inB.client.auth.me())!.user.id).toBe(user.id)
    const again = await refusal(
      connectInstance(p.a.url).client.auth.verifySecondFactor({ pendingToken: await pending(p.a.url), code: next }),
    )
    expect(again?.reason).toBe(ErrorReason.SECOND_FACTOR_INVALID)
  })

  it('the same idempotency key sent to both at once creates one invitation', async () => {
    const key = randomUUID()
    const email = `once-${key.slice(0, 8)}@example.test`
    const send = (url: string) =>
      connectInstance(url, { token: p.token, headers: () => ({ [IDEMPOTENCY_KEY_HEADER]: key }) }).client.invitations.create({
        email,
        role: 'AGENT',
      })
    const answers = await Promise.allSettled([send(p.a.url), send(p.b.url)])
    // One ran; the other replayed its answer, or was told the first is still running.
    const ran = answers.filter((a) => a.status === 'fulfilled')
    expect(ran.length).toBeGreaterThanOrEqual(1)
    for (const a of answers) if (a.status === 'rejected') expect(toAppError(a.reason).reason).toBe(ErrorReason.STILL_RUNNING)
    const listed = await connectInstance(p.b.url, { token: p.token }).client.invitations.list()
    expect(listed.filter((i) => i.email === email)).toHaveLength(1)
  })

  it('200 concurrent audited writes split across both leave a chain that audit verify accepts', async () => {
    const before = fakeIo()
    expect(await main(['audit', 'verify', '--database', p.url, '--data', p.dataDir], before.io)).toBe(0)
    const rowsBefore = Number(/(\d+) rows/.exec(before.out())?.[1])

    const writes = Array.from({ length: 200 }, (_, i) =>
      connectInstance(i % 2 ? p.a.url : p.b.url, { token: p.token }).client.invitations.create({
        email: `chain-${i}-${randomUUID().slice(0, 6)}@example.test`,
        role: 'AGENT',
      }),
    )
    await Promise.all(writes)

    const after = fakeIo()
    expect(await main(['audit', 'verify', '--database', p.url, '--data', p.dataDir], after.io)).toBe(0)
    expect(after.out()).toMatch(/The audit log is intact/)
    expect(Number(/(\d+) rows/.exec(after.out())?.[1])).toBeGreaterThanOrEqual(rowsBefore + 200)
  }, 60_000)

  it('kill -9 of one process during a burst of invitations: the other keeps serving, every acknowledged invitation is there', async () => {
    const acknowledged: string[] = []
    const burst = Array.from({ length: 80 }, async (_, i) => {
      const email = `burst-${i}-${randomUUID().slice(0, 6)}@example.test`
      const url = i % 2 ? p.a.url : p.b.url
      // Spread over time, so that the kill lands in the middle of the burst.
      await new Promise((resolve) => setTimeout(resolve, i * 15))
      if (i === 40) p.a.child.kill('SIGKILL')
      try {
        await connectInstance(url, { token: p.token }).client.invitations.create({ email, role: 'AGENT' })
        acknowledged.push(email)
      } catch {
        // Refused or cut off: not acknowledged, so the caller would retry; nothing is promised.
      }
    })
    await Promise.all(burst)
    expect(await p.a.exited).toBe('SIGKILL')
    // The survivor answered everything sent to it.
    const sentToB = Array.from({ length: 40 }, (_, i) => 2 * i)
    expect(acknowledged.length).toBeGreaterThanOrEqual(sentToB.length)

    const listed = new Set((await connectInstance(p.b.url, { token: p.token }).client.invitations.list()).map((i) => i.email))
    expect(acknowledged.filter((email) => !listed.has(email))).toEqual([])
    const stillServing = await connectInstance(p.b.url, { token: p.token }).client.auth.me()
    expect(stillServing!.user.email).toBe(OPERATOR.admin.email)
  }, 60_000)
})
