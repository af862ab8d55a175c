import { orpc } from './bridge'
import { KEYSET_PAGING } from './lists'
import type { UsersSearch } from '../router/search'

/** Admin → Users' list query for these filters and search: one definition for the table and its prefetch. */
export function usersListOptions(filters: UsersSearch, search: string | undefined) {
  return orpc.users.list.infiniteOptions({
    input: (cursor: string | undefined) => ({ ...filters, search, cursor, limit: 50 }),
    ...KEYSET_PAGING,
  })
}
