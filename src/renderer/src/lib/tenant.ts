import { matchQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useRouter } from '@tanstack/react-router'
import { useEffect, useSyncExternalStore } from 'react'
import type { Me } from '../../../shared/contract'
import { orpc } from './bridge'

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
  const target = useSyncExternalStore(subscribe, () => switchingTo)
  useEffect(() => {
    if (target === me.actingTenant.id) setSwitchingTo(null)
  }, [target, me.actingTenant.id])
  return target !== null && target !== me.actingTenant.id
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
      // Leave the old tenant's screen first (it is no longer drawn), so nothing asks for an old tenant's record by id.
      await router.navigate({ to: '/' })
      await client.cancelQueries()
      // Every cached answer was the old tenant's. `me` and the setup status stay observed
      // (the console layout watches them) and get the new session; the layout is keyed by the acting
      // tenant, so the shell and the screen remount with no state of the old tenant.
      const kept = [orpc.auth.status.queryKey(), orpc.auth.me.queryKey()]
      client.removeQueries({ predicate: (query) => !kept.some((queryKey) => matchQuery({ queryKey, exact: true }, query)) })
      // The old tenant's notices go too (the notices module is not part of the console's first load).
      void import('@mantine/notifications').then(({ notifications }) => notifications.clean())
      client.setQueryData(orpc.auth.me.queryKey(), me)
    },
  })
}
