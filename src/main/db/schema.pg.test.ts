import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freshDatabase } from '../../../tests/support/pg-database'
import { defaultPgMigrationsFolder } from '../package-root'
import { openPgStore, type PgStore } from './pg-store'
import { likePattern } from './query'
import { searchTerm } from './search.pg'

/**
 * What the PostgreSQL schema holds by itself (drizzle/pg), on a real server: the append-only audit
 * log, at most one Admin Tenant, tenant-consistent references, exact user counters, and a tenant's
 * user search through the trigram GIN index.
 */

const postgres = inject('postgres')

describe.skipIf(!postgres.run)('PostgreSQL schema (drizzle/pg)', () => {
  let store: PgStore
  let drop: () => Promise<void> = async () => undefined
  const q = (text: string, values: unknown[] = []) => store.pool.query(text, values)
  const refusal = (text: string, values: unknown[] = []) =>
    q(text, values).then(
      () => ({ code: 'none', message: '' }),
      (e: pg.DatabaseError) => e,
    )

  beforeAll(async () => {
    if (!postgres.run) return
    const database = await freshDatabase(postgres.url)
    drop = database.drop
    store = await openPgStore(database.url, { migrationsFolder: defaultPgMigrationsFolder() })
    await q(`insert into organisations (id, name, slug, is_admin_tenant, created_at) values
      ('admin', 'Northwind MSP', 'northwind', true, now()), ('acme', 'Acme', 'acme', false, now()), ('globex', 'Globex', 'globex', false, now())`)
  })
  afterAll(async () => {
    await store?.close()
    await drop()
  })

  it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused, rows stay', async () => {
    await q(`insert into audit_log (at, action, result) values (now(), 'user.invite', 'ok'), (now(), 'user.invite', 'denied')`)
    const before = (await q('select * from audit_log order by id')).rows
    for (const statement of [`update audit_log set result = 'ok'`, `delete from audit_log where result = 'denied'`, 'truncate audit_log']) {
      expect(await refusal(statement), statement).toMatchObject({ code: '23001', message: 'audit_log is append-only' })
    }
    expect((await q('select * from audit_log order by id')).rows).toEqual(before)
  })

  it('allows at most one Admin Tenant, and any number of other organisations', async () => {
    const second = await refusal(
      `insert into organisations (id, name, slug, is_admin_tenant, created_at) values ('admin2', 'Other', 'other', true, now())`,
    )
    expect(second).toMatchObject({ code: '23505', constraint: 'organisations_one_admin_tenant' })
    await q(`insert into organisations (id, name, slug, created_at) values ('o1', 'One', 'one', now()), ('o2', 'Two', 'two', now())`)
    // The index holds the Admin Tenant's row only: moving the flag is clearing it, then setting it elsewhere.
    await q(`update organisations set is_admin_tenant = false where id = 'admin'`)
    await q(`update organisations set is_admin_tenant = true where id = 'o1'`)
    expect((await q(`select id from organisations where is_admin_tenant`)).rows).toEqual([{ id: 'o1' }])
  })

  it('refuses a team member or ticket assignee from another tenant (composite tenant keys)', async () => {
    await q(`insert into users (id, tenant_id, email, name, role, created_at) values
      ('u-acme', 'acme', 'ann@acme.test', 'Ann', 'AGENT', now()), ('u-globex', 'globex', 'bob@globex.test', 'Bob', 'AGENT', now())`)
    await q(`insert into teams (id, tenant_id, name, created_at) values ('t-acme', 'acme', 'Support', now())`)
    await q(`insert into team_members (tenant_id, team_id, user_id, role, added_at) values ('acme', 't-acme', 'u-acme', 'MEMBER', now())`)
    const member = await refusal(
      `insert into team_members (tenant_id, team_id, user_id, role, added_at) values ('acme', 't-acme', 'u-globex', 'MEMBER', now())`,
    )
    expect(member).toMatchObject({ code: '23503', constraint: 'team_members_user_tenant_fk' })
    const ticket = await refusal(
      `insert into tickets (id, tenant_id, number, subject, status, assignee_id, created_at) values ('k1', 'acme', 1, 'Printer', 'OPEN', 'u-globex', now())`,
    )
    expect(ticket).toMatchObject({ code: '23503', constraint: 'tickets_assignee_tenant_fk' })
  })

  it('keeps tenant_user_counts exact through inserts, updates and deletes, also from two connections at once', async () => {
    const other = new pg.Pool({ connectionString: (store.pool.options as { connectionString: string }).connectionString, max: 4 })
    try {
      const insert = (pool: pg.Pool, i: number) =>
        pool.query(`insert into users (id, tenant_id, email, name, role, active, created_at) values ($1, $2, $3, 'N', $4, $5, now())`, [
          `c${i}`,
          i % 2 ? 'acme' : 'globex',
          `c${i}@counts.test`,
          i % 3 ? 'AGENT' : 'ADMIN',
          i % 5 !== 0,
        ])
      await Promise.all(Array.from({ length: 60 }, (_, i) => insert(i % 2 ? store.pool : other, i)))
      await q(`update users set role = 'READ_ONLY' where id in ('c1', 'c2', 'c3')`)
      await q(`update users set active = not active where id in ('c4', 'c5')`)
      await q(`update users set tenant_id = 'globex' where id = 'c7'`)
      await q(`update users set name = 'Renamed' where id = 'c8'`)
      await q(`delete from users where id in ('c9', 'c10')`)
    } finally {
      await other.end()
    }
    const counted = await q(`select tenant_id, role, active, count(*)::int as n from users group by 1, 2, 3 order by 1, 2, 3`)
    const kept = await q(`select tenant_id, role, active, n from tenant_user_counts where n > 0 order by 1, 2, 3`)
    expect(kept.rows).toEqual(counted.rows)
    expect(kept.rowCount).toBeGreaterThan(4)
  })

  describe('user search', () => {
    // The expression of users_find_idx (search.pg.ts), as a repository will write it through drizzle.
    const SEARCH = `tenant_id = $1 and (name || E'\\n' || email) ilike $2`
    const search = (tenant: string, term: string) =>
      q(`select id from users where ${SEARCH} order by id`, [tenant, likePattern(searchTerm(term))])

    beforeAll(async () => {
      if (!postgres.run) return
      // 5,000 users: one tenant of 1,000 and forty of 100, then fresh planner statistics. (Where one
      // tenant is most of the table, the planner rightly reads the table instead: it is that tenant.)
      await q(
        `insert into organisations (id, name, slug, created_at) select 'org' || g, 'Org ' || g, 'org-' || g, now() from generate_series(1, 40) g`,
      )
      await q(`insert into users (id, tenant_id, email, name, role, created_at)
        select 's' || g, case when g % 5 = 0 then 'acme' else 'org' || (g % 40 + 1) end,
               'person' || g || '@' || (array['example.test', 'mail.test', 'corp.test'])[g % 3 + 1],
               (array['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara'])[g % 5 + 1] || ' ' || md5(g::text), 'AGENT', now()
          from generate_series(1, 5000) g`)
      await q(`insert into users (id, tenant_id, email, name, role, created_at) values
        ('x1', 'acme', 'zoe.q@acme.test', 'Zoë Quixote', 'AGENT', now()), ('x2', 'globex', 'zoe.quixote@globex.test', 'Zoë Quixote', 'AGENT', now()),
        ('x3', 'acme', 'under_score@acme.test', 'Élodie 100%', 'AGENT', now())`)
      // VACUUM, as autovacuum would after a bulk load: it moves the GIN index's pending list (rows added
      // since, kept unsorted for fast inserts) into the index proper. Until then the planner costs the
      // pending list as a scan and, at this size, rightly prefers the tenant's B-tree range.
      await q('vacuum analyze users')
    })

    it('finds substrings of name or email case-insensitively, in the tenant only, wildcards taken literally', async () => {
      expect((await search('acme', 'QUIX')).rows).toEqual([{ id: 'x1' }])
      expect((await search('acme', 'zoë q')).rows).toEqual([{ id: 'x1' }])
      expect((await search('acme', 'élodie')).rows).toEqual([{ id: 'x3' }])
      expect((await search('acme', '0%')).rows).toEqual([{ id: 'x3' }])
      expect((await search('acme', 'r_s')).rows).toEqual([{ id: 'x3' }])
      expect((await search('globex', 'quixote@')).rows).toEqual([{ id: 'x2' }])
      // Name and email are one indexed text joined by a newline: a match never spans the two.
      expect((await search('acme', 'quixotezoe')).rows).toEqual([])
      expect((await search('acme', 'quixote\nzoe')).rows).toEqual([])
    })

    it('finds exactly what a plain filter of name or email finds', async () => {
      for (const term of ['ada', 'person12', 'CORP.TEST', 'e 1', 'zz']) {
        const plain = await q(`select id from users where tenant_id = $1 and (name ilike $2 or email ilike $2) order by id`, [
          'acme',
          likePattern(term),
        ])
        expect((await search('acme', term)).rows, term).toEqual(plain.rows)
      }
    })

    it("reads a large tenant's matches through the trigram GIN index (tenant in its key), never the whole table, with sequential scans allowed", async () => {
      expect((await q('show enable_seqscan')).rows[0]).toEqual({ enable_seqscan: 'on' })
      // The large tenant and a small one; rare and common terms.
      for (const [tenant, term] of [
        ['acme', 'quixote'],
        ['acme', 'élodie'],
        ['acme', 'person15'],
        ['acme', 'grace'],
        ['org7', 'person1'],
        ['org7', 'zz'],
      ] as const) {
        const plan = await q(`explain (format json) select id from users where ${SEARCH}`, [tenant, likePattern(term)])
        const nodes = planNodes(plan.rows[0]['QUERY PLAN'][0].Plan)
        const at = `${tenant} ${term}`
        expect(
          nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']),
          at,
        ).toEqual([])
        const indexes = nodes.map((n) => n['Index Name']).filter(Boolean)
        // A 100-user tenant is cheaper to read along its B-tree range than through trigram postings.
        if (tenant === 'acme') expect(indexes, at).toEqual(['users_find_idx'])
        else expect(indexes.length, at).toBeGreaterThan(0)
      }
    })
  })
})

type PlanNode = Record<string, string> & { Plans?: PlanNode[] }
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)]
