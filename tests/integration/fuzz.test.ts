import fc from 'fast-check'
import { afterEach, expect, it } from 'vitest'
import { Dialect } from '../../src/main/db/engine'
import { BACKUPS_ON_SERVER } from '../../src/main/features/backups/backups.service'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { totpCodeAt } from '../../src/main/features/factors/totp'
import { contract, type SwitchboardClient } from '../../src/shared/contract'
import { ErrorCode, toAppError } from '../../src/shared/errors'
import { useMailCapture } from '../support/mail-capture'
import { PASSWORD, seedOperator, seedTenant, seedTicket, seedUser } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { registerPasskey } from '../support/soft-authenticator'
import { snapshot } from '../support/snapshot'
import { backendOn, describeEngines } from '../support/engines'
import { operationsOf, tempDir } from '../support/temp-backend'

const sent = useMailCapture()
const RUNS_PER_OPERATION = 20

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

interface Procedure {
  '~orpc': {
    inputSchema?: { shape?: Record<string, unknown> }
    outputSchema?: { safeParse(value: unknown): { success: boolean } }
  }
}

/** Failed sign-in and link attempts count in the throttle's table by design: the rest must not change. */
const THROTTLE_TABLE = ['attempt_throttle']

/**
 * What a PostgreSQL instance refuses by design, as UNAVAILABLE with its own message: it copies no
 * backups of its own, and no process replaces its database (the demo). Anything else UNAVAILABLE is a crash.
 */
const REFUSED_ON_PG: Record<string, string> = {
  'backups.list': BACKUPS_ON_SERVER,
  'backups.start': BACKUPS_ON_SERVER,
  'demo.explore': 'This host cannot replace its store.',
  'demo.reset': 'This host cannot replace its store.',
  'demo.leave': 'This host cannot replace its store.',
}

describeEngines('every contract operation over HTTP, with arbitrary input', (engine) => {
  // Every operation, each with a snapshot of the store before and after: longer than the default.
  it(
    'answers a typed error or a valid output, never INTERNAL, and a refused call writes nothing but its denied row',
    { timeout: 180_000 },
    async () => {
      const backend = await backendOn(engine, sent.config())
      const op = await seedOperator(backend)
      const agentA = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
      const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
      const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
      const agentB = await seedUser(backend, tenantB, 'AGENT', 'Bo Agent', 'bo@contoso.test')
      const ticketB = await seedTicket(backend, tenantB, 1, 'Contoso printer', agentB.id)
      const ids = [op.userId, op.tenantId, agentA.id, tenantB, adminB.id, agentB.id, ticketB]
      server = await startShellServer({ services: backend.services, rendererDir: tempDir() })
      const { client } = await connectShell(server.url)
      const signIn = async () => {
        if (!(await client.auth.me())) await client.auth.signIn({ email: 'bea@contoso.test', password: PASSWORD })
      }

      // Input shaped like the operation's (its field names, with values of any kind, known ids among
      // them), or anything at all.
      const inputFor = (procedure: Procedure) => {
        const keys = Object.keys(procedure['~orpc'].inputSchema?.shape ?? {})
        const value = fc.oneof(
          fc.constantFrom(...ids),
          fc.string({ maxLength: 40 }),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.anything(),
        )
        return fc.oneof(
          keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }) : fc.constant(undefined),
          fc.anything(),
        )
      }

      // Signing out ends the fuzzing session: last.
      const last = (name: string) => Number(name === 'auth.signOut' || name === 'auth.signOutEverywhere')
      const operations = operationsOf(contract).sort((a, b) => last(a) - last(b))
      for (const name of operations) {
        const [feature, operation] = name.split('.') as [string, string]
        const procedure = (contract as unknown as Record<string, Record<string, Procedure>>)[feature]![operation]!
        const call = (client as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[feature]![operation]!
        await fc.assert(
          fc.asyncProperty(inputFor(procedure), async (input) => {
            await signIn()
            const before = await snapshot(backend, THROTTLE_TABLE)
            const outcome = await call(input)
              .then(async (output) => {
                // A stream (demo fill) is drained: its errors count like any other.
                if (output && typeof output === 'object' && Symbol.asyncIterator in output) {
                  for await (const _ of output as AsyncIterable<unknown>);
                  return { output: undefined, streamed: true }
                }
                return { output, streamed: false }
              })
              .catch((error: unknown) => ({ error: toAppError(error) }))
            if ('error' in outcome) {
              expect([name, outcome.error.code]).not.toEqual([name, ErrorCode.INTERNAL])
              // UNAVAILABLE is how a client reports a server it cannot reach (or a crash).
              if (engine === Dialect.PG && name in REFUSED_ON_PG && outcome.error.code === ErrorCode.UNAVAILABLE)
                expect([name, outcome.error.message]).toEqual([name, REFUSED_ON_PG[name]])
              else if (outcome.error.reason !== 'EMAIL_NOT_CONFIGURED')
                expect([name, outcome.error.code]).not.toEqual([name, ErrorCode.UNAVAILABLE])
              expect(Object.values(ErrorCode)).toContain(outcome.error.code)
              expect([name, (await snapshot(backend, THROTTLE_TABLE)) === before]).toEqual([name, true])
            } else if (!outcome.streamed) {
              expect([name, procedure['~orpc'].outputSchema?.safeParse(outcome.output).success ?? true]).toEqual([name, true])
            }
          }),
          { numRuns: RUNS_PER_OPERATION, seed: 20261128 },
        )
      }
      // Still up and answering.
      expect(await client.auth.status()).toEqual({ needsSetup: false })
    },
  )
})

describeEngines('the second factor’s operations over HTTP, with arbitrary codes, for a user who has one', (engine) => {
  it('answer a typed error (never INTERNAL) and change nothing but the throttle and denied rows', { timeout: 180_000 }, async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const user = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const { secret } = await backend.services.factors.startTotp(user.actor)
    await backend.services.factors.confirmTotp(user.actor, totpCodeAt(secret, backend.clock.now()))
    // A passkey too (made for another address: the shell's relying party is localhost, so its answers never pass).
    const { key, passkey } = await registerPasskey(backend.services, user.actor, 'Work laptop')
    backend.clock.advance(30_000)
    server = await startShellServer({ services: backend.services, rendererDir: tempDir() })
    const credentials = { email: user.email, password: PASSWORD }
    const pendingToken = async (client: SwitchboardClient) =>
      (await client.auth.signIn(credentials).then(() => null, toAppError))!.pendingToken!
    // One client signed in with its code (for the account page's operations), one left at the second step.
    const { client: signedIn } = await connectShell(server.url)
    await signedIn.auth.verifySecondFactor({ pendingToken: await pendingToken(signedIn), code: totpCodeAt(secret, backend.clock.now()) })
    const { client: halfWay } = await connectShell(server.url)

    const typed = fc.oneof(
      fc.stringMatching(/^\d{6}$/),
      fc.stringMatching(/^\d{3} \d{3}$/),
      fc.stringMatching(/^[a-z2-9]{5}-[a-z2-9]{5}$/),
      fc.string({ maxLength: 70 }),
      fc.anything(),
    )
    const calls: Record<string, (value: unknown, token: string) => Promise<unknown>> = {
      'auth.verifySecondFactor code': (code, token) => halfWay.auth.verifySecondFactor({ pendingToken: token, code } as never),
      'auth.verifySecondFactor recoveryCode': (recoveryCode, token) =>
        halfWay.auth.verifySecondFactor({ pendingToken: token, recoveryCode } as never),
      'auth.verifySecondFactor pendingToken': (value) => halfWay.auth.verifySecondFactor({ pendingToken: value, code: '123456' } as never),
      'account.confirmTotp': (code) => signedIn.account.confirmTotp({ code } as never),
      'account.removeTotp code': (code) => signedIn.account.removeTotp({ code } as never),
      'account.removeTotp password': (password) => signedIn.account.removeTotp({ password } as never),
      'account.regenerateRecoveryCodes': (code) => signedIn.account.regenerateRecoveryCodes({ code } as never),
      'auth.stepUp code': (code) => signedIn.auth.stepUp({ code } as never),
      'auth.stepUp recoveryCode': (recoveryCode) => signedIn.auth.stepUp({ recoveryCode } as never),
      'auth.stepUp password': (password) => signedIn.auth.stepUp({ password } as never),
    }
    // A passkey's answer: anything, something shaped like one with arbitrary base64url, or one signed by
    // the user's real authenticator over an arbitrary challenge (wrong challenge and relying party).
    const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/)
    const assertion = fc.oneof(
      fc.anything(),
      fc.record({
        id: fc.oneof(fc.constant(key.id), b64url),
        rawId: b64url,
        type: fc.constant('public-key'),
        response: fc.record(
          { clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url },
          { requiredKeys: [] },
        ),
      }),
      b64url.map((challenge) => key.assert({ challenge })),
    )
    const registration = fc.oneof(
      fc.anything(),
      fc.record({
        id: b64url,
        rawId: b64url,
        type: fc.constant('public-key'),
        response: fc.record({ clientDataJSON: b64url, attestationObject: b64url, transports: fc.array(fc.string({ maxLength: 10 })) }),
      }),
    )
    // Each asks for a challenge first (kept per session or half-way sign-in, used up by the answer): that
    // bookkeeping table may change, as the throttle's does; nothing else may.
    const passkeyCalls: Record<string, [fc.Arbitrary<unknown>, (value: unknown, token: string) => Promise<unknown>]> = {
      'auth.verifySecondFactor passkey': [
        assertion,
        async (value, token) => {
          await halfWay.auth.passkeyOptions({ pendingToken: token })
          return halfWay.auth.verifySecondFactor({ pendingToken: token, passkey: value } as never)
        },
      ],
      'auth.passkeyOptions pendingToken': [typed, (value) => halfWay.auth.passkeyOptions({ pendingToken: value } as never)],
      'auth.stepUp passkey': [
        assertion,
        async (value) => {
          await signedIn.auth.stepUpPasskeyOptions()
          return signedIn.auth.stepUp({ passkey: value } as never)
        },
      ],
      'account.finishPasskey response': [
        registration,
        async (value) => {
          await signedIn.account.startPasskey()
          return signedIn.account.finishPasskey({ name: 'Fuzz', response: value } as never)
        },
      ],
      'account.finishPasskey name': [
        typed,
        (value) => signedIn.account.finishPasskey({ name: value, response: key.register({ challenge: 'x' }) } as never),
      ],
      'account.renamePasskey': [typed, (value) => signedIn.account.renamePasskey({ id: value, name: 'Renamed' } as never)],
      'account.removePasskey proof': [
        typed,
        (value) => signedIn.account.removePasskey({ id: passkey.id, proof: { password: value } } as never),
      ],
    }
    for (const [name, [values, call]] of Object.entries(passkeyCalls)) {
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const token = await pendingToken(halfWay)
          const before = await snapshot(backend, [...THROTTLE_TABLE, 'webauthn_challenges'])
          const error = await call(value, token).then(() => null, toAppError)
          expect([name, error?.code ?? 'succeeded']).not.toContain(ErrorCode.INTERNAL)
          expect([name, error?.code]).not.toEqual([name, ErrorCode.UNAVAILABLE])
          expect([name, error === null]).toEqual([name, false])
          expect([name, (await snapshot(backend, [...THROTTLE_TABLE, 'webauthn_challenges'])) === before]).toEqual([name, true])
        }),
        { numRuns: 12, seed: 20261206 },
      )
    }
    for (const [name, call] of Object.entries(calls)) {
      await fc.assert(
        fc.asyncProperty(typed, async (value) => {
          const token = await pendingToken(halfWay)
          const before = await snapshot(backend, THROTTLE_TABLE)
          const error = await call(value, token).then(() => null, toAppError)
          expect([name, error?.code ?? 'succeeded']).not.toContain(ErrorCode.INTERNAL)
          expect([name, error?.code]).not.toEqual([name, ErrorCode.UNAVAILABLE])
          expect([name, error === null]).toEqual([name, false])
          expect([name, (await snapshot(backend, THROTTLE_TABLE)) === before]).toEqual([name, true])
        }),
        { numRuns: 12, seed: 20261206 },
      )
    }
    // The half-way sign-ins and the signed-in session are still there to use.
    expect((await signedIn.auth.me())?.user.email).toBe(user.email)
  })
})
