import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { is } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { PgTable } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { asSuperuser, freshDatabase } from '../../../tests/support/pg-database'
import { defaultPgMigrationsFolder } from '../package-root'
import { MIGRATION_LOCK, openPgStore, PgStoreError, PgStoreProblem, type PgStore } from './pg-store'
import * as schema from './schema.pg'

const postgres = inject('postgres')
const clusterUrl = postgres.run ? postgres.url : ''
const migrationsFolder = defaultPgMigrationsFolder()
const known = readMigrationFiles({ migrationsFolder }).length

const drops: (() => Promise<void>)[] = []
const stores: PgStore[] = []
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  for (const drop of drops) await drop()
})

async function database(): Promise<{ url: string; name: string }> {
  const db = await freshDatabase(clusterUrl)
  drops.push(db.drop)
  return db
}

async function open(url: string, options: Partial<Parameters<typeof openPgStore>[1]> = {}): Promise<PgStore> {
  const store = await openPgStore(url, { migrationsFolder, ...options })
  stores.push(store)
  return store
}

/** What openPgStore refused with: its problem and one-line message. */
async function refusal(url: string): Promise<{ problem: string; message: string }> {
  const error = await openPgStore(url, { migrationsFolder, connectTimeoutMs: 5_000 }).then(
    () => new Error('opened'),
    (e: unknown) => e as Error,
  )
  expect(error).toBeInstanceOf(PgStoreError)
  expect(error.message).not.toMatch(/\n/)
  return { problem: (error as PgStoreError).problem, message: error.message }
}

const count = async (store: PgStore, sql: string) => Number((await store.pool.query<{ n: string }>(sql)).rows[0]?.n)

describe.skipIf(!postgres.run)('PostgreSQL store (pg-store.ts)', () => {
  it('migrates an empty database, and applies nothing the second time', async () => {
    const { url } = await database()
    const first = await open(url)
    expect(first.applied).toBe(known)
    const tables = Object.values(schema).filter((t) => is(t, PgTable)).length
    expect(await count(first, `select count(*) as n from pg_tables where schemaname = 'public'`)).toBe(tables)
    await first.close()
    stores.splice(stores.indexOf(first), 1)
    expect((await open(url)).applied).toBe(0)
  })

  it('migrates once when three processes start together (advisory lock)', async () => {
    const { url } = await database()
    // Three pools are three server sessions, as three processes are: the lock is the server's.
    const opened = await Promise.all([open(url), open(url), open(url)])
    expect(opened.map((s) => s.applied).sort()).toEqual([0, 0, known])
    expect(await count(opened[0]!, 'select count(*) as n from drizzle.__drizzle_migrations')).toBe(known)
  })

  it('waits for the migration lock another process holds, and names a connection lost while it waits', async () => {
    const { url } = await database()
    const holder = new pg.Client({ connectionString: url })
    await holder.connect()
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
      const first = openPgStore(url, { migrationsFolder })
      const firstWaiter = await lockWaiter(holder)
      // Nothing migrated while the lock is held elsewhere: the store is waiting for it.
      expect((await holder.query(`select to_regclass('public.users') as t`)).rows[0]).toEqual({ t: null })
      await holder.query('select pg_terminate_backend($1)', [firstWaiter])
      await expect(first).rejects.toThrow(/^Lost the connection to PostgreSQL at 127\.0\.0\.1:\d+ while starting: terminating connection/)
      await expect(first).rejects.toMatchObject({ problem: PgStoreProblem.UNREACHABLE })

      const second = openPgStore(url, { migrationsFolder })
      await lockWaiter(holder)
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
      const store = await second
      stores.push(store)
      expect(store.applied).toBe(known)
    } finally {
      await holder.end()
    }
  })

  it('refuses a database migrated by a newer version, changing nothing', async () => {
    const { url } = await database()
    const store = await open(url)
    await store.pool.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', $1)`, [Date.now() + 1e9])
    const tables = await count(store, `select count(*) as n from pg_tables where schemaname = 'public'`)
    const { problem, message } = await refusal(url)
    expect(problem).toBe(PgStoreProblem.NEWER_SCHEMA)
    expect(message).toMatch(/newer version of Switchboard/)
    expect(await count(store, 'select count(*) as n from drizzle.__drizzle_migrations')).toBe(known + 1)
    expect(await count(store, `select count(*) as n from pg_tables where schemaname = 'public'`)).toBe(tables)
  })

  it('names a wrong URL as such, without echoing its password', async () => {
    for (const url of [
      'not a url',
      'mysql://ann:hunter2@db.test/app',
      'postgres://ann:hunter2@db.test',
      'postgres://ann:hunter2@:5432/app',
    ]) {
      const { problem, message } = await refusal(url)
      expect(problem, url).toBe(PgStoreProblem.BAD_URL)
      expect(message, url).toMatch(/PostgreSQL URL/)
      expect(message, url).not.toMatch(/hunter2/)
    }
  })

  it('names a refused connection (a closed port on loopback)', async () => {
    const port = await closedPort()
    const { problem, message } = await refusal(`postgres://ann:hunter2@127.0.0.1:${port}/app`)
    expect(problem).toBe(PgStoreProblem.UNREACHABLE)
    expect(message).toBe(
      `PostgreSQL at 127.0.0.1:${port} refused the connection: no server is listening there (is it running, on that port?).`,
    )
  })

  it('names a database that does not exist', async () => {
    const url = new URL(clusterUrl)
    url.pathname = '/no_such_database'
    const { problem, message } = await refusal(url.toString())
    expect(problem).toBe(PgStoreProblem.NO_DATABASE)
    expect(message).toMatch(/no database "no_such_database"/)
  })

  it('names the missing extension when the user may not create it, and migrates as a database owner who may', async () => {
    const role = `app_${randomBytes(4).toString('hex')}`
    await asSuperuser(clusterUrl, `create role ${role} login`)
    drops.push(() => asSuperuser(clusterUrl, `drop role if exists ${role}`))
    // Owned by the superuser: the role may connect (PUBLIC may) but not create extensions in it.
    const { url } = await database()
    const asRole = (u: string) => Object.assign(new URL(u), { username: role }).toString()
    const { problem, message } = await refusal(asRole(url))
    expect(problem).toBe(PgStoreProblem.MISSING_EXTENSION)
    expect(message).toMatch(/^PostgreSQL extension pg_trgm is missing from database ".+" and app_\w+ cannot create it \(permission denied/)
    expect(message).toMatch(/run: CREATE EXTENSION pg_trgm;$/)

    // pg_trgm and btree_gin are trusted extensions: the database's owner needs no superuser.
    const owned = await database()
    await asSuperuser(clusterUrl, `alter database "${owned.name}" owner to ${role}`)
    drops.unshift(() => asSuperuser(clusterUrl, `drop database if exists "${owned.name}" with (force)`))
    expect((await open(asRole(owned.url))).applied).toBe(known)
  })

  it('bounds the pool and the statement time as configured', async () => {
    const { url } = await database()
    const store = await open(url, { poolSize: 3, statementTimeoutMs: 300 })
    expect(store.pool.options.max).toBe(3)
    expect((await store.pool.query<{ statement_timeout: string }>('show statement_timeout')).rows[0]?.statement_timeout).toBe('300ms')
    // The server cancels the statement (57014), whatever the clock says about how long it took.
    await expect(store.pool.query('select pg_sleep(5)')).rejects.toMatchObject({ code: '57014' })
  })
})

/** The server process of a Switchboard session waiting for an advisory lock, once there is one. */
async function lockWaiter(client: pg.Client): Promise<number> {
  for (;;) {
    const { rows } = await client.query<{ pid: number }>(
      `select l.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and not l.granted and a.application_name = 'switchboard'`,
    )
    if (rows[0]) return rows[0].pid
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A loopback port with nothing listening: bound, read, and released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
