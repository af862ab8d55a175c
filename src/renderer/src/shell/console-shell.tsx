import { AppShell, Badge, Box, Burger, Button, Group, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Link } from '@tanstack/react-router'
import { Fragment, lazy, Suspense, type ReactNode } from 'react'
import { roleLabel } from '../lib/format'
import { useSignedInMe, useSignOut } from '../lib/session'
import { ConnectionsButton } from './connections-button'
import { DemoBadge } from './demo-badge'
import { OfflineBanner } from './offline-banner-slot'
import { Sidebar } from './sidebar'
import { TenantBanner, useTenantTitle } from './tenant-banner'
import { TenantName } from './tenant-name'

// The switcher's dropdown (Combobox, Popover, floating positioning) loads just after the console's first paint.
// Dialogs open rarely: their own chunks (Modal, focus trap, portal) keep the first load small.
const SignOutEverywhereDialog = lazy(() => import('./sign-out-everywhere-dialog').then((m) => ({ default: m.SignOutEverywhereDialog })))
// The command palette (Spotlight, Ctrl/Cmd+K) likewise: its shortcut works once the chunk is in.
const CommandPaletteEntry = lazy(() => import('./command-palette').then((m) => ({ default: m.CommandPaletteEntry })))
// A session limited to enrolment (issue 25) shows Your account whatever the address.
const AccountPage = lazy(() => import('../pages/account/account.page').then((m) => ({ default: m.AccountPage })))
const TenantSwitcher = lazy(() => import('./tenant-switcher').then((m) => ({ default: m.TenantSwitcher })))

/** Header controls keep their size; the name and address beside them give way instead. */
const FIXED = { flexShrink: 0 } as const

/**
 * The signed-in console: header, the left sidebar with the tenant area at its foot, and the screen.
 * A tenant switch re-renders the shell in place (what it shows comes from `me`, and the queries it
 * makes do not depend on the tenant); what holds a tenant's data is keyed by the acting tenant and
 * remounts with nothing of the old one: the screen, the switcher's list and the command palette.
 */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const me = useSignedInMe()
  const [navOpen, nav] = useDisclosure()
  const signOut = useSignOut()
  const [confirmingEverywhere, everywhere] = useDisclosure()
  useTenantTitle(me)
  // Their organisation requires a second factor they have not set up: enrolment only, no navigation.
  const enrolling = me.enrolmentOnly
  const tenant = me.actingTenant.id

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpen, desktop: enrolling } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          {/* Neither side's controls ever shrink: a long name or address is what gives way (shortened, whole in its title). */}
          <Group gap="sm" wrap="nowrap" style={FIXED}>
            {!enrolling && <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />}
            <Text fw={700} size="lg">
              Switchboard
            </Text>
            <DemoBadge me={me} />
            <ConnectionsButton />
            {!enrolling && (
              <Suspense fallback={null}>
                <CommandPaletteEntry key={tenant} />
              </Suspense>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0} data-testid="signed-in-user">
            <Stack gap={0} align="flex-end" miw={0} visibleFrom="xs">
              <Text size="sm" fw={600} lh={1.2} maw="100%" truncate="end" title={me.user.name}>
                {me.user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} maw="100%" truncate="end" title={me.user.email}>
                {me.user.email}
              </Text>
            </Stack>
            <Badge variant="light" style={FIXED}>
              {roleLabel(me.user.role)}
            </Badge>
            {!enrolling && (
              <Button component={Link} to="/account" variant="subtle" size="xs" style={FIXED}>
                Your account
              </Button>
            )}
            <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending} style={FIXED}>
              Sign out
            </Button>
            <Button variant="subtle" size="xs" onClick={everywhere.open} style={FIXED}>
              Sign out everywhere
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      {!enrolling && (
        <AppShell.Navbar p="xs" aria-label="Main navigation">
          {/* Native scrolling: Mantine's ScrollArea would add its custom scrollbars to the console's first load. */}
          <AppShell.Section grow style={{ overflowY: 'auto' }}>
            <Sidebar onNavigate={nav.close} />
          </AppShell.Section>
          {/* The tenant switcher lives here, at the bottom of the sidebar. */}
          <AppShell.Section data-testid="tenant-area">
            <Box p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
              {me.canSwitchTenant ? (
                <Suspense fallback={<TenantName me={me} />}>
                  <TenantSwitcher key={tenant} me={me} />
                </Suspense>
              ) : (
                <TenantName me={me} explainMenu />
              )}
            </Box>
          </AppShell.Section>
        </AppShell.Navbar>
      )}

      <AppShell.Main>
        <OfflineBanner />
        <TenantBanner me={me} />
        <Fragment key={tenant}>
          {enrolling ? (
            <Suspense fallback={null}>
              <AccountPage />
            </Suspense>
          ) : (
            children
          )}
        </Fragment>
      </AppShell.Main>

      {confirmingEverywhere ? (
        <Suspense fallback={null}>
          <SignOutEverywhereDialog email={me.user.email} onClose={everywhere.close} />
        </Suspense>
      ) : null}
    </AppShell>
  )
}
