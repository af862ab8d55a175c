import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectInstance } from '../../../tests/support/instance-client'
import { connectShell } from '../../../tests/support/shell-client'
import { OPERATOR, tempBackend, tempDir, tempRendererDir } from '../../../tests/support/temp-backend'
import type { ConsoleClient } from '../../shared/contract/connections.contract'
import { ErrorReason, toAppError } from '../../shared/errors'
import { totpCodeAt } from '../features/factors/totp'
import { startShellServer } from '../http/shell-server'
import { startInstanceServer } from '../instance/instance-server'
import type { SecretStore } from '../secrets/keychain'
import { createConnections, tokenAccount } from './connections.service'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

/** A keychain in memory: what the console keeps there is what this test looks at. */
function memoryKeychain(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    entries,
    get: (account) => Promise.resolve(entries.get(account) ?? null),
    set: (account, secret) => Promise.resolve(void entries.set(account, secret)),
    delete: (account) => Promise.resolve(entries.delete(account)),
  }
}

const fail = (promise: Promise<unknown>) => promise.then(() => expect.fail('the call succeeded'), toAppError)
const credentials = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }

describe('the desktop console connected to an instance, for an operator with an authenticator app', () => {
  it('adds the connection with the code (only the session token reaches the keychain) and signs in again through the relay in two steps', async () => {
    // The instance, its operator enrolled.
    const instance = tempBackend()
    const server = await startInstanceServer({ services: instance.services, rendererDir: tempRendererDir(), engine: instance.engine })
    stops.push(server.close)
    const operator = connectInstance(server.url)
    await operator.client.auth.setup(OPERATOR)
    const { secret } = await operator.client.account.startTotp()
    await operator.client.account.confirmTotp({ code: totpCodeAt(secret, instance.clock.now()) })
    const code = () => totpCodeAt(secret, instance.clock.now())
    instance.clock.advance(30_000)

    // The console: its own local store, connections kept in a keychain of this test's.
    const local = tempBackend()
    const keychain = memoryKeychain()
    const connections = createConnections({ dataDir: local.dataDir, secrets: keychain, timeoutMs: 5_000 })
    const shell = await startShellServer({ services: local.services, rendererDir: tempDir(), connections })
    stops.push(shell.close)
    const console = (await connectShell(shell.url)).client as unknown as ConsoleClient
    const add = { name: 'Acme on-prem', url: server.url, ...credentials }

    // The password alone: the form is asked for the code, on its field, and nothing is kept.
    const asked = await fail(console.connections.add(add))
    expect([asked.code, asked.reason, Object.keys(asked.fields ?? {})]).toEqual([
      'VALIDATION',
      ErrorReason.SECOND_FACTOR_REQUIRED,
      ['code'],
    ])
    expect(asked.pendingToken).toBeUndefined()
    const wrong = await fail(console.connections.add({ ...add, code: '000000' }))
    expect([wrong.code, wrong.reason]).toEqual(['VALIDATION', ErrorReason.SECOND_FACTOR_INVALID])
    expect(keychain.entries.size).toBe(0)
    expect((await console.connections.list()).map((c) => c.kind)).toEqual(['local'])

    const added = await console.connections.add({ ...add, code: code() })
    // One entry in the keychain: the session token, which the instance takes as its operator's.
    expect([...keychain.entries.keys()]).toEqual([tokenAccount(added.id)])
    const token = keychain.entries.get(tokenAccount(added.id))!
    expect((await connectInstance(server.url, { token }).client.auth.me())?.user.email).toBe(OPERATOR.admin.email)
    // Nowhere in the console's data directory.
    for (const file of fs.readdirSync(local.dataDir)) {
      const full = path.join(local.dataDir, file)
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(token), file).toBe(false)
    }

    // Working on the instance, the console signs out, then in again through the relay: password, then code.
    await console.connections.activate({ id: added.id })
    expect((await console.auth.me())?.user.email).toBe(OPERATOR.admin.email)
    await console.auth.signOut()
    expect(keychain.entries.size).toBe(0)
    instance.clock.advance(30_000)
    const required = await fail(console.auth.signIn(credentials))
    expect(required.reason).toBe(ErrorReason.SECOND_FACTOR_REQUIRED)
    expect(keychain.entries.size).toBe(0)
    const invalid = await fail(console.auth.verifySecondFactor({ pendingToken: required.pendingToken!, code: '000000' }))
    expect(invalid.reason).toBe(ErrorReason.SECOND_FACTOR_INVALID)
    expect(keychain.entries.size).toBe(0)
    const me = await console.auth.verifySecondFactor({ pendingToken: required.pendingToken!, code: code() })
    expect(me.user.email).toBe(OPERATOR.admin.email)
    const kept = keychain.entries.get(tokenAccount(added.id))!
    expect(kept).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(JSON.stringify(me)).not.toContain(kept)
    expect(kept).not.toBe(required.pendingToken)
    expect((await console.users.list({})).items.map((u) => u.email)).toEqual([OPERATOR.admin.email])

    // Step-up through the relay: after 5 minutes the instance refuses inviting a SUPER_ADMIN with the typed
    // error, which reaches the console as is; auth.stepUp with a code, then the same call passes.
    const invite = () => console.invitations.create({ email: 'grace@northwind.test', role: 'SUPER_ADMIN' })
    instance.clock.advance(5 * 60_000)
    const stepUp = await fail(invite())
    expect([stepUp.code, stepUp.reason]).toEqual(['FORBIDDEN', ErrorReason.STEP_UP_REQUIRED])
    await console.auth.stepUp({ code: code() })
    expect((await invite()).invitation.role).toBe('SUPER_ADMIN')
  })
})
