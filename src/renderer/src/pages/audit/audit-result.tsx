import { Badge, Table, Text } from '@mantine/core'
import type { AuditEntry } from '../../../../shared/contract'
import { formatDateTime } from '../../lib/format'

const RESULT_COLOR: Record<AuditEntry['result'], string> = { ok: 'green', denied: 'orange', failed: 'red' }

/** An audit row's result (ok, denied, failed) in its colour. */
export function AuditResultBadge({ result }: { result: AuditEntry['result'] }) {
  return (
    <Badge color={RESULT_COLOR[result]} variant="light">
      {result}
    </Badge>
  )
}

/** The columns of an audit row, the Audit Log's and the Overview's (which leaves out the target). */
export function AuditHeaderCells({ withTarget = true }: { withTarget?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th>Time</Table.Th>
      <Table.Th>Actor</Table.Th>
      <Table.Th>Action</Table.Th>
      {withTarget && <Table.Th>Target</Table.Th>}
      <Table.Th>Result</Table.Th>
      <Table.Th>Tenant</Table.Th>
    </Table.Tr>
  )
}

/** One audit row: when, who (or the command line), what, on what, how it ended, where. */
export function AuditRow({ entry: e, withTarget = true }: { entry: AuditEntry; withTarget?: boolean }) {
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(e.at)}</Table.Td>
      <Table.Td>
        {e.actor ? (
          <>
            <Text size="sm">{e.actor.name}</Text>
            <Text size="xs" c="dimmed">
              {e.actor.email}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Command line
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {e.action}
        </Text>
      </Table.Td>
      {withTarget && <Table.Td>{e.target ?? '—'}</Table.Td>}
      <Table.Td>
        <AuditResultBadge result={e.result} />
      </Table.Td>
      <Table.Td>{e.tenant?.name ?? '—'}</Table.Td>
    </Table.Tr>
  )
}
