import { lazy, Suspense } from 'react'
import { useOffline, useSwitchedElsewhere } from '../lib/connection-state'

// Loaded only when needed: the console's first load stays small.
const OfflineAlert = lazy(() => import('./offline-banner').then((m) => ({ default: m.OfflineAlert })))
const SwitchedElsewhereAlert = lazy(() => import('./offline-banner').then((m) => ({ default: m.SwitchedElsewhereAlert })))

/**
 * Above the screen: the offline banner while the active instance cannot be reached, or the notice that
 * another window switched the console to another connection (this page's calls are refused until it reloads).
 */
export function OfflineBanner() {
  const offline = useOffline()
  const switched = useSwitchedElsewhere()
  if (!offline && !switched) return null
  return <Suspense fallback={null}>{switched ? <SwitchedElsewhereAlert message={switched} /> : <OfflineAlert />}</Suspense>
}
