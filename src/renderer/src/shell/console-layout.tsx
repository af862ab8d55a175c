import { Alert, Button, Center, Loader, Stack } from '@mantine/core'
import { Outlet, useMatches } from '@tanstack/react-router'
import { lazy, Suspense, type ReactNode } from 'react'
import { toAppError } from '../../../shared/errors'
import { Loading } from '../components/loading'
import { MeContext, useMe, useSetupStatus, useSignedInMe } from '../lib/session'
import { useLeavingTenant } from '../lib/tenant'
import { NoAccessPage } from '../pages/route-status'
import { mayOpen } from '../router/access'
import { ConnectionsCorner } from './connections-button'
import { ConsoleShell } from './console-shell'

// Forms shown once (setup) or between sessions (sign-in): their own chunks, not the console's first load.
const SetupPage = lazy(() => import('../pages/setup.page').then((m) => ({ default: m.SetupPage })))
const SignInPage = lazy(() => import('../pages/sign-in.page').then((m) => ({ default: m.SignInPage })))

/**
 * First run → setup; signed out → sign-in; otherwise the console around the routed screen (or around
 * `children`: an address that matched no route at all is still shown inside the console).
 */
export function ConsoleLayout({ children }: { children?: ReactNode }) {
  const status = useSetupStatus()
  const me = useMe()
  const failed = status.error ?? me.error
  if (failed) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={480}>
          <Alert color="red" title="Switchboard is not answering">
            {toAppError(failed).message}
          </Alert>
          <Button onClick={() => window.location.reload()}>Try again</Button>
        </Stack>
        <ConnectionsCorner />
      </Center>
    )
  }
  if (!status.isSuccess || !me.isSuccess) return <FullPageLoader />
  if (status.data.needsSetup || !me.data) {
    return (
      <>
        <Suspense fallback={<FullPageLoader />}>{status.data.needsSetup ? <SetupPage /> : <SignInPage />}</Suspense>
        <ConnectionsCorner />
      </>
    )
  }
  return (
    <MeContext value={me.data}>
      {/* The shell stays across a tenant switch; the screen inside it is keyed by the acting tenant. */}
      <ConsoleShell>{children ?? <GuardedScreen />}</ConsoleShell>
    </MeContext>
  )
}

/** The routed screen, or why it is closed to you: each route's `staticData.access`, the same rule the sidebar reads. */
function GuardedScreen() {
  const me = useSignedInMe()
  const rules = useMatches({ select: (matches) => matches.map((match) => match.staticData.access) })
  // A tenant switch is under way: the old tenant's screen is gone, the new tenant's console brings the next.
  const leaving = useLeavingTenant(me)
  if (leaving) return <Loading label="Switching tenant" />
  return mayOpen(me, rules) ? <Outlet /> : <NoAccessPage />
}

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  )
}
