import { expect, it } from 'vitest'
import { backendOn, describeOn } from '../../../tests/support/engines'
import { seedOperator } from '../../../tests/support/seed'
import { findLiveSessionPg } from '../features/auth/auth.pg'
import { rankedTenants } from '../features/overview/overview.repository'
import { hashToken } from '../security/tokens'
import { pgRows } from './pg-query'

/**
 * Same-plan statements (issue 22) go as named prepared statements, so that PostgreSQL stops planning
 * them after their first runs on a connection; any other statement is planned afresh on every run.
 */
describeOn('pg')('statements PostgreSQL keeps a plan for [pg]', () => {
  it('prepares same-plan statements once per connection, plans them generically from the sixth run, and answers as a fresh one', async () => {
    const backend = await backendOn('pg')
    const op = await seedOperator(backend)
    const now = backend.clock.now()
    const soon = new Date(now.getTime() + 60_000)
    const prepared = await backend.engine.transaction(async (conn) => {
      // One transaction: one connection, whose prepared statements pg_prepared_statements lists.
      for (let run = 0; run < 7; run++) {
        expect(await findLiveSessionPg(conn, hashToken(op.token), now)).toMatchObject({ actor: { userId: op.userId } })
        expect((await rankedTenants(conn, null, 10, now, soon)).byUsers.map((r) => r.tenantId)).toEqual([op.tenantId])
        await pgRows(conn, { text: 'select 1 as one', values: [] })
      }
      // A kept statement sees a write made after it was prepared.
      const acme = (await pgRows<{ id: string }>(conn, { text: 'select gen_random_uuid()::text as id', values: [] }))[0]!.id
      await pgRows(conn, {
        text: `insert into organisations (id, name, slug, created_at) values ($1, 'Acme', 'acme', now())`,
        values: [acme],
      })
      await pgRows(conn, {
        text: 'insert into tenant_counters (tenant_id, users, active_users, open_invitations) values ($1, 5, 5, 0)',
        values: [acme],
      })
      expect((await rankedTenants(conn, null, 10, now, soon)).byUsers.map((r) => [r.name, r.users])).toEqual([
        ['Acme', 5],
        [expect.any(String), 1],
      ])
      return pgRows<{ statement: string; generic_plans: number | string; custom_plans: number | string }>(conn, {
        text: 'select statement, generic_plans, custom_plans from pg_prepared_statements',
        values: [],
      })
    })
    const session = prepared.find((p) => p.statement.includes('from sessions s'))
    const ranked = prepared.find((p) => p.statement.includes('tenant_counters c'))
    expect(session && Number(session.generic_plans)).toBeGreaterThan(0)
    expect(ranked && Number(ranked.generic_plans) + Number(ranked.custom_plans)).toBe(8)
    // Planned afresh each time: never prepared under a name.
    expect(prepared.filter((p) => p.statement.includes('select 1 as one'))).toEqual([])
  })
})
