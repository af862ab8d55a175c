import type { QueryClient } from '@tanstack/react-query'
import { askAhead, refetchUnlessAskedAhead } from './ask-ahead'
import { orpc } from './bridge'
import { KEYSET_PAGING } from './lists'
import type { UsersSearch } from '../router/search'

/** Admin → Users' list query for these filters and search: one definition for the table and its prefetch. */
export function usersListOptions(filters: UsersSearch, search: string | undefined) {
  return orpc.users.list.infiniteOptions({
    input: (cursor: string | undefined) => ({ ...filters, search, cursor, limit: 50 }),
    ...KEYSET_PAGING,
    refetchOnMount: refetchUnlessAskedAhead,
  })
}

/** Asks for Admin → Users' first page as the screen is on its way: the table finds it in the cache, or on its way. */
export function askAheadForUsers(client: QueryClient, filters: UsersSearch, search: string | undefined): void {
  const options = usersListOptions(filters, search)
  void askAhead(client, options.queryKey, () => client.prefetchInfiniteQuery(options))
}
