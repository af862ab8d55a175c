import { matchQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import type { DemoProgressEvent, Me } from '../../../shared/contract'
import { orpc } from './bridge'
import { DEMO_SIGNED_OUT, useSignedIn } from './session'
import { useStreamedTask } from './streamed-task'

/** Whether this store is the demo (for the "Demo data" badge, Settings → Demo, and the demo's sign-in). */
export function useDemoStatus() {
  // Whether the store is the demo changes only by Explore the demo or Reset demo, which set the answer here
  // (useDemoRun), or with the connection, which reloads the page: asked once, not again by every screen that reads it.
  return useQuery(orpc.demo.status.queryOptions({ staleTime: Infinity }))
}

/**
 * Makes the demo (Explore the demo, Reset demo) with its streamed progress, then signs in as the
 * demo's SUPER_ADMIN: a streamed answer cannot carry the session, so that is a call of its own.
 */
export function useDemoRun() {
  const client = useQueryClient()
  const signedIn = useSignedIn()
  const task = useStreamedTask()
  async function run(events: () => Promise<AsyncIterable<DemoProgressEvent>>): Promise<Me | null> {
    let me: Me | null = null
    await task.run(async (report) => {
      for await (const event of await events()) report(event)
      me = await orpc.demo.signIn.call()
      window.sessionStorage.removeItem(DEMO_SIGNED_OUT)
      // Nothing of the store that was there before stays cached; the queries the console layout
      // observes stay (removing them would leave its observers on detached queries) and are set anew.
      const kept = [orpc.auth.status.queryKey(), orpc.auth.me.queryKey(), orpc.demo.status.queryKey()]
      client.removeQueries({ predicate: (query) => !kept.some((queryKey) => matchQuery({ queryKey, exact: true }, query)) })
      client.setQueryData(orpc.demo.status.queryKey(), await orpc.demo.status.call())
      signedIn(me)
    })
    return me
  }
  return { ...task, run }
}
