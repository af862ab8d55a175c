import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import { Role } from '../../../shared/contract'
import type { Conn } from '../../db/engine'
import type { AuditQuery, AuditRow } from './audit.rows'
import { listAudit } from './audit.repository'

function auditFilters({ t }: Conn, query: AuditQuery): SQL[] {
  const filters: SQL[] = []
  if (query.tenantId) filters.push(eq(t.auditLog.actingTenantId, query.tenantId))
  if (query.actorUserId) filters.push(eq(t.auditLog.actorUserId, query.actorUserId))
  if (query.action) filters.push(eq(t.auditLog.action, query.action))
  if (query.target) filters.push(eq(t.auditLog.target, query.target))
  if (query.result) filters.push(eq(t.auditLog.result, query.result))
  if (query.from) filters.push(gte(t.auditLog.at, query.from))
  if (query.to) filters.push(lt(t.auditLog.at, query.to))
  return filters
}

/** The oracle: one keyset page as drizzle builds it from the same filters, newest first by (at, id), after `after`. */
function auditPageQuery(conn: Conn, query: AuditQuery, after: [number, number] | null, limit: number) {
  const { db, t } = conn
  const filters = auditFilters(conn, query)
  if (after) {
    // The moment through its column, so that each engine gets it as it keeps it (ms on SQLite, timestamptz on PostgreSQL).
    const at = sql.param(new Date(after[0]), t.auditLog.at)
    // The single-column bound lets SQLite seek the index; the row value breaks ties by id.
    filters.push(sql`${t.auditLog.at} <= ${at} and (${t.auditLog.at}, ${t.auditLog.id}) < (${at}, ${after[1]})`)
  }
  return db
    .select()
    .from(t.auditLog)
    .where(and(...filters))
    .orderBy(desc(t.auditLog.at), desc(t.auditLog.id))
    .limit(limit + 1)
}

/** Every page of two rows (each read with one more, as the list reads them), walking the cursor to the end. */
async function pagesOf(page: (after: [number, number] | null) => Promise<AuditRow[]>): Promise<AuditRow[][]> {
  const pages: AuditRow[][] = []
  let after: [number, number] | null = null
  for (;;) {
    const rows = await page(after)
    pages.push(rows)
    if (rows.length <= 2) return pages
    const last = rows[1]!
    after = [last.at.getTime(), last.id]
  }
}

/** The written-out audit list (issue 22) answers as drizzle's query of the same filters does, page by page. */
describeEngines('audit list statements', (engine) => {
  it('match drizzle for every filter, cursor and total', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const acme = (
      await backend.services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: false })
    ).id
    const agent = await seedUser(backend, acme, Role.AGENT, 'Agent Smith')
    await backend.services.auth.switchTenant(op.actor, acme)
    const inAcme = (await backend.services.auth.resolve(op.token))!
    for (const role of [Role.ADMIN, Role.AGENT, Role.ADMIN]) await backend.services.users.update(inAcme, { id: agent.id, role })
    await backend.services.auth.signOut((await backend.services.auth.resolve(agent.token))!)
    const start = backend.clock.now()
    backend.clock.advance(60_000)
    await backend.services.users.update(inAcme, { id: agent.id, role: Role.AGENT })

    const drizzle = await backend.engine.read((conn) => auditPageQuery(conn, {}, null, 1000))
    expect(drizzle.length).toBeGreaterThan(5)
    const queries: AuditQuery[] = [
      {},
      { tenantId: acme },
      { actorUserId: op.userId },
      { action: 'users.update' },
      { target: drizzle[0]!.target ?? undefined },
      { result: 'ok' },
      { from: new Date(start.getTime() + 1) },
      { to: new Date(start.getTime() + 1) },
      { tenantId: acme, action: 'users.update', result: 'ok', actorUserId: op.userId },
    ]
    for (const query of queries) {
      for (const count of ['capped', 'exact', 'none'] as const) {
        const expected = await backend.engine.read((conn) => pagesOf((after) => auditPageQuery(conn, query, after, 2)))
        const actual = await backend.engine.read((conn) =>
          pagesOf(async (after) => (await listAudit(conn, query, after, 2, count)).rows.map(({ names: _, ...row }) => row)),
        )
        expect(actual).toEqual(expected)
        const totals = await backend.engine.read(async (conn) => {
          const rows = await auditPageQuery(conn, query, null, 1000)
          const capped = await listAudit(conn, query, null, 2, count)
          return { count: rows.length, capped }
        })
        expect(totals.count).toBeGreaterThan(0)
        // The Overview's first rows are not counted.
        expect(totals.capped).toMatchObject(
          count === 'none' ? { total: null, totalCapped: false } : { total: totals.count, totalCapped: false },
        )
      }
    }
  })
})
