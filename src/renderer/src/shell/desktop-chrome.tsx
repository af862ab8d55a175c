import { useMantineColorScheme } from '@mantine/core'
import { lazy, Suspense, useEffect, useRef } from 'react'
import type { DesktopBridge } from '../../../shared/ipc'
import { useMe } from '../lib/session'
import { useSwitchTenant } from '../lib/tenant'
import { menuCommandAction } from './menu-command-action'

// Only the desktop app shows it, and not on its first paint: its own chunk.
const UpdateNotice = lazy(() => import('./update-notice').then((m) => ({ default: m.UpdateNotice })))

/** What only the desktop app has: native-menu commands and the update notice. Nothing in the browser shell. */
export function DesktopChrome() {
  const bridge = window.switchboard
  return bridge ? <DesktopParts bridge={bridge} /> : null
}

function DesktopParts({ bridge }: { bridge: DesktopBridge }) {
  const { toggleColorScheme } = useMantineColorScheme()
  const me = useMe()
  const switchTenant = useSwitchTenant()
  // The listener is registered once; it reads the latest session and handlers from here.
  const latest = useRef({ me: me.data, toggleColorScheme, switchTenant })
  latest.current = { me: me.data, toggleColorScheme, switchTenant }

  useEffect(
    () =>
      bridge.onMenuCommand((command) => {
        const action = menuCommandAction(command, latest.current.me)
        if (action?.kind === 'toggle-color-scheme') latest.current.toggleColorScheme()
        if (action?.kind === 'switch-tenant' && !latest.current.switchTenant.isPending) latest.current.switchTenant.mutate(action.tenantId)
      }),
    [bridge],
  )
  return (
    <Suspense>
      <UpdateNotice bridge={bridge} />
    </Suspense>
  )
}
