import { AsyncLocalStorage } from 'node:async_hooks'
import * as schema from './schema'
import type { Store } from './store'
import { Dialect, type Conn, type Engine, type TransactionOptions } from './engine'

/** Where an async call stands on an SQLite engine: holding its connection, and how deep in transactions. */
interface Holding {
  engine: Engine
  depth: number
}

/**
 * The SQLite engine: one better-sqlite3 connection, whose queries run synchronously. Async services
 * take turns on it: a transaction (or a read) holds the connection until it settles, so that no
 * other call's statements land inside it or see its uncommitted rows; a call made while holding it
 * (a service calling another) goes straight through, nested transactions as savepoints.
 */
export function sqliteEngine(store: Pick<Store, 'db' | 'sqlite'>): Engine {
  const conn: Conn = { db: store.db, t: schema, dialect: Dialect.SQLITE }
  const holding = new AsyncLocalStorage<Holding>()
  let queue: Promise<unknown> = Promise.resolve()
  let savepoints = 0

  /** Runs `fn` once every earlier holder has let go. */
  function hold<T>(fn: () => Promise<T>): Promise<T> {
    const turn = queue.then(() => holding.run({ engine, depth: 0 }, fn))
    queue = turn.catch(() => undefined)
    return turn
  }

  async function inTransaction<T>(fn: (conn: Conn) => Promise<T>, options: TransactionOptions, at: Holding): Promise<T> {
    const savepoint = at.depth > 0 ? `sp${++savepoints}` : null
    store.sqlite.exec(savepoint ? `savepoint ${savepoint}` : options.immediate ? 'begin immediate' : 'begin')
    at.depth++
    try {
      const result = await fn(conn)
      store.sqlite.exec(savepoint ? `release ${savepoint}` : 'commit')
      return result
    } catch (error) {
      if (savepoint) store.sqlite.exec(`rollback to ${savepoint}; release ${savepoint}`)
      else if (store.sqlite.inTransaction) store.sqlite.exec('rollback')
      throw error
    } finally {
      at.depth--
    }
  }

  const engine: Engine = {
    dialect: Dialect.SQLITE,
    sqlite: store.sqlite,
    read(fn) {
      const at = holding.getStore()
      return at?.engine === engine ? fn(conn) : hold(() => fn(conn))
    },
    transaction(fn, options = {}) {
      const at = holding.getStore()
      if (at?.engine === engine) return inTransaction(fn, options, at)
      return hold(() => inTransaction(fn, options, holding.getStore()!))
    },
    async close() {
      await queue
    },
  }
  return engine
}
