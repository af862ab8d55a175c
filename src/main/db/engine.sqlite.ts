import { AsyncLocalStorage } from 'node:async_hooks'
import { beginTurn, endTurn } from './connection-cache'
import * as schema from './schema'
import type { Store } from './store'
import { Dialect, type Conn, type Engine, type TransactionOptions } from './engine'

/** Where an async call stands on an SQLite engine: holding its connection, and how deep in transactions. */
interface Holding {
  engine: Engine
  depth: number
}

/**
 * How long turns may follow one another before the event loop gets a turn of its own. Queries are
 * synchronous and the turns are chained promises, so a busy queue would otherwise run to its end
 * without the loop reading sockets or accepting connections: Node (libuv ≥ 1.45) accepts one
 * connection per loop iteration, and a saturated instance left new connections unanswered for
 * seconds (issue 22's instance load: requests that timed out after 10 s).
 */
export const TURN_SLICE_MS = 4

/**
 * The SQLite engine: one better-sqlite3 connection, whose queries run synchronously. Async services
 * take turns on it: a transaction (or a read) holds the connection until it settles, so that no
 * other call's statements land inside it or see its uncommitted rows; a call made while holding it
 * (a service calling another) goes straight through, nested transactions as savepoints. After
 * TURN_SLICE_MS of turns back to back, the next one waits for the event loop to go round.
 */
export function sqliteEngine(store: Pick<Store, 'db' | 'sqlite'>): Engine {
  const conn: Conn = { db: store.db, t: schema, dialect: Dialect.SQLITE }
  const holding = new AsyncLocalStorage<Holding>()
  let queue: Promise<unknown> = Promise.resolve()
  let savepoints = 0
  /** Whether the event loop has gone round since the current slice of turns began, and when that slice ends. */
  let looped = true
  let sliceEnds = 0
  const loopedAgain = () => {
    looped = true
  }
  const nextIteration = () => new Promise<void>((resolve) => setImmediate(resolve))

  /** Runs `fn` once every earlier holder has let go (and the event loop has had its turn, after a long slice). */
  function hold<T>(fn: () => Promise<T>): Promise<T> {
    const run = () => {
      beginTurn(store.sqlite)
      return holding.run({ engine, depth: 0 }, fn).finally(() => endTurn(store.sqlite))
    }
    const turn = queue.then(() => {
      const now = performance.now()
      if (looped) {
        looped = false
        sliceEnds = now + TURN_SLICE_MS
        setImmediate(loopedAgain)
      } else if (now > sliceEnds) return nextIteration().then(run)
      return run()
    })
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
