import { sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'

/**
 * PostgreSQL's side of search (issue 19; SQLite's is ./search.ts). The trigram GIN indexes read two
 * columns as one text joined by a newline: a term holds no newline (strip it before searching), so
 * a match never spans the two, as with FTS5's `{name email}` filter. One expression, not two indexed
 * columns: with two, every search is an OR of two GIN scans that the planner costs above reading the
 * tenant's whole range; with one it is a single scan keyed by tenant and trigrams (see schema.pg.test.ts).
 * Queries must use this same expression for the index to serve them: `searchText(...) ilike likePattern(term)`.
 */
export const searchText = (a: PgColumn, b: PgColumn): SQL => sql`(${a} || E'\\n' || ${b})`

/** The same expression for statements written out as text (db/pg-query.ts), of two columns named as the statement names them. */
export const searchTextSql = (a: string, b: string): string => `(${a} || E'\\n' || ${b})`

/** A search term as the index can serve it: without newlines (they cannot occur in a name or an email). */
export const searchTerm = (term: string) => term.replace(/[\r\n]+/g, ' ')
