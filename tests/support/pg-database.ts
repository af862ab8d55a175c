import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * An empty database of its own in the test cluster, for one suite: `url` to connect to it,
 * `drop()` when done (the cluster itself goes at the end of the run).
 */
export async function freshDatabase(
  clusterUrl: string,
  prefix = 'sb',
  template?: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`
  await asSuperuser(clusterUrl, `create database "${name}"${template ? ` template "${template}"` : ''}`)
  const url = new URL(clusterUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), name, drop: () => asSuperuser(clusterUrl, `drop database if exists "${name}" with (force)`) }
}

/**
 * The database that backends on PostgreSQL are copied from: migrated once per run (global setup),
 * so that a test's database opens with nothing left to apply.
 */
export const MIGRATED_TEMPLATE = 'switchboard_migrated'

/** Runs `sql` (one statement) on the cluster's own database as its superuser. */
export async function asSuperuser(clusterUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
