import fs from 'node:fs'
import type Database from 'better-sqlite3'
import { defaultMigrationsFolder } from '../../package-root'
import { openStore } from '../../db/store'
import { tenantSearchKey } from '../../db/search'
import { seedDerivedData, withTriggersSuspended } from './bulk-load'
import { startSearchIndexBuilder } from './search-index-builder'
import { seedTenants, USER_COLUMNS } from './seed-rows'

export interface SeedOptions {
  dataDir: string
  tenants: number
  users: number
  tickets?: number
  seed?: number
  onProgress?: (done: number, total: number) => void
  /** Folder of drizzle migrations; the installed one by default. */
  migrationsFolder?: string
  /** Build the trigram index on a worker thread (search-index-builder.ts); by default from 10,000 users into an empty store. */
  indexOnWorker?: boolean
}

/** What a seed is made of, whatever it is written into. */
export type SeedRowsOptions = Omit<SeedOptions, 'dataDir' | 'migrationsFolder'>

export interface SeedResult {
  users: number
  tenants: number
  ms: number
}

const USER_BATCH = 500
/** From this many users on, a load into an empty store builds the trigram index on a worker thread. */
const PARALLEL_INDEX_FROM = 10_000

/**
 * Fills a store with synthetic tenants and users (and optionally tickets), deterministic by seed:
 * one tenant of a tenth of the users, the rest 20–160 each. Built for size: no password hashing
 * (synthetic users sign in only after a reset), rows through prepared multi-row inserts in one
 * transaction with the users triggers suspended, and the derived data (trigram index, counters)
 * built once at the end. An existing store keeps its rows; the new tenants are demo organisations.
 */
export async function seedDemoStore(options: SeedOptions): Promise<SeedResult & { indexedOnWorker: boolean }> {
  const started = performance.now()
  const seed = options.seed ?? 1
  const store = openStore(options.dataDir, { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() })
  let indexedOnWorker: boolean
  let cleanedUp: Promise<void>
  try {
    ;({ indexedOnWorker, cleanedUp } = seedInto(store.sqlite, { ...options, seed }))
  } finally {
    store.close()
  }
  await cleanedUp
  return { users: options.users, tenants: options.tenants, ms: Math.round(performance.now() - started), indexedOnWorker }
}

/** The SQLite load (PostgreSQL's is seedPg in demo-seed.pg.ts): raw better-sqlite3, tuned for size. */
/**
 * indexedOnWorker: the trigram index was built on a worker thread (false: by the loader itself);
 * cleanedUp: settles once the worker's scratch file is gone and the background writes are done; close
 * the store before awaiting it (see backgroundWriteback).
 */
export function seedInto(
  sqlite: Database.Database,
  options: SeedRowsOptions & { seed: number },
): { indexedOnWorker: boolean; cleanedUp: Promise<void> } {
  const { onProgress } = options
  let indexed = false
  let cleanedUp: Promise<void>
  const tickets = options.tickets ?? 0
  // Rows written, then the derived data in as many steps again (it is about as much work).
  const total = options.users * 2 + tickets
  let done = 0
  const progress = (n: number) => {
    done += n
    onProgress?.(done, total)
  }

  // A bulk load into a store nobody else has open: a rollback journal (new pages need no copy)
  // instead of writing every page twice through the WAL; back to WAL when done.
  sqlite.pragma('journal_mode = DELETE')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('cache_size = -262144')
  sqlite.pragma('temp_store = MEMORY')
  sqlite.pragma('threads = 2')
  // The generated rows reference only the tenants generated with them; checking each is pure cost.
  sqlite.pragma('foreign_keys = OFF')
  try {
    const insertOrg = sqlite.prepare(
      `insert into organisations (id, name, slug, is_admin_tenant, is_demo, features_enabled, created_at) values (?, ?, ?, 0, 1, null, ?)`,
    )
    const rowSlots = `(${Array(USER_COLUMNS).fill('?').join(', ')})`
    const userSql = (n: number) =>
      `insert into users (id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at) values ${Array(n).fill(rowSlots).join(', ')}`
    const insertUsers = sqlite.prepare(userSql(USER_BATCH))
    const insertTicket = sqlite.prepare(
      `insert into tickets (id, tenant_id, number, subject, status, created_at) values (?, ?, ?, ?, ?, ?)`,
    )

    const counts = new Map<string, number>()
    const emptyBefore = (sqlite.prepare('select count(*) as n from users').get() as { n: number }).n === 0
    // Into an empty store of some size, the trigram index is built beside the load, on another thread.
    const builder = emptyBefore && (options.indexOnWorker ?? options.users >= PARALLEL_INDEX_FROM) ? startSearchIndexBuilder(sqlite) : null
    const writeback = sqlite.memory ? null : backgroundWriteback(sqlite.name)
    try {
      sqlite.transaction(() => {
        withTriggersSuspended(
          sqlite,
          () => {
            const firstRowid = ((sqlite.prepare('select max(rowid) as m from users').get() as { m: number | null }).m ?? 0) + 1
            const firstOrgRowid = ((sqlite.prepare('select max(rowid) as m from organisations').get() as { m: number | null }).m ?? 0) + 1
            // Users go in USER_BATCH rows at a time whatever tenant they belong to (one statement for all).
            let batch: unknown[] = []
            const flushUsers = () => {
              const n = batch.length / USER_COLUMNS
              if (n === USER_BATCH) insertUsers.run(batch)
              else if (n > 0) sqlite.prepare(userSql(n)).run(batch)
              batch = []
              progress(n)
            }
            let rowid = firstRowid
            for (const tenant of seedTenants(options, counts)) {
              insertOrg.run(tenant.organisation)
              const key = builder ? tenantSearchKey(tenant.organisation[0]) : ''
              const users = tenant.users
              for (let i = 0; i < users.length; i += USER_COLUMNS) {
                for (let c = 0; c < USER_COLUMNS; c++) batch.push(users[i + c])
                // The row's name and email (columns 3 and 2).
                builder?.add(rowid++, key, users[i + 3] as string, users[i + 2] as string)
                if (batch.length === USER_BATCH * USER_COLUMNS) flushUsers()
              }
              if (tickets > 0) {
                for (const ticket of tenant.tickets) insertTicket.run(ticket)
                progress(tenant.tickets.length)
              }
            }
            flushUsers()
            builder?.end()
            writeback?.start()
            return { firstRowid, firstOrgRowid, users: rowid - firstRowid }
          },
          {
            rebuildUserIndexes: emptyBefore,
            // Users go in by tenant, and tenant and user ids both count up (seed-rows.ts): this index grows at its end.
            keepUserIndexes: ['users_tenant_id_unique'],
            // While this thread built the users' indexes, the worker built the trigram index.
            afterIndexes: ({ firstRowid, firstOrgRowid, users }) => {
              writeback?.start()
              indexed = builder?.finish() ?? false
              if (indexed) progress(users)
              seedDerivedData(sqlite, { userRowid: firstRowid, orgRowid: firstOrgRowid, usersIndexed: indexed }, counts, progress)
            },
          },
        )
      })()
    } finally {
      cleanedUp = Promise.all([builder?.dispose(), writeback?.done()]).then(() => undefined)
    }
    // Statistics for the planner over the new shape of the data (the plans hold without them too),
    // sampled so that they cost well under a second at any size.
    // FTS5's shadow tables are left out: FTS5 reads them by key, so their statistics would guide no plan.
    sqlite.pragma('analysis_limit = 1000')
    const tables = sqlite
      .prepare(`select name from pragma_table_list where schema = 'main' and type = 'table' and substr(name, 1, 7) <> 'sqlite_'`)
      .pluck()
      .all() as string[]
    for (const table of tables) sqlite.exec(`analyze "${table}"`)
  } finally {
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
  }
  if (done < total) onProgress?.(total, total)
  return { indexedOnWorker: indexed, cleanedUp }
}

/**
 * Starts writing the store's file to disk in the background (on libuv's thread pool, while this thread
 * goes on loading), so that the commit's own sync finds little left to write: about 1 s less at 1M
 * users. Durability still comes from that sync (these only start the writing early), so their errors
 * are ignored. `done` settles once every one has finished and the file is closed. It must run after the
 * store's connection is closed: closing a descriptor drops every POSIX lock the process holds on the
 * file, SQLite's included (seedDemoStore closes the store before awaiting it).
 */
function backgroundWriteback(file: string): { start(): void; done(): Promise<void> } {
  let fd: number | null = null
  const running: Promise<void>[] = []
  return {
    start() {
      try {
        fd ??= fs.openSync(file, 'r+')
      } catch {
        return
      }
      const handle = fd
      running.push(new Promise((resolve) => fs.fdatasync(handle, () => resolve())))
    },
    async done() {
      await Promise.all(running)
      if (fd !== null) fs.closeSync(fd)
    },
  }
}
