import { afterEach, expect, it } from 'vitest'
import { toAppError } from '../../shared/errors'
import { backendOn } from '../../../tests/support/engines'
import { seedOperator } from '../../../tests/support/seed'
import { connectShell } from '../../../tests/support/shell-client'
import { OPERATOR } from '../../../tests/support/operator'
import { tempDir } from '../../../tests/support/temp-backend'
import { Dialect } from '../db/engine'
import { bodyLimitFor, MAX_BODY_BYTES } from './request-body'
import { startShellServer, type ShellServer } from './shell-server'

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

it('lets a bulk invite file through the transport at up to 5 MB, and no other call over 1 MB', async () => {
  expect(bodyLimitFor('/rpc/invitations/importCheck')).toBeGreaterThan((5 * 1024 * 1024 * 4) / 3)
  expect(bodyLimitFor('/api/invitations/importCheck')).toBe(bodyLimitFor('/rpc/invitations/importCheck'))
  expect(bodyLimitFor('/rpc/invitations/create')).toBe(MAX_BODY_BYTES)

  const backend = await backendOn(Dialect.SQLITE)
  await seedOperator(backend)
  server = await startShellServer({ services: backend.services, rendererDir: tempDir() })
  const { client } = await connectShell(server.url)
  await client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
  // 4.5 MB: five rows with names of 0.9 MB each (too long for a name, so invalid, but read and checked).
  const rows = Array.from({ length: 5 }, (_, n) => `p${n}@example.test,AGENT,${'n'.repeat(900 * 1024)}`)
  const file = Buffer.from(['email,role,name', ...rows].join('\n')).toString('base64')
  const check = await client.invitations.importCheck({ file })
  expect(check.rows.map((r) => [r.outcome, r.reason])).toEqual(Array(5).fill(['invalid', 'Name is too long']))
  // The same size to any other operation is refused before it runs.
  const refused = await client.invitations
    .create({ email: `${'x'.repeat(2 * 1024 * 1024)}@example.test`, role: 'AGENT' })
    .then(() => null, toAppError)
  expect(refused?.code).toBe('TOO_LARGE')
})
