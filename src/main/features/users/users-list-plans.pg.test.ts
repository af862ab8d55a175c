import { sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { expect, it } from 'vitest'
import { backendOn, describeOn } from '../../../../tests/support/engines'
import { seedOperator, seedTenant } from '../../../../tests/support/seed'
import type { Conn } from '../../db/engine'
import type { ListQuery } from './users.list'
import { pgRows, type Statement } from '../../db/pg-query'
import { userPageStatement } from './users.pg'
import { insertUsers } from './users.repository'

/**
 * The users list on PostgreSQL (issue 19) reads every page off an index, in order: no sequential
 * scan of users and, without a search, no sort. (SQLite's plans: db/query-plans.test.ts.)
 */

const execute = async <T>(conn: Conn, query: SQL): Promise<T[]> => (await (conn.db as unknown as NodePgDatabase).execute(query)).rows as T[]

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

describeOn('pg')('users list plans [pg]', () => {
  it('reads every page of every sort, direction and filter off an index; searches through an index too', async () => {
    const backend = await backendOn('pg')
    const op = await seedOperator(backend)
    const other = await seedTenant(backend, 'Contoso', 'contoso')
    await backend.engine.transaction(async (conn) => {
      for (const tenantId of [op.tenantId, other]) {
        const rows = Array.from({ length: 300 }, (_, i) => ({
          id: `${tenantId}-${i}`,
          tenantId,
          email: `person${i}.${tenantId.slice(0, 8)}@example.test`,
          name: `Person ${i}`,
          role: i % 3 ? ('AGENT' as const) : ('ADMIN' as const),
          active: i % 5 !== 0,
          lastSignInAt: i % 2 ? new Date(1_700_000_000_000 + i) : null,
          createdAt: new Date(),
        }))
        await insertUsers(conn, rows)
      }
    })
    await backend.engine.read((conn) => execute(conn, sql`analyze users`))

    const plans = await backend.engine.transaction(async (conn) => {
      // Sequential scans and sorts priced out (the table is small here): one that remains means no index serves the query.
      await execute(conn, sql`set local enable_seqscan = off`)
      await execute(conn, sql`set local enable_sort = off`)
      const explain = async ({ text, values }: Statement) => {
        const [row] = await pgRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(conn, { text: `explain (format json) ${text}`, values })
        return nodesOf(row!['QUERY PLAN'][0]!.Plan)
      }
      const found: { query: unknown; nodes: PlanNode[] }[] = []
      const filters: Partial<ListQuery>[] = [{}, { role: 'ADMIN' }, { status: 'inactive' }, { search: 'person1' }, { search: 'n1' }]
      for (const sort of ['name', 'email', 'role', 'lastSignIn'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          for (const filter of filters) {
            const after: [string | number, string] = [sort === 'lastSignIn' ? 1_700_000_000_100 : 'person 5', `${op.tenantId}-5`]
            for (const page of [null, after]) {
              const query: ListQuery = { sort, direction, status: 'all', limit: 50, ...filter }
              found.push({ query: [query, page], nodes: await explain(userPageStatement(op.tenantId, query, page)) })
            }
          }
        }
      }
      return found
    })
    for (const { query, nodes } of plans) {
      const search = !!(query as [ListQuery])[0].search
      expect([query, nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])]).toEqual([query, []])
      expect([query, nodes.some((n) => n['Index Name']?.startsWith('users_'))]).toEqual([query, true])
      // A search's matches (a few, or the cap's worth) may be sorted; a plain page never is.
      if (!search) expect([query, nodes.filter((n) => n['Node Type'] === 'Sort').length]).toEqual([query, 0])
    }
  })
})
