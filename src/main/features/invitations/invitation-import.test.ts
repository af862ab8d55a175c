import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { IMPORT_FILE_MAX_BYTES, type ImportRow } from '../../../shared/contract'
import { ErrorCode } from '../../../shared/errors'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { useMailCapture } from '../../../../tests/support/mail-capture'
import { linkToken, PASSWORD, seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import { Dialect } from '../../db/engine'
import type { Actor } from '../auth/auth.service'
import { membersOf } from '../teams/teams.repository'
import { EMAIL_ELSEWHERE } from './invitations.service'

const base64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64')

/** Issue 20: Invite from file — the dry run (parse and check) and Send Invitations (apply, in chunks). */
describeEngines('bulk invite from a file', (engine) => {
  const sent = useMailCapture()

  /** Acme with its ADMIN, a team, a user and a pending invitation; Contoso with a user of its own. */
  async function world() {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const acme = await seedTenant(backend, 'Acme', 'acme')
    const contoso = await seedTenant(backend, 'Contoso', 'contoso')
    const admin = await seedUser(backend, acme, 'ADMIN', 'Ada Admin', 'ada@acme.test')
    const team = await backend.services.teams.create(admin.actor, { name: 'Service Desk', description: '' })
    await seedUser(backend, acme, 'AGENT', 'Al Agent', 'al@acme.test')
    await seedUser(backend, contoso, 'AGENT', 'Bo Agent', 'bo@contoso.test')
    const pending = await backend.services.invitations.create(admin.actor, { email: 'pending@acme.test', role: 'AGENT' })
    const importing = backend.services.invitationImport
    return { backend, op, acme, contoso, admin, team, pendingId: pending.invitation.id, importing }
  }

  const auditOf = (backend: Awaited<ReturnType<typeof world>>['backend']) =>
    backend.engine.read(({ db, t }) =>
      db
        .select({ action: t.auditLog.action, acting: t.auditLog.actingTenantId, target: t.auditLog.target, result: t.auditLog.result })
        .from(t.auditLog)
        .where(eq(t.auditLog.action, 'invitations.create'))
        .orderBy(asc(t.auditLog.id)),
    )

  it('says per row what sending would do: invite, already a user, already invited, or invalid with the reason', async () => {
    const { admin, pendingId, importing } = await world()
    // BOM, CRLF, columns in another order and case, quoted cells, an empty line, a formula-looking name.
    const file = [
      '\uFEFFTeam,EMAIL,Name,role',
      'service desk,New@Example.test,"Newman, Nia",agent',
      ',al@acme.test,,AGENT',
      ',pending@acme.test,,ADMIN',
      '',
      ',not-an-email,,AGENT',
      ',nobody@example.test,,Boss',
      ',boss@example.test,,SUPER_ADMIN',
      'Night Shift,night@example.test,,AGENT',
      ',NEW@example.test,,READ_ONLY',
      ',bo@contoso.test,,AGENT',
      ',formula@example.test,=1+1,read only',
      ',"line@example.test",,',
    ].join('\r\n')
    const check = await importing.check(admin.actor, base64(file))
    expect(check.rows.map((r) => [r.line, r.email, r.outcome, r.reason])).toEqual([
      [2, 'New@Example.test', 'invite', null],
      [3, 'al@acme.test', 'user', null],
      [4, 'pending@acme.test', 'invited', null],
      [6, 'not-an-email', 'invalid', 'Not a valid email address.'],
      [7, 'nobody@example.test', 'invalid', 'Unknown role: use SUPER_ADMIN, ADMIN, AGENT, READ_ONLY.'],
      [8, 'boss@example.test', 'invalid', 'You cannot grant SUPER_ADMIN here: only a SUPER_ADMIN inside the Admin Tenant can.'],
      [9, 'night@example.test', 'invalid', 'Unknown team: this organisation has no team named "Night Shift".'],
      [10, 'NEW@example.test', 'invalid', 'Duplicate row: line 2 has the same email.'],
      [11, 'bo@contoso.test', 'invalid', EMAIL_ELSEWHERE],
      [12, 'formula@example.test', 'invite', null],
      [13, 'line@example.test', 'invalid', 'No role.'],
    ])
    expect(check.rows[0]).toMatchObject({ name: 'Newman, Nia', team: 'service desk' })
    // Cells are text: the formula comes back as written, never evaluated.
    expect(check.rows[9]!.name).toBe('=1+1')
    expect(check.rows[2]!.invitationId).toBe(pendingId)
    expect(check.counts).toEqual({ invite: 2, user: 1, invited: 1, invalid: 7 })
  })

  it('refuses files it cannot read, with the reason', async () => {
    const { backend, admin, importing } = await world()
    const refusal = async (file: string) => {
      const error = await failure(() => importing.check(admin.actor, file))
      return [error.code, error.message]
    }
    expect(await refusal(base64(new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x2c, 0x72, 0x6f, 0x6c, 0x65, 0x0a, 0xe9])))).toEqual([
      'VALIDATION',
      'The file is not UTF-8 text. Save it as "CSV UTF-8" and choose it again.',
    ])
    expect((await refusal(base64('a@example.test,AGENT\nb@example.test,AGENT')))[1]).toMatch(/^The file has no header row/)
    expect((await refusal(base64('email,name\na@example.test,Ann')))[1]).toMatch(/^The header row has no role column/)
    expect(await refusal(base64(''))).toEqual(['VALIDATION', 'The file is empty.'])
    expect(await refusal(base64(`email,role\n"a@example.test,AGENT`))).toEqual([
      'VALIDATION',
      'Line 2: a quoted cell is never closed (a " is missing).',
    ])
    expect(await refusal(base64(`email,role,name\na@example.test,AGENT,${'x'.repeat(1024 * 1024)}`))).toEqual([
      'TOO_LARGE',
      'Line 2: the row is larger than 1 MB, the most a row may be.',
    ])
    const big = `email,role\n${'x'.repeat(IMPORT_FILE_MAX_BYTES)}`
    expect(await refusal(base64(big))).toEqual(['TOO_LARGE', 'The file is larger than 5 MB. Split it into smaller files.'])
    // Only those who may invite may check.
    const agent = await seedUser(backend, admin.actor.actingTenantId, 'AGENT', 'Ag Ent', 'ag@acme.test')
    expect((await failure(() => importing.check(agent.actor, base64('email,role')))).code).toBe(ErrorCode.FORBIDDEN)
  })

  it('checks a 5,000-row file', async () => {
    const { admin, importing } = await world()
    const lines = Array.from({ length: 5000 }, (_, n) => `person.${n}@example.test,AGENT,Person ${n},Service Desk`)
    const check = await importing.check(admin.actor, base64(['email,role,name,team', ...lines, 'al@acme.test,AGENT'].join('\n')))
    expect(check.counts).toEqual({ invite: 5000, user: 1, invited: 0, invalid: 0 })
    expect(check.rows.at(-2)).toMatchObject({ line: 5001, email: 'person.4999@example.test', outcome: 'invite' })
  })

  it('sends the valid rows, each as a single invite is (audited in the tenant), one failure not stopping the rest', async () => {
    const { backend, op, acme, team, importing } = await world()
    // The operator, switched into Acme: the invitations and their audit rows are Acme's.
    const operator: Actor = { ...op.actor, actingTenantId: acme }
    const rows: ImportRow[] = [
      { line: 2, email: 'one@example.test', role: 'AGENT', name: 'One Person', team: 'Service Desk' },
      { line: 3, email: 'nope', role: 'AGENT', name: '', team: '' },
      { line: 4, email: 'raced@example.test', role: 'ADMIN', name: '', team: '' },
      { line: 5, email: 'two@example.test', role: 'read_only', name: '=cmd|calc', team: '' },
      { line: 6, email: 'al@acme.test', role: 'AGENT', name: '', team: '' },
    ]
    // Invited by someone else between the dry run and Send Invitations.
    await backend.services.invitations.create(operator, { email: 'raced@example.test', role: 'AGENT' })
    const auditBefore = (await auditOf(backend)).length
    const mailBefore = sent.received().length
    const { results } = await importing.apply(operator, { key: 'chunk-1', rows })
    expect(results.map((r) => [r.line, r.email, r.ok, r.message])).toEqual([
      [2, 'one@example.test', true, null],
      [3, 'nope', false, 'Not a valid email address.'],
      [4, 'raced@example.test', false, 'Already invited: use Resend to send it again.'],
      [5, 'two@example.test', true, null],
      [6, 'al@acme.test', false, 'Already a user of this organisation.'],
    ])
    // Rows of a chunk run a few at a time: their audit rows in any order.
    const audit = (await auditOf(backend)).slice(auditBefore)
    expect(audit).toHaveLength(2)
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'invitations.create', acting: acme, target: results[0]!.invitationId, result: 'ok' },
        { action: 'invitations.create', acting: acme, target: results[3]!.invitationId, result: 'ok' },
      ]),
    )
    expect(sent.received().length - mailBefore).toBe(2)
    const pending = await backend.services.invitations.list(operator)
    const roles = new Map(pending.map((i) => [i.email, i.role]))
    expect([roles.get('one@example.test'), roles.get('two@example.test')]).toEqual(['AGENT', 'READ_ONLY'])

    // Registering from the first: the file's name is offered, and the team joined.
    const first = sent.received().find((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'one@example.test')!
    const link = linkToken(first.text ?? '')
    expect(await backend.services.invitations.inspect(link, 'test')).toMatchObject({ email: 'one@example.test', name: 'One Person' })
    const { userId } = await backend.services.invitations.register(link, { name: 'One Person', password: PASSWORD }, 'test')
    expect(await backend.engine.read((conn) => membersOf(conn, team.id))).toContainEqual({ userId, role: 'MEMBER' })
  })

  it('answers a retried chunk (same key) with its first results, inviting no one twice', async () => {
    const { backend, admin, importing } = await world()
    const rows: ImportRow[] = [
      { line: 2, email: 'once@example.test', role: 'AGENT', name: '', team: '' },
      { line: 3, email: 'twice@example.test', role: 'AGENT', name: '', team: '' },
    ]
    const first = await importing.apply(admin.actor, { key: 'same-key', rows })
    const auditAfterFirst = (await auditOf(backend)).length
    const mailAfterFirst = sent.received().length
    const again = await importing.apply(admin.actor, { key: 'same-key', rows })
    expect(again).toEqual(first)
    expect(again.results.every((r) => r.ok)).toBe(true)
    expect((await auditOf(backend)).length).toBe(auditAfterFirst)
    expect(sent.received().length).toBe(mailAfterFirst)
    // The same key for other rows is another request: refused.
    expect((await failure(() => importing.apply(admin.actor, { key: 'same-key', rows: rows.slice(0, 1) }))).code).toBe(ErrorCode.VALIDATION)
    // A new key (a new chunk) re-checks: both are invited already now.
    const fresh = await importing.apply(admin.actor, { key: 'other-key', rows })
    expect(fresh.results.map((r) => r.ok)).toEqual([false, false])
  })
})

/** The check's lookups are batched by the file's emails: a longer file costs a few more queries, never one per row. */
describe('the dry run of a long file', () => {
  it('runs a handful of queries whatever the number of rows', async () => {
    const backend = await backendOn(Dialect.SQLITE)
    const op = await seedOperator(backend)
    const sqlite = backend.store!.sqlite
    const prepare = sqlite.prepare.bind(sqlite)
    let queries = 0
    sqlite.prepare = ((source: string) => {
      if (/^\s*select/i.test(source)) queries++
      return prepare(source)
    }) as typeof sqlite.prepare
    const queriesFor = async (rows: number) => {
      const lines = Array.from({ length: rows }, (_, n) => `p${n}@example.test,AGENT,,Nowhere`)
      queries = 0
      await backend.services.invitationImport.check(op.actor, base64(['email,role,name,team', ...lines].join('\n')))
      return queries
    }
    const few = await queriesFor(10)
    // 1,200 emails are looked up in groups of 500: two more groups each for users and invitations.
    expect(await queriesFor(1200)).toBeLessThanOrEqual(few + 4)
    expect(few).toBeGreaterThan(2)
    expect(few).toBeLessThan(10)
  })
})
