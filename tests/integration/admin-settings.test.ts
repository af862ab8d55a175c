import { afterEach, describe, expect, it } from 'vitest'
import { startShellServer, type ShellServer } from '../../src/main/http/shell-server'
import { toAppError } from '../../src/shared/errors'
import { noKeychain } from '../support/no-keychain'
import { OPERATOR } from '../support/operator'
import { seedOperator } from '../support/seed'
import { connectShell } from '../support/shell-client'
import { tempBackend, tempDir } from '../support/temp-backend'

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/**
 * The operations behind Settings → Email, Settings → Backups and Admin → Audit Log, over the browser
 * shell's HTTP transport as the screens will call them: dates, streams and errors cross it intact.
 */
describe('admin settings over the transport', () => {
  it('streams a backup and an audit export, filters the log by date, and carries the keychain refusal as data', async () => {
    const backend = tempBackend(undefined, {}, undefined, noKeychain)
    await seedOperator(backend)
    server = await startShellServer({ services: backend.services, rendererDir: tempDir() })
    const { client } = await connectShell(server.url)
    await client.auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })

    const email = await client.settings.getEmail()
    expect(email).toMatchObject({ stored: null, keychain: { available: false, reason: expect.stringContaining('AccessDenied') } })
    const refused = await client.settings
      .saveEmail({ host: 'mail.example.com', port: 587, security: 'starttls', user: 'ops', from: 'ops@example.com', password: 'pw' })
      .then(() => null, toAppError)
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', reason: 'KEYCHAIN_UNAVAILABLE', fields: { password: expect.any(String) } })

    const events = []
    for await (const event of await client.backups.start()) events.push(event)
    const done = events.at(-1)
    expect(done).toMatchObject({ type: 'done', backup: { name: expect.stringMatching(/\.sqlite$/), createdAt: expect.any(Date) } })
    expect(events.some((e) => e.type === 'progress')).toBe(true)
    expect((await client.backups.list()).backups).toEqual([done?.type === 'done' && done.backup])

    const page = await client.audit.list({ filter: { action: 'backups.create', from: backend.clock.now() }, limit: 10 })
    expect(page.items).toMatchObject([{ action: 'backups.create', at: expect.any(Date), actor: { email: OPERATOR.admin.email } }])
    const later = new Date(backend.clock.now().getTime() + 1)
    expect((await client.audit.list({ filter: { action: 'backups.create', from: later } })).items).toEqual([])
    const invalid = await client.audit.list({ filter: { from: later, to: backend.clock.now() } }).then(() => null, toAppError)
    expect(invalid).toMatchObject({ code: 'VALIDATION', fields: { 'filter.to': expect.any(String) } })

    let csv = ''
    for await (const event of await client.audit.exportCsv({ filter: { action: 'backups.create' } }))
      if (event.type === 'csv') csv += event.text
    expect(csv.split('\r\n').slice(1, -1)).toEqual([expect.stringMatching(/,backups\.create,switchboard-.*\.sqlite,ok,Northwind MSP,/)])
  })
})
