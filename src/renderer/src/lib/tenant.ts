import { useMutation } from '@tanstack/react-query'
import { orpc } from './bridge'

/** Switches the session's tenant in the backend, then reloads the console scoped to it. */
export function useSwitchTenant() {
  return useMutation({
    mutationFn: (tenantId: string) => orpc.auth.switchTenant.call({ tenantId }),
    onSuccess: () => {
      window.location.hash = '#/'
      window.location.reload()
    },
  })
}
