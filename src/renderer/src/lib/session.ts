import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Me } from '../../../shared/contract'
import { rpc } from './bridge'

export const sessionKeys = { status: ['auth', 'status'] as const, me: ['auth', 'me'] as const }

export function useSetupStatus() {
  return useQuery({ queryKey: sessionKeys.status, queryFn: () => rpc.auth.status() })
}

export function useMe() {
  return useQuery({ queryKey: sessionKeys.me, queryFn: () => rpc.auth.me() })
}

/** After setup or sign-in the backend has set the session; show the console for `me`. */
export function useSignedIn() {
  const client = useQueryClient()
  return (me: Me) => {
    client.setQueryData(sessionKeys.status, { needsSetup: false })
    client.setQueryData(sessionKeys.me, me)
  }
}

export function useSignOut() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => rpc.auth.signOut(),
    onSettled: () => {
      // Nothing of the signed-out user's data stays cached; the auth queries stay observed.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' })
      client.setQueryData(sessionKeys.me, null)
    },
  })
}
