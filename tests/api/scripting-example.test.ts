import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { Secret, TOTP } from 'otpauth'
import { afterEach, describe, expect, it } from 'vitest'
import { provisionTenant } from '../../examples/provision-tenant.example'
import { startInstanceServer, type InstanceServer } from '../../src/main/instance/instance-server'
import { connectInstance } from '../support/instance-client'
import { OPERATOR, tempBackend, tempRendererDir } from '../support/temp-backend'
import { API_TYPES_FILE, apiTypes } from './api-types'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const EXAMPLE = path.join(root, 'examples/provision-tenant.example.ts')

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe("the README's scripting example (openapi-typescript + openapi-fetch)", () => {
  it('is the README text, word for word', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
    expect(readme, 'README "Scripting the instance" must show examples/provision-tenant.example.ts as it is').toContain(
      readFileSync(EXAMPLE, 'utf8').trim(),
    )
  })

  it('uses types generated from the current document', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8'), 'examples/switchboard-api.d.ts is stale: run npx tsx tools/api-types.ts').toBe(
      await apiTypes(),
    )
  })

  it('type-checks with --strict', async () => {
    const result = await run(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'examples/tsconfig.json', '--strict'], { cwd: root }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    )
    expect(result).toBe('')
  }, 60_000)

  it('signs in, creates an organisation, invites its admin and lists the pending invitation on a real instance', async () => {
    const backend = tempBackend()
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
    await connectInstance(server.url).client.auth.setup(OPERATOR)

    const result = await provisionTenant({
      baseUrl: server.url,
      email: OPERATOR.admin.email,
      password: OPERATOR.admin.password,
      organisation: { name: 'Contoso', slug: 'contoso' },
      admin: { email: 'it@contoso.example' },
    })
    expect(result.organisation).toMatchObject({ name: 'Contoso', slug: 'contoso', isAdminTenant: false })
    expect(result.invitation).toMatchObject({ email: 'it@contoso.example', role: 'ADMIN', expired: false })
    expect(result.pending.map((i) => i.email)).toEqual(['it@contoso.example'])

    // The invitation is the new organisation's, as seen by the operator acting there over /rpc.
    const operator = connectInstance(server.url).client
    await operator.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
    expect((await operator.invitations.list()).map((i) => i.email)).toEqual([])
    await operator.auth.switchTenant({ tenantId: result.organisation.id })
    expect((await operator.invitations.list()).map((i) => i.email)).toEqual(['it@contoso.example'])
  })

  it('signs in with the authenticator app of a SUPER_ADMIN on an instance set up with the default rule (all through /api)', async () => {
    const backend = tempBackend()
    // The script computes its code from this computer's clock: the instance's is set to it, one
    // 30-second step back for the set-up (a code is taken once, so the script's must be a later one).
    const setUpAt = new Date(Date.now() - 30_000)
    backend.clock.set(setUpAt)
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
    const { requireSecondFactorForSuperAdmins: _off, ...defaults } = OPERATOR
    const operator = connectInstance(server.url).client
    expect((await operator.auth.setup(defaults)).enrolmentOnly).toBe(true)
    const { secret } = await operator.account.startTotp()
    await operator.account.confirmTotp({ code: new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: setUpAt.getTime() }) })
    backend.clock.set(new Date())
    const provisioning = {
      baseUrl: server.url,
      email: OPERATOR.admin.email,
      password: OPERATOR.admin.password,
      organisation: { name: 'Contoso', slug: 'contoso' },
      admin: { email: 'it@contoso.example' },
    }
    // Without the key the password alone is not enough, and says why.
    await expect(provisionTenant(provisioning)).rejects.toThrow('sign in: UNAUTHENTICATED (SECOND_FACTOR_REQUIRED)')
    const result = await provisionTenant({ ...provisioning, totpSecret: secret })
    expect(result.pending.map((i) => i.email)).toEqual(['it@contoso.example'])
  })

  it('reports a refusal with its code and reason', async () => {
    const backend = tempBackend()
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir() })
    await connectInstance(server.url).client.auth.setup(OPERATOR)
    const provisioning = {
      baseUrl: server.url,
      email: OPERATOR.admin.email,
      password: OPERATOR.admin.password,
      organisation: { name: 'Northwind again', slug: OPERATOR.organisation.slug },
      admin: { email: 'it@northwind.example' },
    }
    await expect(provisionTenant(provisioning)).rejects.toThrow('create organisation: CONFLICT (SLUG_TAKEN)')
    await expect(provisionTenant({ ...provisioning, password: 'not the password' })).rejects.toThrow('sign in: UNAUTHENTICATED')
  })
})
