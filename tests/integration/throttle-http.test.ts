import { randomBytes } from 'node:crypto'
import { afterEach, expect, it } from 'vitest'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { toAppError } from '../../src/shared/errors'
import { seedOperator } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { backendOn, describeEngines } from '../support/engines'
import { OPERATOR, tempDir } from '../support/temp-backend'

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const guess = () => randomBytes(32).toString('base64url')

describeEngines('throttling over HTTP', (engine) => {
  it('throttles link guesses per shell whatever the session, and tells the console when to retry', async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    server = await startShellServer({ services: backend.services, rendererDir: tempDir() })
    const { client } = await connectShell(server.url)
    const attempts = [
      () => client.auth.inspectInvitation({ token: guess() }),
      () => client.auth.inspectReset({ token: guess() }),
      () => client.auth.register({ token: guess(), name: 'Eve', password: 'a long enough password' }),
      () => client.auth.resetPassword({ token: guess(), password: 'a long enough password' }),
      () => client.auth.inspectInvitation({ token: guess() }),
    ]
    for (const attempt of attempts) expect((await attempt().then(() => null, toAppError))?.code).toBe('NOT_FOUND')
    // A fresh browser (no cookies of the first) is the same caller to this shell.
    const { client: other } = await connectShell(server.url)
    const throttled = await other.auth.inspectReset({ token: guess() }).then(() => null, toAppError)
    expect([throttled?.code, throttled?.reason, throttled?.retryAfterSeconds]).toEqual(['UNAUTHENTICATED', 'THROTTLED', 1])
    expect(throttled?.message).toBe('Too many failed attempts. Try again in 1 second.')
    // Sign-in is throttled per email, not per client: the operator still gets in.
    await expect(other.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })).resolves.toBeTruthy()
  })
})
