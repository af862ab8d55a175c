import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { managesUsers } from '../../../shared/access'
import { roleLabel } from '../lib/format'
import { useSignedInMe } from '../lib/session'
import { OverviewFigures } from './overview/overview-figures'

export function OverviewPage() {
  const me = useSignedInMe()
  return (
    <Stack>
      <Title order={1} size="h2">
        Overview
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Signed in as
          </Text>
          <Text fw={600}>{me.user.name}</Text>
          <Text size="sm" c="dimmed">
            {me.user.email}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Organisation
          </Text>
          <Group gap="xs">
            <Text fw={600}>{me.actingTenant.name}</Text>
            {me.actingTenant.isAdminTenant && <Badge size="sm">Admin Tenant</Badge>}
            {me.actingTenant.isDemo && (
              <Badge size="sm" color="grape">
                Demo
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {me.actingTenant.slug}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Your role
          </Text>
          <Text fw={600}>{roleLabel(me.user.role)}</Text>
        </Card>
      </SimpleGrid>
      {managesUsers(me.user.role) && <OverviewFigures />}
    </Stack>
  )
}
