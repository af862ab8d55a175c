import { useMutation } from '@tanstack/react-query'
import { rpc } from './bridge'

/** Switches the session's tenant in the backend, then reloads the console scoped to it. */
export function useSwitchTenant() {
  return useMutation({
    mutationFn: (tenantId: string) => rpc.auth.switchTenant({ tenantId }),
    onSuccess: () => {
      window.location.hash = '#/'
      window.location.reload()
    },
  })
}
