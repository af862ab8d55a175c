import { describe, expect, it } from 'vitest'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import { tempBackend } from '../../../../tests/support/temp-backend'
import { Role } from '../../../shared/contract'
import { auditPageQuery, type AuditQuery } from './audit.repository'
import type { AuditRow } from './audit.rows'
import { listAuditSqlite } from './audit.sqlite'

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

/** SQLite's prepared audit list (issue 22) answers as drizzle's query of the same filters does, page by page. */
describe('audit list statements [sqlite]', () => {
  it('match drizzle for every filter, cursor and total', async () => {
    const backend = tempBackend()
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
      for (const exact of [false, true]) {
        const expected = await backend.engine.read((conn) => pagesOf((after) => auditPageQuery(conn, query, after, 2)))
        const actual = await backend.engine.read((conn) => pagesOf(async (after) => listAuditSqlite(conn, query, after, 2, exact).rows))
        expect(actual).toEqual(expected)
        const totals = await backend.engine.read(async (conn) => {
          const rows = await auditPageQuery(conn, query, null, 1000)
          const capped = listAuditSqlite(conn, query, null, 2, exact)
          return { count: rows.length, capped }
        })
        expect(totals.count).toBeGreaterThan(0)
        expect(totals.capped).toMatchObject({ total: totals.count, totalCapped: false })
      }
    }
  })
})
