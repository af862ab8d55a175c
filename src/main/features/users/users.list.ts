import type { Role, UserListInput } from '../../../shared/contract'
import type { SortKey } from '../cursor'

/** What both engines' list queries share: the query, the row, and SQLite's key order (issue 19). */

export type ListQuery = Required<Pick<UserListInput, 'sort' | 'direction' | 'status' | 'limit'>> & Pick<UserListInput, 'search' | 'role'>

export interface RawSummary {
  id: string
  name: string
  email: string
  role: Role
  active: boolean
  lastSignInAt: Date | null
}

/** A listed user with the key its page was ordered by (for the next page's cursor). */
export type UserSummaryRow = RawSummary & { sortKey: SortKey }

/** A listed user's own fields, each named: `({ sortKey, ...user }) => user` copies 15× slower (4 µs a page of 50). */
export const summaryOf = (r: RawSummary): RawSummary => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  active: r.active,
  lastSignInAt: r.lastSignInAt,
})

/** A listed user's own fields and the key its page was ordered by. */
export function keyedSummary(r: RawSummary, sortKey: SortKey): UserSummaryRow {
  const row = summaryOf(r) as UserSummaryRow
  row.sortKey = sortKey
  return row
}

export interface UserPage {
  rows: UserSummaryRow[]
  total: number | null
  totalCapped: boolean
}

/**
 * SQLite's lower(): ASCII letters only, so that keys sort here as they do in the indexes. PostgreSQL's
 * lower() of a value in the "C" collation is the same (users.pg.ts keys its sorts that way).
 */
export const sqlLower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase())

/** SQLite's order for the keys: numbers numerically, text by code unit (BINARY collation). */
export const compareKeys = (a: SortKey, b: SortKey) => (a < b ? -1 : a > b ? 1 : 0)

/** A palette hit: a user of any tenant, with the tenant to switch into before opening them. */
export interface FoundUser {
  id: string
  name: string
  email: string
  role: RawSummary['role']
  active: boolean
  tenantId: string
}
