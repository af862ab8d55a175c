import { Group, Stack, Table, Text, Title } from '@mantine/core'
import { useInfiniteQuery } from '@tanstack/react-query'
import { getRouteApi } from '@tanstack/react-router'
import { ErrorAlert } from '../../components/form-parts'
import { ListFooter } from '../../components/list-footer'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { KEYSET_PAGING, keysetRows } from '../../lib/lists'
import type { AuditSearch } from '../../router/search'
import { AuditExport } from './audit-export'
import { AuditHeaderCells, AuditRow } from './audit-result'
import { auditFilterOf } from './audit-filter'
import { checkedAuditSearch } from './audit-search'
import { AuditFilters } from './audit-filters'

const auditRoute = getRouteApi('/console/admin/audit')

/** Admin → Audit Log: who did what, where, newest first, filtered from the address, a page at a time. */
export function AuditLogPage() {
  const filters = checkedAuditSearch(auditRoute.useSearch())
  const navigate = auditRoute.useNavigate()
  const refine = (change: Partial<AuditSearch>) => void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true })
  const filter = auditFilterOf(filters)
  const query = useInfiniteQuery(
    orpc.audit.list.infiniteOptions({ input: (cursor: string | undefined) => ({ filter, cursor, limit: 100 }), ...KEYSET_PAGING }),
  )
  const { rows, total } = keysetRows(query.data)
  return (
    <Stack gap={0}>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Audit Log
        </Title>
        <AuditExport filter={filter} />
      </Group>
      <AuditFilters filters={filters} refine={refine} fetching={query.isFetching} />
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-label="Audit log">
              <Table.Thead>
                <AuditHeaderCells />
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <AuditRow key={e.id} entry={e} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.isPending && <Loading label="Loading audit log" />}
          {query.isSuccess && rows.length === 0 && (
            <Text c="dimmed" ta="center" p="lg">
              No audit entries match these filters.
            </Text>
          )}
          <ListFooter shown={rows.length} total={total} more={query} />
        </>
      )}
    </Stack>
  )
}
