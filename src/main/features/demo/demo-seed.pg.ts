import type pg from 'pg'
import type { PgStore } from '../../db/pg-store'
import type { SeedResult, SeedRowsOptions } from './demo-seed'
import { tenantTotals } from './bulk-load'
import { seedTenants, USER_COLUMNS, type SeedTenant } from './seed-rows'

/** Rows per INSERT: each column goes as one array parameter, so a statement's size is not capped by parameters. */
const BATCH = 10_000

/** An epoch-milliseconds array parameter as timestamptz, exactly (integer milliseconds, no float rounding). */
const instant = (column: string) => `'epoch'::timestamptz + ${column} * interval '1 millisecond'`

const INSERT_ORGANISATIONS = `insert into organisations (id, name, slug, is_admin_tenant, is_demo, features_enabled, created_at)
  select id, name, slug, false, true, null, ${instant('created_ms')}
  from unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) as o(id, name, slug, created_ms)`

const INSERT_USERS = `insert into users (id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at)
  select id, tenant_id, email, name, role, active, null, ${instant('signed_in_ms')}, ${instant('created_ms')}
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::bigint[], $8::bigint[])
    as u(id, tenant_id, email, name, role, active, signed_in_ms, created_ms)`

const INSERT_TICKETS = `insert into tickets (id, tenant_id, number, subject, status, created_at)
  select id, tenant_id, number, subject, status, ${instant('created_ms')}
  from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[]) as k(id, tenant_id, number, subject, status, created_ms)`

const ADD_COUNTS = `insert into tenant_user_counts (tenant_id, role, active, n)
  select * from unnest($1::text[], $2::text[], $3::boolean[], $4::int[])
  on conflict (tenant_id, role, active) do update set n = tenant_user_counts.n + excluded.n`

const ADD_TOTALS = `insert into tenant_counters (tenant_id, users, active_users, open_invitations)
  select tenant_id, users, active_users, 0 from unnest($1::text[], $2::int[], $3::int[]) as c(tenant_id, users, active_users)
  on conflict (tenant_id) do update set users = tenant_counters.users + excluded.users,
    active_users = tenant_counters.active_users + excluded.active_users`

/** Columns as arrays, one per parameter. */
const columns = (width: number) => Array.from({ length: width }, () => [] as unknown[])

/**
 * Fills a PostgreSQL database with the same tenants, users and tickets as seedInto writes into an
 * SQLite store for the same seed (the bench at 1M users, `switchboard demo seed` on an instance).
 * One transaction on one pooled connection, so no one ever sees half a seed or the users table
 * without its triggers and indexes:
 * - rows go as multi-row INSERTs of BATCH rows (each column one array parameter), the next batch
 *   made while the server writes the last one;
 * - the per-row counter triggers (drizzle/pg/0001, 0007) are disabled for the load, and the counters
 *   added once at the end from the loader's own tally: otherwise every user is an upsert on one of
 *   a few counter rows, each leaving a dead row version behind;
 * - into an empty users table its secondary indexes (the trigram GIN one above all) are dropped and
 *   built once at the end, a sort instead of a million index insertions;
 * - then ANALYZE, so the planner knows the new shape of the data.
 * An existing database keeps its rows; the new tenants are demo organisations.
 */
export async function seedPg(store: Pick<PgStore, 'pool'>, options: SeedRowsOptions): Promise<SeedResult> {
  const started = performance.now()
  const seed = options.seed ?? 1
  const tickets = options.tickets ?? 0
  // As on SQLite: rows written, then the derived data in as many steps again.
  const total = options.users * 2 + tickets
  let done = 0
  const progress = (n: number) => {
    done += n
    options.onProgress?.(done, total)
  }

  const client = await store.pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    try {
      // Index builds at a million rows take longer than the pool's statement timeout allows a request.
      await client.query(`set local statement_timeout = 0`)
      await client.query(`set local maintenance_work_mem = '1GB'`)
      await client.query(`set local synchronous_commit = off`)
      const counters = await userTriggers(client)
      for (const name of counters) await client.query(`alter table users disable trigger "${name}"`)
      const emptyBefore = (await client.query<{ empty: boolean }>('select not exists (select 1 from users) as empty')).rows[0]!.empty
      const indexes = emptyBefore ? await droppableUserIndexes(client) : []
      for (const index of indexes) await client.query(`drop index "${index.name}"`)
      // Checked row by row, a user's tenant reference costs more than writing the user; validated
      // again when the constraint is put back, it is one join.
      const references = await userReferences(client)
      for (const reference of references) await client.query(`alter table users drop constraint "${reference.name}"`)

      const counts = new Map<string, number>()
      await load(client, seedTenants({ ...options, seed }, counts), progress)

      for (const reference of references) await client.query(`alter table users add constraint "${reference.name}" ${reference.definition}`)
      const derived = options.users
      for (const [i, index] of indexes.entries()) {
        await client.query(index.definition)
        progress(Math.floor((derived * (i + 1)) / indexes.length) - Math.floor((derived * i) / indexes.length))
      }
      const added = columns(4)
      for (const [key, n] of counts) {
        const [tenantId, role, active] = key.split('\u0000')
        added[0]!.push(tenantId)
        added[1]!.push(role)
        added[2]!.push(active === '1')
        added[3]!.push(n)
      }
      await client.query(ADD_COUNTS, added)
      const totals = columns(3)
      for (const [tenantId, { users, activeUsers }] of tenantTotals(counts)) {
        totals[0]!.push(tenantId)
        totals[1]!.push(users)
        totals[2]!.push(activeUsers)
      }
      await client.query(ADD_TOTALS, totals)
      if (indexes.length === 0) progress(derived)
      for (const name of counters) await client.query(`alter table users enable trigger "${name}"`)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch((lost: Error) => (broken = lost))
      throw error
    }
    await client.query('analyze organisations, users, tickets, tenant_user_counts, tenant_counters')
  } catch (error) {
    broken ??= error as Error
    throw error
  } finally {
    // A connection that failed mid-way is not given back to the pool: its session state is unknown.
    client.release(broken)
  }
  if (done < total) options.onProgress?.(total, total)
  return { users: options.users, tenants: options.tenants, ms: Math.round(performance.now() - started) }
}

/** The users counter triggers, by name, as the migrations made them. */
async function userTriggers(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select tgname as name from pg_trigger where tgrelid = 'users'::regclass and not tgisinternal and tgname like 'users\\_counts\\_%' order by 1`,
  )
  return rows.map((r) => r.name)
}

/** The users table's foreign keys (its tenant), with the definition that puts each back. */
async function userReferences(client: pg.PoolClient): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
     where conrelid = 'users'::regclass and contype = 'f' order by 1`,
  )
  return rows
}

/** The users indexes that back no constraint (those stay), with the statement that makes each again. */
async function droppableUserIndexes(client: pg.PoolClient): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = 'users'::regclass and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
     order by 1`,
  )
  return rows
}

/**
 * Writes the tenants in batches: organisations first in each flush, since users and tickets refer to
 * them. One statement is in flight while the next batch is made.
 */
async function load(client: pg.PoolClient, tenants: Iterable<SeedTenant>, progress: (n: number) => void): Promise<void> {
  let orgs = columns(4)
  let users = columns(8)
  let tickets = columns(6)
  let rows = 0
  let inFlight: Promise<unknown> = Promise.resolve()

  const flush = async () => {
    const [o, u, k] = [orgs, users, tickets]
    orgs = columns(4)
    users = columns(8)
    tickets = columns(6)
    rows = 0
    await inFlight
    inFlight = (async () => {
      if (o[0]!.length > 0) await client.query(INSERT_ORGANISATIONS, o)
      if (u[0]!.length > 0) await client.query(INSERT_USERS, u)
      if (k[0]!.length > 0) await client.query(INSERT_TICKETS, k)
      progress(u[0]!.length + k[0]!.length)
    })()
    // Seen at once if it fails (awaited at the next flush): no unhandled rejection meanwhile.
    inFlight.catch(() => undefined)
  }

  for (const tenant of tenants) {
    for (const [i, value] of tenant.organisation.entries()) orgs[i]!.push(value)
    const v = tenant.users
    for (let at = 0; at < v.length; at += USER_COLUMNS) {
      // id, tenant_id, email, name, role, active (0/1), [password_hash: always null], last_sign_in_at, created_at
      users[0]!.push(v[at])
      users[1]!.push(v[at + 1])
      users[2]!.push(v[at + 2])
      users[3]!.push(v[at + 3])
      users[4]!.push(v[at + 4])
      users[5]!.push(v[at + 5] === 1)
      users[6]!.push(v[at + 7])
      users[7]!.push(v[at + 8])
      if (++rows >= BATCH) await flush()
    }
    for (const ticket of tenant.tickets) {
      for (const [i, value] of ticket.entries()) tickets[i]!.push(value)
      if (++rows >= BATCH) await flush()
    }
  }
  await flush()
  await inFlight
}
