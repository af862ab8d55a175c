import type { QueryClient, QueryKey } from '@tanstack/react-query'

/** What is read of a query here (any query's data). */
interface AskedQuery {
  queryHash: string
  state: { dataUpdatedAt: number; isInvalidated: boolean }
  getObserversCount(): number
}

/** How old an answer asked for ahead may be and still be what its screen first shows, without asking again. */
export const ASKED_AHEAD_MS = 10_000

/**
 * How long a screen on its way waits for what it asked ahead before it is drawn without it (and shows
 * that it is loading). An answer that lands sooner is drawn with the screen, at once: one render and
 * one layout of the whole screen, not a screen and then its content a frame or three later.
 */
export const DRAWN_WITH_ANSWER_MS = 150

/** Answers asked for ahead that no screen has looked at yet: when each landed, by query. */
const waiting = new Map<string, number>()

/**
 * Asks ahead for what a screen on its way will show (a route's loader, a tenant switch), so the request
 * travels while the screen is drawn rather than after it. `ask` is the client's prefetch of `queryKey`.
 * When the answer lands before the screen looks, the screen takes it as it is
 * (`refetchUnlessAskedAhead`): asking again as it opens would bring the same answer, at twice the cost.
 * An answer already waiting for its screen is not asked for again (a link pointed at, then pressed).
 *
 * Settles when the answer is in (or failed: the screen shows the failure), or after
 * DRAWN_WITH_ANSWER_MS, whichever comes first: what a screen on its way waits for. At once when the
 * query already holds an answer: the screen is drawn with that, and the new one follows.
 */
export function askAhead(client: QueryClient, queryKey: QueryKey, ask: () => Promise<unknown>): Promise<void> {
  const query = client.getQueryCache().find({ queryKey, exact: true })
  if (query && waitsForItsScreen(query)) return Promise.resolve()
  const asked = ask().then(() => {
    const query = client.getQueryCache().find({ queryKey, exact: true })
    // A screen already watching it asked with it (or has it): nothing waits.
    if (query?.state.status === 'success' && query.getObserversCount() === 0) waiting.set(query.queryHash, query.state.dataUpdatedAt)
  })
  if (query?.state.data !== undefined) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAWN_WITH_ANSWER_MS)
    void asked.finally(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** Whether the query holds an answer asked ahead that no screen has looked at, recent, and not said to be out of date. */
function waitsForItsScreen(query: AskedQuery): boolean {
  const landed = waiting.get(query.queryHash)
  return landed !== undefined && landed === query.state.dataUpdatedAt && !query.state.isInvalidated && Date.now() - landed <= ASKED_AHEAD_MS
}

/**
 * `refetchOnMount` for a screen whose answer may have been asked ahead: the first look at an answer
 * asked ahead takes it (once, while it is recent, and unless something since said it is out of date);
 * any other look asks again, as every screen does. TanStack Query also asks this while rendering,
 * before the screen watches the query: only a look that watches (an observer is added first) uses the
 * answer up, so the render and the look agree.
 */
export function refetchUnlessAskedAhead(query: AskedQuery): boolean {
  const takeAsItIs = waitsForItsScreen(query)
  if (query.getObserversCount() > 0) waiting.delete(query.queryHash)
  return !takeAsItIs
}
