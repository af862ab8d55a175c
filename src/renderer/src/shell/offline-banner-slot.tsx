import { lazy, Suspense } from 'react'
import { useOffline } from '../lib/connection-state'

// Loaded only once the instance stops answering: the console's first load stays small.
const OfflineAlert = lazy(() => import('./offline-banner').then((m) => ({ default: m.OfflineAlert })))

/** Where the offline banner appears, above the screen, while the active instance cannot be reached. */
export function OfflineBanner() {
  return useOffline() ? (
    <Suspense fallback={null}>
      <OfflineAlert />
    </Suspense>
  ) : null
}
