import { eq, sql, type SQLWrapper } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import type { AuditEntry, AuditFilter } from '../../../shared/contract'
import { backendOn, describeEngines, describeOn, type EngineName } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import { Dialect } from '../../db/engine'
import { verifyAuditChain } from './audit-verify'
import { writtenRows } from '../../db/query'
import type { Statement } from '../../db/pg-query'
import { auditPageStatement, AuditResult, distinctActionsQuery, writeAudit, type AuditQuery } from './audit.repository'

import { recordAction } from './mutation'
import { rawRows } from './raw-rows'

/** The Admin Tenant with its SUPER_ADMIN, and tenant B with an ADMIN, each with some history. */
async function twoTenants(engine: EngineName) {
  const backend = await backendOn(engine)
  const op = await seedOperator(backend)
  const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
  const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
  await backend.services.invitations.create(adminB.actor, { email: 'new@contoso.test', role: 'AGENT' })
  await backend.services.invitations.create(op.actor, { email: 'new@northwind.test', role: 'AGENT' })
  return { backend, op, tenantB, adminB }
}

/** Every row a reader gets for a filter, page by page. */
async function everyPage(
  backend: Backend,
  actor: Parameters<Backend['services']['auditLog']['list']>[0],
  filter: AuditFilter,
  limit: number,
) {
  const rows: AuditEntry[] = []
  let cursor: string | undefined
  do {
    const page = await backend.services.auditLog.list(actor, { filter, cursor, limit })
    rows.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return rows
}

describeEngines('Admin → Audit Log', (engine) => {
  it('shows an ADMIN their acting tenant’s rows only, with names, and a SUPER_ADMIN in the Admin Tenant every tenant’s', async () => {
    const { backend, op, tenantB, adminB } = await twoTenants(engine)
    const audit = backend.services.auditLog
    const ofB = await audit.list(adminB.actor, { filter: {}, limit: 50 })
    // Newest first: the invitation, then the sign-in seeding opened.
    expect(ofB.items.map((e) => [e.action, e.tenant?.name])).toEqual([
      ['invitations.create', 'Contoso'],
      ['auth.sign-in', 'Contoso'],
    ])
    expect(ofB.items[0]).toMatchObject({ actor: { id: adminB.id, name: 'Bea Admin', email: 'bea@contoso.test' }, result: 'ok' })
    expect(ofB.total).toBe(2)
    // Naming another tenant is refused; naming one's own is the same as naming none.
    expect((await failure(() => audit.list(adminB.actor, { filter: { tenantId: op.tenantId }, limit: 50 }))).code).toBe('FORBIDDEN')
    expect((await audit.list(adminB.actor, { filter: { tenantId: tenantB }, limit: 50 })).items).toEqual(ofB.items)

    const all = await audit.list(op.actor, { filter: {}, limit: 50 })
    expect(new Set(all.items.map((e) => e.tenant?.name))).toEqual(new Set(['Northwind MSP', 'Contoso']))
    expect((await audit.list(op.actor, { filter: { tenantId: tenantB }, limit: 50 })).items).toEqual(ofB.items)

    // A SUPER_ADMIN switched into B reads B's log, as B's ADMIN does.
    await backend.services.auth.switchTenant(op.actor, tenantB)
    const inB = (await backend.services.auth.resolve(op.token))!
    expect((await audit.list(inB, { filter: {}, limit: 50 })).items.map((e) => e.action)).toEqual([
      'auth.switch-tenant',
      'invitations.create',
      'auth.sign-in',
    ])

    // The Action filter's choices follow the same scope.
    expect(await audit.actions(adminB.actor)).toEqual(['auth.sign-in', 'auth.switch-tenant', 'invitations.create'])
    expect(await audit.actions(op.actor)).toEqual(['auth.sign-in', 'auth.switch-tenant', 'invitations.create', 'setup.create-operator'])

    const agent = await seedUser(backend, tenantB, 'AGENT', 'Al Agent')
    expect((await failure(() => audit.list(agent.actor, { filter: {}, limit: 50 }))).code).toBe('FORBIDDEN')
  })

  it('filters by actor, action, target, result and date range, and pages through any number of rows', async () => {
    const { backend, op, tenantB } = await twoTenants(engine)
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute))
    await backend.engine.transaction(async (conn) => {
      for (let i = 0; i < 1234; i++) {
        const minute = Math.floor(i / 3) // three rows share each moment: ties are broken by id
        await writeAudit(
          conn,
          { now: () => at(minute) },
          {
            actorUserId: op.userId,
            homeTenantId: op.tenantId,
            actingTenantId: i % 4 ? tenantB : op.tenantId,
            action: i % 2 ? 'users.update' : 'teams.create',
            target: `target-${i % 7}`,
            result: i % 5 ? 'ok' : 'denied',
            appVersion: null,
            host: null,
          },
        )
      }
    })
    const whole = await everyPage(backend, op.actor, { actorEmail: 'ADA@northwind.test', from: at(0) }, 1000)
    expect(whole).toHaveLength(1234)
    const ordered = [...whole].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id)
    expect(whole.map((e) => e.id)).toEqual(ordered.map((e) => e.id))
    expect((await everyPage(backend, op.actor, { actorEmail: 'ada@northwind.test', from: at(0) }, 37)).map((e) => e.id)).toEqual(
      whole.map((e) => e.id),
    )

    const filter: AuditFilter = {
      action: 'users.update',
      result: 'denied',
      tenantId: tenantB,
      target: 'target-3',
      from: at(100),
      to: at(300),
    }
    const expected = whole.filter(
      (e) =>
        e.action === 'users.update' &&
        e.result === 'denied' &&
        e.tenant?.id === tenantB &&
        e.target === 'target-3' &&
        e.at >= at(100) &&
        e.at < at(300),
    )
    expect(expected.length).toBeGreaterThan(0)
    expect((await everyPage(backend, op.actor, filter, 2)).map((e) => e.id)).toEqual(expected.map((e) => e.id))
    expect((await backend.services.auditLog.list(op.actor, { filter, limit: 2 })).total).toBe(expected.length)
    expect(await backend.services.auditLog.list(op.actor, { filter: { actorEmail: 'nobody@example.test' }, limit: 5 })).toEqual({
      items: [],
      nextCursor: null,
      total: 0,
    })
  })

  it('exports the filtered set as CSV with progress, formula cells neutralised, and the export on record', async () => {
    const { backend, op, tenantB, adminB } = await twoTenants(engine)
    await backend.engine.transaction(async (conn) => {
      for (let i = 0; i < 1100; i++) {
        await writeAudit(conn, backend.clock, {
          actorUserId: op.userId,
          homeTenantId: op.tenantId,
          actingTenantId: tenantB,
          action: 'users.update',
          target: i === 0 ? '=HYPERLINK("http://evil.test","x"),1' : `user-${i}`,
          result: 'ok',
          appVersion: null,
          host: null,
        })
      }
    })
    const events = []
    for await (const event of await backend.services.auditLog.exportCsv(op.actor, { tenantId: tenantB, action: 'users.update' }))
      events.push(event)
    const csv = events.flatMap((e) => (e.type === 'csv' ? [e.text] : [])).join('')
    const progress = events.flatMap((e) => (e.type === 'progress' ? [[e.done, e.total]] : []))
    expect(progress).toEqual([
      [500, 1100],
      [1000, 1100],
      [1100, 1100],
    ])
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('id,at,actor_name,actor_email,action,target,result,tenant,tenant_id,home_tenant')
    expect(lines).toHaveLength(1100 + 2) // header, rows, and the empty piece after the last CRLF
    expect(csv).toContain(`,users.update,"'=HYPERLINK(""http://evil.test"",""x""),1",ok,Contoso,${tenantB},Northwind MSP`)
    expect(lines[1]).toMatch(/^\d+,\d{4}-\d\d-\d\dT[^,]+,Ada Operator,ada@northwind.test,users.update,user-1099,ok,Contoso,/)
    expect((await backend.services.auditLog.list(op.actor, { filter: { action: 'audit.export' }, limit: 5 })).items).toMatchObject([
      { target: tenantB, result: 'ok', actor: { id: op.userId } },
    ])

    expect((await failure(() => backend.services.auditLog.exportCsv(adminB.actor, { tenantId: op.tenantId }))).code).toBe('FORBIDDEN')
  })

  it('keeps one unbroken chain while many transactions write audit rows at once', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordAction(backend.engine, backend.clock, op.actor, 'test.concurrent', `row-${i}`, AuditResult.OK),
      ),
    )
    const report = await verifyAuditChain(backend.engine, 7)
    expect(report).toEqual({ rows: report.unchained + 2 + 40, unchained: 0, brokenAt: null })
  })

  it('refuses to alter a row once written', async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    const [first] = await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id).limit(1))
    const refused = await backend.engine
      .transaction(({ db, t }) => db.update(t.auditLog).set({ target: 'someone else' }).where(eq(t.auditLog.id, first!.id)))
      .then(
        () => 'updated',
        // PostgreSQL's drizzle wraps the server's error; its cause says why.
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      )
    expect(refused).toMatch(/append-only/)
    expect(await verifyAuditChain(backend.engine)).toMatchObject({ brokenAt: null })
  })
})

describe('Audit Log queries on SQLite', () => {
  it('reads every filter combination through an index, without sorting', async () => {
    const { backend, op, tenantB } = await twoTenants(Dialect.SQLITE)
    const sqlite = backend.store!.sqlite
    const parts: (keyof AuditQuery)[] = ['tenantId', 'actorUserId', 'action', 'target', 'result', 'from', 'to']
    const values: Required<AuditQuery> = {
      tenantId: tenantB,
      actorUserId: op.userId,
      action: 'users.update',
      target: 'x',
      result: 'ok',
      from: new Date(1),
      to: new Date(2),
    }
    for (let mask = 0; mask < 1 << parts.length; mask++) {
      const query = Object.fromEntries(parts.filter((_, i) => mask & (1 << i)).map((p) => [p, values[p]])) as AuditQuery
      for (const after of [null, [5, 5] as [number, number]]) {
        const { text, values } = auditPageStatement(Dialect.SQLITE, query, after, 100)
        const plan = (sqlite.prepare(`explain query plan ${text}`).all(...values) as { detail: string }[]).map((r) => r.detail)
        expect([query, plan.filter((d) => /^SCAN audit_log$|TEMP B-TREE/.test(d))]).toEqual([query, []])
        expect([query, plan.some((d) => /USING (COVERING )?INDEX audit_log_/.test(d))]).toEqual([query, true])
      }
    }
    // The Action filter's choices: every step of the skip-scan is an index seek.
    for (const tenantId of [undefined, tenantB]) {
      const query = await backend.engine.read(async (conn) => distinctActionsQuery(conn, tenantId))
      const { sql, params } = new SQLiteSyncDialect().sqlToQuery(query)
      const plan = (sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
      const onLog = plan.filter((d) => d.includes('audit_log'))
      expect(onLog.length).toBeGreaterThan(0)
      for (const step of onLog) expect(step).toMatch(/^SEARCH audit_log USING COVERING INDEX audit_log_(tenant_)?action_at_idx/)
    }
  })
})

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Plans?: PlanNode[]
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

describeOn(Dialect.PG)('Audit Log queries on PostgreSQL', () => {
  it('serves every filter combination, and the Action filter’s choices, from an index without sorting', async () => {
    const { backend, op, tenantB } = await twoTenants(Dialect.PG)
    const values: Required<AuditQuery> = {
      tenantId: tenantB,
      actorUserId: op.userId,
      action: 'users.update',
      target: 'x',
      result: 'ok',
      from: new Date(1),
      to: new Date(2),
    }
    const parts = Object.keys(values) as (keyof AuditQuery)[]
    const plans = await backend.engine.transaction(async (conn) => {
      // Sequential scans and sorts priced out (the table is tiny here): one that remains means no index serves the query in order.
      await rawRows(conn, sql`set local enable_seqscan = off`)
      await rawRows(conn, sql`set local enable_sort = off`)
      /** The plan's steps on audit_log, and its sorts. */
      const explain = async (query: SQLWrapper | Statement) => {
        type Explained = { 'QUERY PLAN': { Plan: PlanNode }[] }
        const [row] =
          'text' in query
            ? await writtenRows<Explained>(conn, { text: `explain (format json) ${query.text}`, values: query.values })
            : await rawRows<Explained>(conn, sql`explain (format json) ${query}`)
        const nodes = nodesOf(row!['QUERY PLAN'][0]!.Plan)
        return nodes.flatMap((n) => (n['Relation Name'] === 'audit_log' || n['Node Type'] === 'Sort' ? [n['Node Type']] : []))
      }
      const found: { query: unknown; scans: string[] }[] = []
      for (let mask = 0; mask < 1 << parts.length; mask++) {
        const query = Object.fromEntries(parts.filter((_, i) => mask & (1 << i)).map((p) => [p, values[p]])) as AuditQuery
        for (const after of [null, [5, 5] as [number, number]]) {
          found.push({ query: [query, after], scans: await explain(auditPageStatement(Dialect.PG, query, after, 100)) })
        }
      }
      for (const tenantId of [undefined, tenantB]) {
        found.push({ query: ['actions', tenantId], scans: await explain(distinctActionsQuery(conn, tenantId)) })
      }
      return found
    })
    for (const { query, scans } of plans) {
      expect([query, scans.filter((type) => type === 'Seq Scan' || type === 'Sort')]).toEqual([query, []])
      expect([query, scans.length > 0]).toEqual([query, true])
    }
  })
})
