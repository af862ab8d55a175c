import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { EXPIRING_SOON_HOURS, OVERVIEW_DAYS, OVERVIEW_WINDOW_DAYS, type AuditEntry, type Overview } from '../../../../shared/contract'
import { AnchorLink } from '../../components/links'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { roleLabel } from '../../lib/format'
import { overviewFiguresOptions } from '../../lib/overview'
import { useSwitchTenant } from '../../lib/tenant'
import { useSignedInMe } from '../../lib/session'
import { AuditHeaderCells, AuditRow } from '../audit/audit-result'
import { InvitationExpiry } from '../users/invitations-table'
import { BarChart } from './bar-chart'

function Figure({ label, value, note }: { label: string; value: number; note?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value.toLocaleString()}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Card>
  )
}

/** A tenant's name, and for an operator a button that switches into it (the tenant switcher's own action). */
function TenantCell({ tenant, canSwitch }: { tenant: { id: string; name: string; slug: string }; canSwitch: boolean }) {
  const me = useSignedInMe()
  const switchTenant = useSwitchTenant()
  if (!canSwitch || tenant.id === me.actingTenant.id) return <>{tenant.name}</>
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      px={4}
      loading={switchTenant.isPending && switchTenant.variables === tenant.id}
      onClick={() => switchTenant.mutate(tenant.id)}
      aria-label={`Switch to ${tenant.name} (${tenant.slug})`}
    >
      {tenant.name}
    </Button>
  )
}

/** A titled part of the Overview, with an optional link onwards, that says `empty` instead of an empty table. */
function Section({ title, link, empty, children }: { title: string; link?: ReactNode; empty: string | null; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {title}
        </Title>
        {link}
      </Group>
      {empty === null ? (
        children
      ) : (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      )}
    </Stack>
  )
}

function InvitationTenants({ overview }: { overview: Overview }) {
  const canSwitch = overview.scope === 'every-tenant'
  return (
    <Section
      title={canSwitch ? 'Organisations with the most open invitations' : 'Open invitations'}
      empty={overview.invitationTenants.length === 0 ? 'No open invitations.' : null}
    >
      <Table striped withTableBorder aria-label="Organisations with the most open invitations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Organisation</Table.Th>
            <Table.Th scope="col" ta="right">
              Open
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Pending
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Expiring within {EXPIRING_SOON_HOURS} hours
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overview.invitationTenants.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                <TenantCell tenant={t} canSwitch={canSwitch} />
              </Table.Td>
              <Table.Td ta="right">{t.openInvitations.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{t.pendingInvitations.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{t.expiringSoon.toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  )
}

function ExpiringNext({ overview }: { overview: Overview }) {
  return (
    <Section
      title="Expiring next"
      link={
        <AnchorLink to="/admin/invitations" size="sm">
          All Invitations
        </AnchorLink>
      }
      empty={overview.expiringNext.length === 0 ? 'No pending invitations.' : null}
    >
      <Table striped withTableBorder aria-label="Pending invitations expiring next">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            {overview.scope === 'every-tenant' && <Table.Th scope="col">Organisation</Table.Th>}
            <Table.Th scope="col">Expires</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overview.expiringNext.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.email}</Table.Td>
              <Table.Td>{roleLabel(i.role)}</Table.Td>
              {overview.scope === 'every-tenant' && <Table.Td>{i.tenant.name}</Table.Td>}
              <Table.Td>
                <InvitationExpiry invitation={i} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  )
}

function RecentAudit({ entries }: { entries: AuditEntry[] }) {
  return (
    <Section
      title="Recent audit events"
      link={
        <AnchorLink to="/admin/audit" size="sm">
          Audit Log
        </AnchorLink>
      }
      empty={entries.length === 0 ? 'Nothing in the audit log yet.' : null}
    >
      <Table.ScrollContainer minWidth={600}>
        <Table striped withTableBorder aria-label="Recent audit events">
          <Table.Thead>
            <AuditHeaderCells withTarget={false} />
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <AuditRow key={e.id} entry={e} withTarget={false} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  )
}

/** The figures of the Overview (issue 20) for roles that manage users: one read, from counters. */
export function OverviewFigures() {
  const query = useQuery(overviewFiguresOptions())
  if (query.isPending) return <Loading label="Loading the overview" />
  if (query.isError)
    return (
      <Stack gap="xs" align="flex-start">
        <ErrorAlert error={query.error} title="The overview could not be loaded" />
        <Button variant="default" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </Stack>
    )
  const overview = query.data
  const { totals } = overview
  const everyTenant = overview.scope === 'every-tenant'
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {everyTenant ? 'Every organisation you may switch into.' : 'Your organisation.'}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <Figure label="Users" value={totals.users} note={`${totals.activeUsers.toLocaleString()} active`} />
        <Figure label="Open invitations" value={totals.openInvitations} note="Pending or expired" />
        <Figure label="Expiring soon" value={totals.expiringSoon} note={`Within ${EXPIRING_SOON_HOURS} hours`} />
        <Figure label="Deactivations" value={totals.deactivations} note={`Last ${OVERVIEW_WINDOW_DAYS} days`} />
        <Figure label="Failed sign-ins" value={totals.failedSignIns} note={`Last ${OVERVIEW_WINDOW_DAYS} days`} />
      </SimpleGrid>
      <Stack gap="xl">
        <BarChart
          title={`Invitations sent, last ${OVERVIEW_DAYS} days`}
          layout="columns"
          nameHeader="Day"
          valueHeader="Invitations sent"
          empty={`No invitations sent in the last ${OVERVIEW_DAYS} days.`}
          bars={overview.days.map((d) => ({ label: d.day, short: d.day.slice(5), value: d.invitationsSent }))}
        />
        <BarChart
          title={everyTenant ? 'Users per organisation (most first)' : 'Users'}
          layout="rows"
          nameHeader="Organisation"
          valueHeader="Users"
          empty="No users yet."
          bars={overview.userTenants.map((t) => ({ label: t.name, value: t.users }))}
        />
      </Stack>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <InvitationTenants overview={overview} />
        <ExpiringNext overview={overview} />
      </SimpleGrid>
      <RecentAudit entries={overview.recentAudit} />
    </Stack>
  )
}
