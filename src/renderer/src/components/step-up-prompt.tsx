import { lazy, Suspense, useSyncExternalStore } from 'react'
import { stepUpStore } from '../lib/step-up'

// The dialog and its form are loaded the first time a step-up is asked for: not on the first screen.
const StepUpModal = lazy(() => import('./step-up-modal'))

/** Mounted once at the root: shows the step-up dialog while a call waits for it (lib/step-up.ts). */
export function StepUpPrompt() {
  const open = useSyncExternalStore(stepUpStore.subscribe, stepUpStore.isOpen)
  return open ? (
    <Suspense fallback={null}>
      <StepUpModal />
    </Suspense>
  ) : null
}
