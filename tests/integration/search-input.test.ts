import fc from 'fast-check'
import { afterEach, expect, it } from 'vitest'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { ErrorCode, toAppError } from '../../src/shared/errors'
import { OPERATOR } from '../support/operator'
import { seedOperator, seedUser } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { backendOn, describeEngines, type EngineName } from '../support/engines'
import { tempDir } from '../support/temp-backend'

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Every operation that takes a search term, called over HTTP as the console calls it. */
async function searchOperations(engine: EngineName) {
  const backend = await backendOn(engine)
  const op = await seedOperator(backend)
  await seedUser(backend, op.tenantId, 'AGENT', 'Zoë Ångström "Quote" 100%_done')
  server = await startShellServer({ services: backend.services, rendererDir: tempDir() })
  const { client } = await connectShell(server.url)
  await client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
  return {
    'users.list': (search: string) => client.users.list({ search }),
    'users.assignable': (search: string) => client.users.assignable({ search }),
    'organisations.list': (search: string) => client.organisations.list({ search }),
    'auth.switchableTenants': (search: string) => client.auth.switchableTenants({ search }),
  }
}

async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'ok'
  } catch (error) {
    return toAppError(error).code
  }
}

describeEngines('search terms', (engine) => {
  it('a NUL or other control character in a search term is refused as VALIDATION in the search field, never a 500', async () => {
    for (const [name, call] of Object.entries(await searchOperations(engine))) {
      for (const term of ['abc\u0000def', 'ab\u0000', 'tab\there', 'del\u007f']) {
        const refused = toAppError(await call(term).catch((error: unknown) => error))
        expect([name, refused.code, refused.fields?.search]).toEqual([
          name,
          ErrorCode.VALIDATION,
          'Search text cannot contain control characters',
        ])
      }
    }
  })

  it('any text is searched or refused as VALIDATION: quotes, FTS syntax, LIKE wildcards and any Unicode', async () => {
    const operations = Object.values(await searchOperations(engine))
    const term = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('"', '""', 'a"b', 'NEAR(a b)', 'a* OR b', '%_\\', 'Zoë', '"Quote"', 'ab\u0000', '\u{1F600}\u{1F600}\u{1F600}'),
    )
    await fc.assert(
      fc.asyncProperty(term, fc.nat(operations.length - 1), async (text, which) => {
        expect(['ok', ErrorCode.VALIDATION]).toContain(await outcome(operations[which]!(text)))
      }),
      { numRuns: 150 },
    )
  })
})
