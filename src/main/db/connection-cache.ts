import type Database from 'better-sqlite3'
import type { Conn } from './engine'
import { clientOf } from './query'

/**
 * In-process caches of one SQLite connection, by name (the session lookups, the licence row). Only
 * on SQLite, where one process serves the file: each cache is forgotten by the writes that change
 * its answer, in the repository that writes, inside their transaction (the SQLite engine lets no
 * other call read meanwhile). A cache that another process may write under (the CLI installs a
 * licence while the console runs) asks for `watchOtherWriters`: it is emptied whenever another
 * connection committed to the file since it was last read (`pragma data_version`, which a
 * connection's own commits do not move). That is asked once per turn of the SQLite engine (see
 * `beginTurn`), however many watched caches the turn uses, and on every use outside a turn.
 */
interface ConnectionCaches {
  named: Map<string, Map<unknown, unknown>>
  /** The caches emptied when another connection writes, and the data version they were filled at. */
  watched: Map<string, number>
  dataVersion: Database.Statement | null
  totalChanges: Database.Statement | null
  /** During a turn of the engine: the data version, once read in it. */
  turn: { version: number | null } | null
}

const byClient = new WeakMap<Database.Database, ConnectionCaches>()

function cachesOf(client: Database.Database): ConnectionCaches {
  let caches = byClient.get(client)
  if (!caches) byClient.set(client, (caches = { named: new Map(), watched: new Map(), dataVersion: null, totalChanges: null, turn: null }))
  return caches
}

/**
 * A turn of the SQLite engine begins on the connection: until it ends, one check for other writers'
 * commits serves every watched cache. The check costs about 5 µs (it reads the WAL index), and a
 * warm `auth.me` used three watched caches. A commit by another process that lands within the turn
 * is seen by the next turn, as if it had come a moment later.
 */
export function beginTurn(client: Database.Database): void {
  cachesOf(client).turn = { version: null }
}

export function endTurn(client: Database.Database): void {
  cachesOf(client).turn = null
}

function dataVersion(caches: ConnectionCaches, client: Database.Database): number {
  const statement = (caches.dataVersion ??= client.prepare('pragma data_version').pluck())
  if (!caches.turn) return statement.get() as number
  return (caches.turn.version ??= statement.get() as number)
}

/**
 * Where the file's data stands: a value that moves whenever anything was written to it since, by this
 * connection (`total_changes()`: every row a statement inserted, updated or deleted, triggers' too,
 * even if rolled back) or by another (`pragma data_version`). For an answer read from nearly every
 * table (the Overview), which no single write could know to forget.
 */
export function writeVersion({ db }: Conn): string {
  const client = clientOf(db)
  const caches = cachesOf(client)
  const changes = (caches.totalChanges ??= client.prepare('select total_changes()').pluck()).get() as number
  return `${changes}.${dataVersion(caches, client)}`
}

export function connectionCache<K, V>({ db }: Conn, name: string, { watchOtherWriters = false } = {}): Map<K, V> {
  const client = clientOf(db)
  const caches = cachesOf(client)
  let cache = caches.named.get(name)
  if (!cache) caches.named.set(name, (cache = new Map()))
  if (watchOtherWriters) {
    const version = dataVersion(caches, client)
    if (caches.watched.get(name) !== version) {
      cache.clear()
      caches.watched.set(name, version)
    }
  }
  return cache as Map<K, V>
}

/** Empties every cache of the connection: the next call reads as a first one would (tests, the bench's cold call). */
export function forgetConnectionCaches(client: Database.Database): void {
  for (const cache of cachesOf(client).named.values()) cache.clear()
}
