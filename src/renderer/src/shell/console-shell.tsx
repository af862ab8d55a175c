import { AppShell, Badge, Box, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useState } from 'react'
import type { Me } from '../../../shared/contract'
import { useSignOut } from '../lib/session'
import { OverviewPage } from '../pages/overview.page'
import { TenantBanner } from './tenant-banner'

/** Pages reachable from the sidebar; Admin sections join this list as their features land. */
const PAGES = [{ id: 'overview', label: 'Overview' }] as const
type PageId = (typeof PAGES)[number]['id']

export function ConsoleShell({ me }: { me: Me }) {
  const [navOpen, nav] = useDisclosure()
  const [page, setPage] = useState<PageId>('overview')
  const signOut = useSignOut()

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
            <Badge variant="light">{me.user.role.replace('_', ' ')}</Badge>
            <Button variant="default" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {PAGES.map((p) => (
            <NavLink
              key={p.id}
              component="button"
              label={p.label}
              active={page === p.id}
              onClick={() => {
                setPage(p.id)
                nav.close()
              }}
            />
          ))}
        </AppShell.Section>
        {/* The tenant switcher lives here, at the bottom of the sidebar. */}
        <AppShell.Section data-testid="tenant-area">
          <Box p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Text size="xs" c="dimmed">
              Tenant
            </Text>
            <Text size="sm" fw={600} truncate>
              {me.actingTenant.name}
            </Text>
          </Box>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <TenantBanner me={me} />
        {page === 'overview' && <OverviewPage me={me} />}
      </AppShell.Main>
    </AppShell>
  )
}
