import { matchQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useRouter } from '@tanstack/react-router'
import { useEffect, useSyncExternalStore } from 'react'
import type { Me } from '../../../shared/contract'
import { orpc } from './bridge'
import { askAheadForOverview } from './overview'

/** The tenant a switch is on its way into, from its request until the console shows that tenant. */
let switchingTo: string | null = null
const listeners = new Set<() => void>()
function setSwitchingTo(tenantId: string | null) {
  switchingTo = tenantId
  for (const listener of listeners) listener()
}
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * Whether the screen shown is a tenant being left: from the switch's request on, the old tenant's
 * screen is taken down (while the backend switches, not after), and the console of the new tenant
 * (keyed by it) brings the next screen. Cleared once the console shows the tenant switched into, or
 * when the switch fails (the screen comes back).
 */
export function useLeavingTenant(me: Me): boolean {
  const acting = me.actingTenant.id
  // The answer, not the target, is the snapshot: clearing the target once the new tenant shows draws nothing again.
  const leaving = useSyncExternalStore(subscribe, () => switchingTo !== null && switchingTo !== acting)
  useEffect(() => {
    if (switchingTo === acting) setSwitchingTo(null)
  }, [leaving, acting])
  return leaving
}

/**
 * Switches the session's tenant in the backend, then shows the console scoped to it in place, on
 * the Overview: no document reload (the bundle stays loaded), and nothing of the old tenant cached
 * or on screen. The switcher, the tenant banner and the desktop menu all switch through here.
 */
export function useSwitchTenant() {
  const client = useQueryClient()
  const router = useRouter()
  return useMutation({
    mutationFn: (tenantId: string) => {
      const answer = orpc.auth.switchTenant.call({ tenantId })
      // Sent first: the old screen comes down while the backend switches.
      setSwitchingTo(tenantId)
      return answer
    },
    onError: () => setSwitchingTo(null),
    onSuccess: async (me: Me) => {
      // Nothing of the old tenant is drawn now (useLeavingTenant). Every cached answer of it goes, so
      // nothing asks for an old tenant's record by id. What does not depend on the tenant stays, so
      // nothing asks for it again: `me` and the setup status (the console layout watches them; `me`
      // gets the new session below), the demo status and the connections (the host's own).
      await client.cancelQueries()
      client.removeQueries({ predicate: (query) => !keptAcrossTenants.some((queryKey) => matchQuery(queryKey, query)) })
      // The old tenant's notices go too (the notices module is not part of the console's first load).
      void import('@mantine/notifications').then(({ notifications }) => notifications.clean())
      // The new tenant's Overview is drawn with its figures: asked for now, and waited for a moment (its
      // route asks too, on the way in: one request).
      await askAheadForOverview(client, me)
      // To the Overview before the console shows the new tenant: no screen of the old one is drawn for it.
      await router.navigate({ to: '/' })
      // The shell stays; the screen is keyed by the acting tenant, so it remounts with no state of the old tenant.
      client.setQueryData(orpc.auth.me.queryKey(), me)
      // The next step is most often Admin → Users: its first page (one page, for the new session) is fetched
      // as soon as the new tenant's screen has been drawn, not before (it would only delay that).
      if (!me.enrolmentOnly) afterNextPaint(() => void router.preloadRoute({ to: '/admin/users' }).catch(() => undefined))
    },
  })
}

/** Runs `task` once the browser has drawn the next frame: the first task after it. */
function afterNextPaint(task: () => void) {
  requestAnimationFrame(() => setTimeout(task, 0))
}

/** Queries whose answers are the same in every tenant, kept across a switch (`exact` where only that one query is meant). */
const keptAcrossTenants = [
  { queryKey: orpc.auth.status.queryKey(), exact: true },
  { queryKey: orpc.auth.me.queryKey(), exact: true },
  { queryKey: orpc.demo.status.queryKey(), exact: true },
  { queryKey: orpc.connections.key() },
]
