import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { expect, it } from 'vitest'
import { SEARCH_COUNT_CAP, SWITCHER_LIMIT } from '../../../shared/contract'
import { ErrorCode, toAppError } from '../../../shared/errors'
import { backendOn, describeEngines, describeOn } from '../../../../tests/support/engines'
import { seedOperator, seedTenant } from '../../../../tests/support/seed'
import { insertInBatches, likePattern } from '../../db/query'
import { searchTerm } from '../../db/search.pg'
import { SORT_BELOW } from './organisations.sqlite'

/** Names that a locale's collation orders otherwise than bytes do: punctuation, spaces, case. */
const ORGANISATIONS = [
  ['alpha', 'alpha-co'],
  ['Beta Labs', 'beta'],
  ['beta testers', 'bt'],
  ['_Under', 'under'],
  ['A-Team', 'a-team'],
  ['a team', 'a-team-2'],
  ['Zeta 100%', 'zeta'],
  ['ZZ Top', 'zz-top'],
  ['Quux', 'quux'],
  ['Émile', 'emile'],
] as const

/** lower(name) byte by byte, then id: SQLite's order, and PostgreSQL's with collate "C". */
const BYTE_ORDER = [
  '_Under',
  'a team',
  'A-Team',
  'alpha',
  'Beta Labs',
  'beta testers',
  'Northwind MSP',
  'Quux',
  'Zeta 100%',
  'ZZ Top',
  'Émile',
]

describeEngines('organisation search', (engine) => {
  async function withOrganisations() {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    for (const [name, slug] of ORGANISATIONS) await seedTenant(backend, name, slug)
    const search = async (term: string) =>
      (await backend.services.organisations.list(op.actor, { search: term, limit: 50 })).items.map((o) => o.name)
    return { backend, op, search }
  }

  it('lists in the same byte order of lower(name) on both engines, page after page', async () => {
    const { backend, op } = await withOrganisations()
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await backend.services.organisations.list(op.actor, { limit: 3, cursor })
      seen.push(...page.items.map((o) => o.name))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(BYTE_ORDER)
    const switcher = await backend.services.auth.switchableTenants(op.actor)
    expect(switcher.map((o) => o.name).filter((name) => name !== 'Northwind MSP')).toEqual(BYTE_ORDER.filter((n) => n !== 'Northwind MSP'))
  })

  it('finds a substring of name or slug in any case, short terms too, wildcards taken literally, never across the two', async () => {
    const { search } = await withOrganisations()
    expect(await search('BETA')).toEqual(['Beta Labs', 'beta testers'])
    expect(await search('ta')).toEqual(['Beta Labs', 'beta testers', 'Zeta 100%'])
    expect(await search('a-t')).toEqual(['a team', 'A-Team'])
    expect(await search('0%')).toEqual(['Zeta 100%'])
    expect(await search('_u')).toEqual(['_Under'])
    expect(await search('north')).toEqual(['Northwind MSP'])
    expect(await search('émile')).toEqual(['Émile'])
    expect(await search('mspnorth')).toEqual([])
    expect(await search('zz-top')).toEqual(['ZZ Top'])
  })

  it(`counts a search's matches up to ${SEARCH_COUNT_CAP}, an unfiltered list exactly`, async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const rows = Array.from({ length: SEARCH_COUNT_CAP + 1 }, (_, i) => ({
      id: randomUUID(),
      name: `Bulk ${String(i).padStart(4, '0')}`,
      slug: `bulk-${i}`,
      isAdminTenant: false,
      isDemo: false,
      createdAt: new Date(),
    }))
    await backend.engine.transaction(async (conn) => insertInBatches(conn, conn.t.organisations, rows))
    for (const term of ['bulk', 'bu']) {
      const page = await backend.services.organisations.list(op.actor, { search: term, limit: 5 })
      expect([page.total, page.totalCapped, page.items[0]?.name], term).toEqual([SEARCH_COUNT_CAP, true, 'Bulk 0000'])
    }
    const few = await backend.services.organisations.list(op.actor, { search: 'bulk 000', limit: 5 })
    expect([few.total, few.totalCapped, few.items.length]).toEqual([10, false, 5])
    const all = await backend.services.organisations.list(op.actor, { limit: 5 })
    expect([all.total, all.totalCapped]).toEqual([SEARCH_COUNT_CAP + 2, false])
  })

  it(`gives the same rows whether a search's matches are fetched and sorted (under ${SORT_BELOW}) or read off the name index`, async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    // Inserted out of name order, in mixed case, so that neither rowid nor case gives the order by chance.
    const rows = Array.from({ length: SORT_BELOW + 20 }, (_, i) => {
      const n = (i * 7919) % 1000
      return {
        id: randomUUID(),
        name: `${i % 2 ? 'Plan' : 'PLAN'} ${n} ${i % 3 ? 'north' : 'South'}`,
        slug: `plan-${i}`,
        isAdminTenant: false,
        isDemo: false,
        createdAt: new Date(),
      }
    })
    await backend.engine.transaction(async (conn) => insertInBatches(conn, conn.t.organisations, rows))
    const byteOrder = (a: { name: string; id: string }, b: { name: string; id: string }) => {
      const [ka, kb] = [a.name.toLowerCase(), b.name.toLowerCase()]
      return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    }
    // 320 matches (read off the name index), then 35, 3 and 107 (fetched and sorted).
    for (const term of ['plan', 'plan 1', 'plan 17', 'south']) {
      const expected = rows.filter((r) => r.name.toLowerCase().includes(term) || r.slug.includes(term)).sort(byteOrder)
      const seen: { name: string; id: string }[] = []
      let cursor: string | undefined
      let first: { total: number | null; totalCapped: boolean } | undefined
      do {
        const page = await backend.services.organisations.list(op.actor, { search: term, limit: 25, cursor })
        first ??= { total: page.total, totalCapped: page.totalCapped }
        seen.push(...page.items.map(({ name, id }) => ({ name, id })))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(expected.length, term).toBeGreaterThan(0)
      expect(seen, term).toEqual(expected.map(({ name, id }) => ({ name, id })))
      expect(first, term).toEqual({ total: expected.length, totalCapped: false })
      const switcher = await backend.services.auth.switchableTenants(op.actor, term)
      expect(
        switcher.map((o) => o.name),
        term,
      ).toEqual(expected.slice(0, switcher.length).map((r) => r.name))
      expect(switcher.length, term).toBe(Math.min(expected.length, SWITCHER_LIMIT))
    }
    expect(await backend.services.auth.switchableTenants(op.actor, 'zzq')).toEqual([])
    expect(await backend.services.organisations.list(op.actor, { search: 'zzq', limit: 25 })).toMatchObject({ items: [], total: 0 })
  })

  it('lets one of two racing creates with the same slug through, the other a CONFLICT naming the slug', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const create = (name: string) =>
      backend.services.organisations.create(op.actor, { name, slug: 'contoso', isAdminTenant: false, isDemo: false })
    const results = await Promise.allSettled([create('Contoso A'), create('Contoso B')])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const error = toAppError((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)
    expect([error.code, error.reason]).toEqual([ErrorCode.CONFLICT, 'SLUG_TAKEN'])
  })
})

type PlanNode = Record<string, string> & { Plans?: PlanNode[] }
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)]

describeOn('pg')('organisation search plans [pg]', () => {
  it('reads a search through organisations_find_idx, never the whole table', async () => {
    const backend = await backendOn('pg')
    const explain = (term: string) =>
      backend.engine.read(async ({ db }) => {
        // The expressions organisations.pg.ts writes: searchText(name, slug) and the byte-wise name key.
        const { rows } = await (db as unknown as NodePgDatabase).execute(
          sql`explain (format json) select id from organisations where (name || E'\n' || slug) ilike ${likePattern(searchTerm(term))}
              order by lower(name) collate "C", id collate "C" limit 26`,
        )
        return planNodes((rows[0] as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0]!.Plan)
      })
    await backend.engine.transaction(async (conn) => {
      const rows = Array.from({ length: 5000 }, (_, i) => ({
        id: randomUUID(),
        name: `Customer ${randomUUID().slice(0, 8)} ${i}`,
        slug: `customer-${i}`,
        isAdminTenant: false,
        isDemo: false,
        createdAt: new Date(),
      }))
      await insertInBatches(conn, conn.t.organisations, rows)
    })
    // As autovacuum would after a bulk load: the GIN pending list merged, fresh statistics.
    await backend.engine.read(({ db }) => (db as unknown as NodePgDatabase).execute(sql`vacuum analyze organisations`))
    for (const term of ['customer-123', 'er 4999', 'zzzz']) {
      const nodes = await explain(term)
      expect(
        nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']),
        term,
      ).toEqual([])
      expect(nodes.map((n) => n['Index Name']).filter(Boolean), term).toEqual(['organisations_find_idx'])
    }
  })
})
