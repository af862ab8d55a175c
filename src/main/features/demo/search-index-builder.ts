import fs from 'node:fs'
import { createRequire } from 'node:module'
import { Worker, type MessagePort } from 'node:worker_threads'
import Database from 'better-sqlite3'

/**
 * Builds the users' trigram index (users_find, drizzle/0015) of a bulk load on the machine's other
 * core: a worker thread fills an identical FTS5 table in a file of its own while the loader goes on
 * writing the users and their indexes, and the loader then copies the finished index into the store.
 * The rows reach the worker as the loader makes them, packed into one string per batch, which a thread
 * can pass on without converting each value: the batch's first rowid (the rows that follow count up
 * from it), then each row's name and email, with a tenant's search key written once, before its first
 * row (marked by KEY).
 *
 * The copy goes through FTS5's own shadow tables (`users_find_data`, `_idx`, `_docsize`), whose
 * contents are a function of the table's definition and rows only, so they are the same as if the
 * store had indexed the rows itself (`seedDerivedData`); tests compare both with a LIKE scan and run
 * FTS5's integrity check. Anything unexpected (no file-backed store, a worker that fails or never
 * answers) is reported by `finish` as false, and the loader then indexes the rows itself.
 */
export interface SearchIndexBuilder {
  /** One user row, in rowid order (rowids one apart). */
  add(rowid: number, tenantKey: string, name: string, email: string): void
  /** After the last row: the worker finishes its index (merges it) while the loader does other work. */
  end(): void
  /**
   * Waits for the worker and copies its index into `users_find` (inside the loader's transaction,
   * with the users_find triggers dropped and users_find still empty). False: nothing was copied.
   */
  finish(): boolean
  /**
   * Stops the worker and removes its file: after the loader's transaction ends (DETACH is refused
   * inside one). The removal runs in the background and settles the promise.
   */
  dispose(): Promise<void>
}

const SHADOWS = ['data', 'idx', 'docsize'] as const
const BATCH = 4000
/** Separates the values of a batch (names and emails never hold it). */
const SEP = '\u0000'
/** Starts a tenant's search key in a batch (names never start with it). */
const KEY = '\u0001'
/** Longest wait for the worker once the loader has written everything else. */
const WAIT_MS = 5 * 60 * 1000
const ATTACHED = 'seed_search'

/**
 * The worker's body. It runs as an eval'd CommonJS script (so the built CLI needs no separate file):
 * it may use only `load` (the script's `require`, passed in so that no bundler renames it) and what
 * `workerData` brings, never this module's imports.
 */
function workerMain(load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as { parentPort: MessagePort; workerData: unknown }
  const data = workerData as { file: string; sqlite: string; state: SharedArrayBuffer }
  const state = new Int32Array(data.state)
  // 1: the index is complete; 2: it failed (for good: later messages are ignored). A worker that
  // ends in any other way (an uncaught error) reports 2 as it exits, so the loader never waits in vain.
  const done = (value: number) => {
    if (Atomics.compareExchange(state, 0, 0, value) === 0) Atomics.notify(state, 0)
  }
  process.on('exit', () => done(2))
  try {
    const Sqlite = load(data.sqlite) as typeof Database
    const db = new Sqlite(data.file)
    db.pragma('journal_mode = OFF')
    db.pragma('synchronous = OFF')
    db.pragma('cache_size = -262144')
    // Segments pile up unmerged while rows stream in, and are merged once into one at the end:
    // less work than FTS5's merging as it goes, and the fewest segments for queries.
    db.exec(`insert into users_find (users_find, rank) values ('automerge', 0)`)
    db.exec(`insert into users_find (users_find, rank) values ('crisismerge', 2000)`)
    const insert = db.prepare('insert into users_find (rowid, tk, name, email) values (?, ?, ?, ?)')
    let key = ''
    db.exec('begin')
    parentPort.on('message', (message: string | null) => {
      if (Atomics.load(state, 0) !== 0) return
      try {
        if (message === null) {
          db.exec(`insert into users_find (users_find) values ('optimize')`)
          db.exec('commit')
          db.close()
          done(1)
          return
        }
        // The batch's first rowid, then name and email per row, a tenant's key (marked) before its first row.
        const f = message.split('\u0000')
        let rowid = Number(f[0])
        let i = 1
        while (i < f.length - 1) {
          if (f[i]!.charCodeAt(0) === 1) {
            key = f[i]!.slice(1)
            i += 1
          } else {
            insert.run(rowid++, key, f[i], f[i + 1])
            i += 2
          }
        }
      } catch {
        done(2)
      }
    })
  } catch {
    done(2)
  }
}

/** Starts a builder for a load into `sqlite`'s file, or returns null where it cannot work (an in-memory store). */
export function startSearchIndexBuilder(sqlite: Database.Database): SearchIndexBuilder | null {
  if (sqlite.memory || sqlite.inTransaction) return null
  const definition = (sqlite.prepare(`select sql from sqlite_master where name = 'users_find'`).get() as { sql: string } | undefined)?.sql
  if (!definition) return null
  const file = `${sqlite.name}.search-${process.pid}`
  const files = [file, `${file}-journal`]
  // A scratch file left by a load that was stopped.
  for (const f of files) fs.rmSync(f, { force: true })
  // The same definition as the store's (the tokenizer and options decide the index's contents).
  const scratch = new Database(file)
  scratch.exec(definition)
  scratch.close()
  // ATTACH is refused inside a transaction: attach now, read it only once the worker is done.
  sqlite.prepare(`attach database ? as ${ATTACHED}`).run(file)

  const state = new Int32Array(new SharedArrayBuffer(4))
  // tsx and esbuild's keepNames wrap functions in __name(…): give the script one.
  const script = `var __name = (f) => f;\n(${workerMain.toString()})(require)`
  const worker = new Worker(script, {
    eval: true,
    workerData: { file, sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), state: state.buffer },
  })
  // Failures are read from `state`; this only keeps an error from becoming an uncaught one.
  worker.on('error', () => {})
  let pending = ''
  let count = 0
  let lastKey = ''
  const flush = () => {
    if (count) worker.postMessage(pending)
    pending = ''
    count = 0
  }
  let disposed = false

  return {
    add(rowid, tenantKey, name, email) {
      if (count === 0) pending = `${rowid}${SEP}`
      if (tenantKey !== lastKey) {
        pending += KEY + tenantKey + SEP
        lastKey = tenantKey
      }
      pending += name + SEP + email + SEP
      if (++count === BATCH) flush()
    },
    end() {
      flush()
      worker.postMessage(null)
    },
    finish() {
      Atomics.wait(state, 0, 0, WAIT_MS)
      if (Atomics.load(state, 0) !== 1) return false
      // A users_find table this connection has used may hold its index structure in memory (the
      // migrations write to it): dropping and creating it again gives one that reads the copied index.
      sqlite.exec('drop table users_find')
      sqlite.exec(definition)
      // Shadow tables are read-only in SQLite's defensive mode (better-sqlite3's default): lifted for the copy only.
      sqlite.unsafeMode(true)
      try {
        for (const shadow of SHADOWS) {
          sqlite.exec(`delete from users_find_${shadow}`)
          sqlite.exec(`insert into users_find_${shadow} select * from ${ATTACHED}.users_find_${shadow}`)
        }
      } finally {
        sqlite.unsafeMode(false)
      }
      return true
    },
    dispose() {
      if (disposed) return Promise.resolve()
      disposed = true
      void worker.terminate()
      sqlite.exec(`detach database ${ATTACHED}`)
      // Freeing a file of hundreds of megabytes takes a while: in the background, while the loader goes on.
      return Promise.all(files.map((f) => fs.promises.rm(f, { force: true }))).then(() => undefined)
    },
  }
}
