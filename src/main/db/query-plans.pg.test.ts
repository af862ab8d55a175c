import pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { backendOn, describeOn } from '../../../tests/support/engines'
import { OPERATOR } from '../../../tests/support/operator'
import type { Backend } from '../backend'
import { seedPg } from '../features/demo/demo-seed.pg'
import type { PgStore } from './pg-store'
import { runEveryList, TENANT_TABLES as TENANT_ROW_TABLES } from '../../../tests/support/every-list'

/** backendOn('pg') opens with openPgBackend, whose PgStore it keeps as `pg` (its declared type leaves it out). */
const pgOf = (backend: Backend) => (backend as Backend & { pg: PgStore }).pg

/**
 * PostgreSQL's side of query-plans.test.ts (issue 19): every list and search the console runs,
 * captured as the exact SQL and parameters the services send, is EXPLAINed on a seeded database
 * after ANALYZE, and no plan reads a tenant table by a sequential scan.
 * Two readings of each plan: the planner's own choice (for tables big enough that a scan would be a
 * real cost), and with sequential scans priced out (enable_seqscan = off), where a Seq Scan that
 * remains means no index can serve the query at all — the question for tables still small here.
 */

/** Tables whose rows belong to tenants (or to their users), and the organisations themselves. */
const TENANT_TABLES = new Set([...TENANT_ROW_TABLES, 'organisations'])

/** Below this many rows a sequential scan is the planner's right choice; the priced-out reading still checks for an index. */
const BIG_ENOUGH = 2_000

interface Statement {
  text: string
  values: unknown[]
  /** Sent as a named prepared statement (pg-query.ts' `samePlan`): PostgreSQL may run it by its generic plan. */
  named: boolean
}

/** Every SELECT any pg client of this process sends while `recording` is on, once per distinct SQL text. */
const recorded = new Map<string, Statement>()
let recording = false
const originalQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const [first, second] = args as [string | { text?: string; values?: unknown[]; name?: string }, unknown]
    const text = typeof first === 'string' ? first : first?.text
    // drizzle sends (config, params); plain callers (text, params) or a config holding its values.
    const values = ((typeof first === 'object' && first?.values) || second) as unknown[] | undefined
    if (text && /^\s*(select|with)\b/i.test(text) && !recorded.has(text))
      recorded.set(text, { text, values: Array.isArray(values) ? values : [], named: typeof first === 'object' && !!first.name })
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
} as typeof pg.Client.prototype.query
afterEach(() => {
  recording = false
})

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

/** The tenant tables a plan reads by Seq Scan. */
function seqScans(node: PlanNode): string[] {
  const here = node['Node Type'] === 'Seq Scan' && TENANT_TABLES.has(node['Relation Name'] ?? '') ? [node['Relation Name']!] : []
  return [...here, ...(node.Plans ?? []).flatMap(seqScans)]
}

/**
 * Whether a plan sorts rows it read off a tenant table by a plain scan (not a bitmap of search
 * matches): an index in the asked order would have let it stop at its LIMIT instead of reading and
 * sorting the tenant's whole range, as SQLite's "temp B-tree for ORDER BY" is refused there. A sort
 * of a join's result (a user's few recent tenants) is not counted.
 * An Incremental Sort (the index gives the order but for its last tie-breaker) is not counted.
 */
function sortsWholeRange(node: PlanNode, sizes: ReadonlyMap<string, number>): boolean {
  // A table smaller than a page or two (40 organisations here) is sorted whole by any sensible plan.
  const scan = (n: PlanNode) =>
    /^(Index Scan|Index Only Scan|Bitmap Heap Scan|Seq Scan)$/.test(n['Node Type']) &&
    TENANT_TABLES.has(n['Relation Name'] ?? '') &&
    (sizes.get(n['Relation Name'] ?? '') ?? 0) >= BIG_ENOUGH
  if (node['Node Type'] === 'Sort' && (node.Plans ?? []).some(scan)) return true
  return (node.Plans ?? []).some((child) => sortsWholeRange(child, sizes))
}

/** A plan as one line per node, for the report. */
function outline(node: PlanNode, depth = 0): string[] {
  const self = `${'  '.repeat(depth)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${'Index Name' in node ? ` using ${(node as { 'Index Name': string })['Index Name']}` : ''}`
  return [self, ...(node.Plans ?? []).flatMap((child) => outline(child, depth + 1))]
}

type Explained = { 'QUERY PLAN': { Plan: PlanNode }[] }

async function explain(client: pg.PoolClient, text: string, values: unknown[]): Promise<PlanNode> {
  const { rows } = await client.query<Explained>(`explain (format json) ${text}`, values)
  return rows[0]!['QUERY PLAN'][0]!.Plan
}

/** The generic plan of a statement (PostgreSQL 15 has no `explain (generic_plan)`): prepared, and explained forced generic. */
async function genericPlan(client: pg.PoolClient, text: string, values: unknown[]): Promise<PlanNode> {
  const literal = (value: unknown) =>
    value === null ? 'null' : typeof value === 'number' || typeof value === 'boolean' ? String(value) : client.escapeLiteral(String(value))
  await client.query(`prepare generic_check as ${text}`)
  try {
    await client.query('set plan_cache_mode = force_generic_plan')
    const args = values.length ? `(${values.map(literal).join(', ')})` : ''
    const { rows } = await client.query<Explained>(`explain (format json) execute generic_check${args}`)
    return rows[0]!['QUERY PLAN'][0]!.Plan
  } finally {
    await client.query('reset plan_cache_mode')
    await client.query('deallocate generic_check')
  }
}

async function problems(pool: pg.Pool, statements: Iterable<Statement>) {
  const client = await pool.connect()
  try {
    const sizes = new Map(
      (
        await client.query<{ name: string; rows: number }>(
          `select relname as name, reltuples::float8 as rows from pg_class where relkind = 'r'`,
        )
      ).rows.map((r) => [r.name, r.rows]),
    )
    const found: { sql: string; values: unknown[]; reading: string; scans: string[]; plan: string[] }[] = []
    const sorted: { sql: string; values: unknown[]; plan: string[] }[] = []
    for (const { text, values, named } of statements) {
      // A named statement is also read by the plan PostgreSQL may keep for it: one for any values.
      const readings = ['as planned', 'seq scans priced out', ...(named ? (['generic'] as const) : [])]
      for (const reading of readings) {
        await client.query(`set enable_seqscan = ${reading === 'seq scans priced out' ? 'off' : 'on'}`)
        const plan = reading === 'generic' ? await genericPlan(client, text, values) : await explain(client, text, values)
        const scans = seqScans(plan).filter((table) => reading === 'seq scans priced out' || (sizes.get(table) ?? 0) >= BIG_ENOUGH)
        if (scans.length > 0) found.push({ sql: text.replace(/\s+/g, ' '), values, reading, scans, plan: outline(plan) })
        // A page (LIMIT) in an order of its own; trigram searches (GIN: no order) sort their matches by nature.
        const paged = /\blimit\b/i.test(text) && !text.includes(`|| E'\\n' ||`)
        if (reading !== 'seq scans priced out' && paged && sortsWholeRange(plan, sizes))
          sorted.push({ sql: text.replace(/\s+/g, ' '), values, plan: outline(plan) })
      }
    }
    return { found, sorted }
  } finally {
    await client.query('reset enable_seqscan').catch(() => undefined)
    client.release()
  }
}

describeOn('pg')('query plans of every list and search on PostgreSQL', () => {
  it('read no tenant table by a sequential scan, and pages off an index in their order, on a skewed database after ANALYZE', async () => {
    const backend = await backendOn('pg')
    const { userId } = await backend.services.setup.run(OPERATOR)
    // One big tenant (a tenth of the users) among small ones, as on SQLite, but big enough that the
    // planner's costs favour a scan wherever an index does not really serve.
    await seedPg(pgOf(backend), { tenants: 40, users: 30_000, tickets: 2_000, seed: 3 })
    const pool = pgOf(backend).pool
    const { rows: tenants } = await pool.query<{ id: string }>(
      `select tenant_id as id from tenant_user_counts group by 1 order by sum(n) asc, 1`,
    )
    recorded.clear()
    recording = true
    await runEveryList(backend, userId, tenants[0]!.id)
    await runEveryList(backend, userId, tenants.at(-1)!.id)
    recording = false
    expect(recorded.size).toBeGreaterThan(40)
    // The session, the Overview's reads, the tenant's audit log and invitations: read by their generic plans too.
    expect([...recorded.values()].filter((s) => s.named).length).toBeGreaterThanOrEqual(8)
    const { found, sorted } = await problems(pool, recorded.values())
    if (found.length > 0 || sorted.length > 0) console.log(JSON.stringify({ found, sorted }, null, 2))
    expect.soft(found, 'sequential scans of tenant tables').toEqual([])
    expect.soft(sorted, 'pages sorted after reading a whole tenant range').toEqual([])

    // Issue 20: the Overview's rankings (most users, most open invitations) walk their counter's index
    // backwards and stop at the limit; no plan sorts every tenant's counters (which 41 rows would invite).
    const rankings = [...recorded.values()].filter((s) => /from "?tenant_counters"?/.test(s.text) && /order by/i.test(s.text))
    // One statement reads both heads (with their names and counts).
    expect(rankings).toHaveLength(1)
    const client = await pool.connect()
    try {
      await client.query('set enable_seqscan = off')
      for (const { text, values } of rankings) {
        const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${text}`, values)
        const plan = outline(rows[0]!['QUERY PLAN'][0]!.Plan).join('\n')
        expect(JSON.stringify(rows[0]!['QUERY PLAN'])).toContain('"Scan Direction":"Backward"')
        expect(plan).not.toMatch(/Sort/)
        expect(plan).toMatch(/Index (Only )?Scan on tenant_counters using tenant_counters_users_idx/)
        expect(plan).toMatch(/Index (Only )?Scan on tenant_counters using tenant_counters_open_invitations_idx/)
      }
    } finally {
      await client.query('reset enable_seqscan')
      client.release()
    }
  }, 120_000)
})
