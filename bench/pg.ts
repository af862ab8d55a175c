import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openPgBackend, type Backend } from '../src/main/backend'
import type { PgStore } from '../src/main/db/pg-store'
import { findPgBinaries, startPgCluster } from '../tests/support/pg-cluster'
import { noSecrets } from './setup'

/**
 * The bench's PostgreSQL (issue 19): BENCH_DATABASE_URL when given (a server the bench may create
 * and drop databases on, as a superuser or a role with CREATEDB), else a throwaway cluster of its own
 * started as the tests start theirs (tests/support/pg-cluster.ts). Null, with the reason, when there
 * is neither: the PostgreSQL part is then skipped with one line.
 */
export interface BenchPg {
  /** Where the databases live, for the report. */
  where: string
  /** The port of the bench's own cluster, on this machine (its CPU is counted); null for BENCH_DATABASE_URL. */
  localPort: number | null
  /** A new empty database on that server; dropped by `close`. */
  createDatabase(prefix: string): Promise<string>
  close(): Promise<void>
}

export async function benchPostgres(): Promise<BenchPg | { skipped: string }> {
  const given = process.env.BENCH_DATABASE_URL
  if (given) return server(given, `BENCH_DATABASE_URL (${new URL(given).host})`, null, async () => undefined)
  const binaries = findPgBinaries()
  if ('missing' in binaries) return { skipped: binaries.missing }
  const cluster = await startPgCluster(binaries.bin)
  return server(cluster.url('postgres'), `a throwaway cluster (${binaries.bin}, port ${cluster.port})`, cluster.port, () => cluster.stop())
}

function server(url: string, where: string, localPort: number | null, stop: () => Promise<void>): BenchPg {
  const made: string[] = []
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  return {
    where,
    localPort,
    async createDatabase(prefix) {
      const name = `switchboard_bench_${prefix}_${randomBytes(4).toString('hex')}`
      await admin(`create database "${name}"`)
      made.push(name)
      const at = new URL(url)
      at.pathname = `/${name}`
      return at.toString()
    },
    async close() {
      for (const name of made.splice(0)) await admin(`drop database if exists "${name}" with (force)`).catch(() => undefined)
      await stop()
    },
  }
}

/** A backend on a bench database, as an instance process opens it; its own data folder for the key file. */
export async function openPgBench(url: string, poolSize?: number): Promise<Backend & { pg: PgStore; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-pg-'))
  const backend = await openPgBackend({
    url,
    dataDir,
    poolSize,
    config: { mailFrom: 'Bench <bench@switchboard.test>' },
    secrets: noSecrets,
  })
  return {
    ...backend,
    dataDir,
    close: async () => {
      await backend.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * VACUUM ANALYZE after a bulk load, as an operator would after `demo seed` or an import: fresh
 * statistics for the planner and a visibility map, so index-only scans skip the heap.
 */
export async function vacuumAnalyze(pool: pg.Pool): Promise<number> {
  const started = performance.now()
  const client = await pool.connect()
  try {
    // The pool's statement timeout is for requests; a vacuum of a million rows takes longer.
    await client.query('set statement_timeout = 0')
    await client.query('vacuum analyze')
    await client.query('reset statement_timeout')
  } finally {
    client.release()
  }
  return performance.now() - started
}
