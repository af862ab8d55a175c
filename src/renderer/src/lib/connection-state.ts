import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import { ErrorCode, ErrorReason, toAppError } from '../../../shared/errors'
import { orpc } from './bridge'

/** Why the active instance is offline (its unreachable error's message), or null while it answers. */
let offline: string | null = null
/** Set once another tab has switched the console to another connection: this page must reload. */
let switchedElsewhere: string | null = null
const listeners = new Set<() => void>()
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

const changed = () => {
  for (const listener of listeners) listener()
}

function setOffline(next: string | null): void {
  if (next === offline) return
  offline = next
  changed()
}

export function useOffline(): string | null {
  return useSyncExternalStore(subscribe, () => offline)
}

export function useSwitchedElsewhere(): string | null {
  return useSyncExternalStore(subscribe, () => switchedElsewhere)
}

/** The instance answered again (Retry found it): the banner goes. */
export function clearOffline(): void {
  setOffline(null)
}

/** Queries the host answers itself (the connections), whichever backend is active. */
function isHostLocal(queryKey: readonly unknown[]): boolean {
  const [path] = queryKey
  return Array.isArray(path) && path[0] === 'connections'
}

/**
 * The console's query client, watching every call for the two failures that concern the whole
 * console rather than one screen: an instance that cannot be reached (the offline banner; the
 * failed call still shows its own error, and nothing is queued to run later), and a session that
 * ended (expired, revoked, signed out elsewhere), which shows the sign-in page again.
 */
export function createConsoleQueryClient(): QueryClient {
  const failed = (error: unknown) => {
    const appError = toAppError(error)
    if (appError.reason === ErrorReason.INSTANCE_UNREACHABLE) setOffline(appError.message)
    if (appError.reason === ErrorReason.CONNECTION_CHANGED && switchedElsewhere === null) {
      switchedElsewhere = appError.message
      changed()
    }
    if (appError.code === ErrorCode.UNAUTHENTICATED) client.setQueryData(orpc.auth.me.queryKey(), null)
  }
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: failed,
      // Only an answer relayed from the instance proves it is back; the host's own connections calls always answer.
      onSuccess: (_data, query) => {
        if (!isHostLocal(query.queryKey)) clearOffline()
      },
    }),
    mutationCache: new MutationCache({ onError: failed }),
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  })
  return client
}
