import type { QueryClient } from '@tanstack/react-query'
import { managesUsers } from '../../../shared/access'
import type { Me } from '../../../shared/contract'
import { askAhead, refetchUnlessAskedAhead } from './ask-ahead'
import { orpc } from './bridge'

/** The Overview's figures (one read): one definition for the screen and for asking ahead. */
export const overviewFiguresOptions = () => orpc.overview.get.queryOptions({ refetchOnMount: refetchUnlessAskedAhead })

/**
 * Asks for the Overview's figures as the Overview is on its way (its route, a tenant switch). Only for
 * whom the Overview shows them. Settles when they are in, or after a short wait (`askAhead`): the way
 * in waits for that, so that the Overview is drawn with its figures.
 */
export function askAheadForOverview(client: QueryClient, me: Me | null | undefined): Promise<void> {
  if (!me || me.enrolmentOnly || !managesUsers(me.user.role)) return Promise.resolve()
  const options = overviewFiguresOptions()
  return askAhead(client, options.queryKey, () => client.prefetchQuery(options))
}
