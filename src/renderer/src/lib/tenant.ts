import { matchQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useRouter } from '@tanstack/react-router'
import type { Me } from '../../../shared/contract'
import { orpc } from './bridge'

/**
 * Switches the session's tenant in the backend, then shows the console scoped to it in place, on
 * the Overview: no document reload (the bundle stays loaded), and nothing of the old tenant cached
 * or on screen. The switcher, the tenant banner and the desktop menu all switch through here.
 */
export function useSwitchTenant() {
  const client = useQueryClient()
  const router = useRouter()
  return useMutation({
    mutationFn: (tenantId: string) => orpc.auth.switchTenant.call({ tenantId }),
    onSuccess: async (me: Me) => {
      // Leave the old tenant's screen first, so nothing asks for an old tenant's record by id.
      await router.navigate({ to: '/' })
      await client.cancelQueries()
      // Every cached answer was the old tenant's. `me` and the setup status stay observed (the
      // console layout watches them) and get the new session; the layout is keyed by the acting
      // tenant, so the shell and the screen remount with no state of the old tenant.
      const kept = [orpc.auth.status.queryKey(), orpc.auth.me.queryKey()]
      client.removeQueries({ predicate: (query) => !kept.some((queryKey) => matchQuery({ queryKey, exact: true }, query)) })
      // The old tenant's notices go too (the notices module is not part of the console's first load).
      void import('@mantine/notifications').then(({ notifications }) => notifications.clean())
      client.setQueryData(orpc.auth.me.queryKey(), me)
    },
  })
}
