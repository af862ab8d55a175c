import { AppShell, Badge, Box, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'
import type { Me } from '../../../shared/contract'
import { canManageUsers, roleLabel } from '../lib/format'
import { href, match } from '../lib/router'
import { useSignOut } from '../lib/session'
import { LicencePage } from '../pages/licence.page'
import { OrganisationPage } from '../pages/organisations/organisation.page'
import { OrganisationsPage } from '../pages/organisations/organisations.page'
import { OutboxPage } from '../pages/outbox.page'
import { TeamPage } from '../pages/teams/team.page'
import { TeamsPage } from '../pages/teams/teams.page'
import { TicketsPage } from '../pages/tickets.page'
import { OverviewPage } from '../pages/overview.page'
import { UserPage } from '../pages/users/user.page'
import { UsersPage } from '../pages/users/users.page'
import { TenantBanner } from './tenant-banner'
import { TenantName, TenantSwitcher } from './tenant-switcher'

function NotFound() {
  return <Text c="dimmed">This page does not exist. Choose a section in the sidebar.</Text>
}

/** The page for a path; Admin sections are added here as their features land. */
function routePage(me: Me, path: string): ReactNode {
  if (path === '/' || path === '') return <OverviewPage me={me} />
  if (path === '/admin/users') return <UsersPage me={me} tab="users" />
  if (path === '/admin/users/invitations') return <UsersPage me={me} tab="invitations" />
  const user = match('/admin/users/:id', path)
  if (user) return <UserPage key={user.id} me={me} id={user.id!} />
  if (path === '/outbox' && canManageUsers(me.user.role)) return <OutboxPage />
  if (me.features.includes('helpdesk')) {
    if (path === '/helpdesk/tickets') return <TicketsPage me={me} />
    if (path === '/admin/helpdesk/teams') return <TeamsPage me={me} />
    const team = match('/admin/helpdesk/teams/:id', path)
    if (team) return <TeamPage key={team.id} me={me} id={team.id!} />
  }
  if (me.user.role === 'SUPER_ADMIN') {
    if (path === '/admin/organisations') return <OrganisationsPage />
    const org = match('/admin/organisations/:id', path)
    if (org) return <OrganisationPage key={org.id} id={org.id!} />
    if (path === '/admin/licence') return <LicencePage />
  }
  return <NotFound />
}

export function ConsoleShell({ me, path }: { me: Me; path: string }) {
  const [navOpen, nav] = useDisclosure()
  const signOut = useSignOut()
  const link = (to: string, label: string, exact = false) => (
    <NavLink
      component="a"
      href={href(to)}
      label={label}
      active={exact ? path === to : path === to || path.startsWith(`${to}/`)}
      onClick={nav.close}
    />
  )

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="lg">
              Switchboard
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap" data-testid="signed-in-user">
            <Stack gap={0} align="flex-end" visibleFrom="xs">
              <Text size="sm" fw={600} lh={1.2}>
                {me.user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {me.user.email}
              </Text>
            </Stack>
            <Badge variant="light">{roleLabel(me.user.role)}</Badge>
            <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {link('/', 'Overview', true)}
          {me.features.includes('helpdesk') && (
            <NavLink label="Helpdesk" defaultOpened childrenOffset="md">
              {link('/helpdesk/tickets', 'Tickets')}
            </NavLink>
          )}
          <NavLink label="Admin" defaultOpened childrenOffset="md">
            {link('/admin/users', 'Users')}
            {me.features.includes('helpdesk') && (
              <NavLink label="Helpdesk" defaultOpened childrenOffset="md">
                {link('/admin/helpdesk/teams', 'Teams')}
              </NavLink>
            )}
            {me.user.role === 'SUPER_ADMIN' && link('/admin/organisations', 'Organisations')}
            {me.user.role === 'SUPER_ADMIN' && link('/admin/licence', 'Licence')}
          </NavLink>
          {canManageUsers(me.user.role) && link('/outbox', 'Outbox')}
        </AppShell.Section>
        {/* The tenant switcher lives here, at the bottom of the sidebar. */}
        <AppShell.Section data-testid="tenant-area">
          <Box p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            {me.canSwitchTenant ? <TenantSwitcher me={me} /> : <TenantName me={me} />}
          </Box>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <TenantBanner me={me} />
        {routePage(me, path)}
      </AppShell.Main>
    </AppShell>
  )
}
