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
 * connection's own commits do not move).
 */
interface ConnectionCaches {
  named: Map<string, Map<unknown, unknown>>
  /** The caches emptied when another connection writes, and the data version they were filled at. */
  watched: Map<string, number>
  dataVersion: Database.Statement | null
}

const byClient = new WeakMap<Database.Database, ConnectionCaches>()

function cachesOf(client: Database.Database): ConnectionCaches {
  let caches = byClient.get(client)
  if (!caches) byClient.set(client, (caches = { named: new Map(), watched: new Map(), dataVersion: null }))
  return caches
}

export function connectionCache<K, V>({ db }: Conn, name: string, { watchOtherWriters = false } = {}): Map<K, V> {
  const caches = cachesOf(clientOf(db))
  let cache = caches.named.get(name)
  if (!cache) caches.named.set(name, (cache = new Map()))
  if (watchOtherWriters) {
    caches.dataVersion ??= clientOf(db).prepare('pragma data_version').pluck()
    const version = caches.dataVersion.get() as number
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
