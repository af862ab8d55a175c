import { sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { Dialect, type Conn } from './engine'

/**
 * Text sort keys that order the same on both engines: SQLite compares text byte by byte (BINARY)
 * and its lower() folds ASCII letters only; PostgreSQL does both in the "C" collation, whatever the
 * database's own. The PostgreSQL indexes (schema.pg.ts) are declared on exactly these expressions.
 */
export const lowerKey = ({ dialect }: Pick<Conn, 'dialect'>, column: SQLWrapper): SQL =>
  dialect === Dialect.PG ? sql`lower(${column} collate "C")` : sql`lower(${column})`
