import { matchQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import type { Me } from '../../../shared/contract'
import { orpc } from './bridge'

export function useSetupStatus() {
  return useQuery(orpc.auth.status.queryOptions())
}

export function useMe() {
  return useQuery(orpc.auth.me.queryOptions())
}

/** The signed-in user inside the console; the console layout provides it once it is known. */
export const MeContext = createContext<Me | null>(null)

export function useSignedInMe(): Me {
  const me = useContext(MeContext)
  if (!me) throw new Error('useSignedInMe is only for screens inside the signed-in console')
  return me
}

/** After setup or sign-in the backend has set the session; show the console for `me`. */
export function useSignedIn() {
  const client = useQueryClient()
  return (me: Me) => {
    client.setQueryData(orpc.auth.status.queryKey(), { needsSetup: false })
    client.setQueryData(orpc.auth.me.queryKey(), me)
  }
}

export function useSignOut() {
  return useSignOutWith(() => orpc.auth.signOut.call())
}

/** Ends every session of the user (other devices, browsers, scripts), then this console's like Sign out. */
export function useSignOutEverywhere() {
  return useSignOutWith(() => orpc.auth.signOutEverywhere.call())
}

/** Set when someone signs out in this tab, so a demo store does not sign them straight back in. */
export const DEMO_SIGNED_OUT = 'switchboard.demo.signed-out'

function useSignOutWith(mutationFn: () => Promise<unknown>) {
  const client = useQueryClient()
  return useMutation({
    mutationFn,
    onSettled: () => {
      window.sessionStorage.setItem(DEMO_SIGNED_OUT, '1')
      // Nothing of the signed-out user's data stays cached; the setup status and `me` stay observed.
      const kept = [orpc.auth.status.queryKey(), orpc.auth.me.queryKey()]
      client.removeQueries({ predicate: (query) => !kept.some((queryKey) => matchQuery({ queryKey, exact: true }, query)) })
      client.setQueryData(orpc.auth.me.queryKey(), null)
    },
  })
}
