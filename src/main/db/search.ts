/**
 * Tenant-scoped trigram search (issue 13, drizzle/0015). Each user's row in `users_find` carries
 * its tenant as a key of three code points from plane 1, derived from the tenant id exactly as the
 * migration's SQL derives it; the trigram tokenizer makes that one token, so a query constrained
 * to it reads only that tenant's postings.
 */

/** Terms this long or longer go through the trigram index; shorter ones scan the tenant's index range. */
export const TRIGRAM_MIN = 3

const unit = (id: string, i: number) => id.codePointAt(i) ?? 0

function codePoint(id: string, at: number): string {
  const value = (((unit(id, at) * 37 + unit(id, at + 1)) * 37 + unit(id, at + 2)) * 37 + unit(id, at + 3)) % 65536
  return String.fromCodePoint(65536 + value)
}

/** The tenant's key in users_find (SQL: substr positions 1, 5 and 10, i.e. indexes 0, 4 and 9). */
export function tenantSearchKey(tenantId: string): string {
  return [0, 4, 9].map((at) => codePoint(tenantId, at)).join('')
}

/** An FTS5 string literal: the term as one phrase, whatever characters it holds. */
export const ftsPhrase = (term: string) => `"${term.replace(/"/g, '""')}"`

/** The MATCH expression for `term` in name or email among one tenant's users. */
export function tenantUsersMatch(tenantId: string, term: string): string {
  return `tk : "${tenantSearchKey(tenantId)}" AND {name email} : ${ftsPhrase(term)}`
}

export const usesTrigrams = (term: string) => [...term].length >= TRIGRAM_MIN

const unitSql = (column: string, i: number) => `coalesce(unicode(substr(${column}, ${i}, 1)), 0)`
const codePointSql = (column: string, at: number) =>
  `char(65536 + ((((${unitSql(column, at)} * 37 + ${unitSql(column, at + 1)}) * 37 + ${unitSql(column, at + 2)}) * 37 + ${unitSql(column, at + 3)}) % 65536))`

/** The same key in SQL, as drizzle/0015's triggers compute it (for bulk loads that build the index at once). */
export const tenantSearchKeySql = (column: string) => [1, 5, 10].map((at) => codePointSql(column, at)).join(' || ')
