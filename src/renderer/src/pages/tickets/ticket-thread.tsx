import { Badge, Group, Paper, Stack, Text } from '@mantine/core'
import type { ThreadEntry } from '../../../../shared/contract'
import { formatDateTime } from '../../lib/format'

const KIND = {
  reply: { label: 'Reply', color: 'indigo', background: undefined },
  note: { label: 'Internal note', color: 'yellow', background: 'var(--mantine-color-yellow-light)' },
  time: { label: 'Time entry', color: 'gray', background: 'var(--mantine-color-default-hover)' },
} as const

function Entry({ entry }: { entry: ThreadEntry }) {
  const kind = KIND[entry.kind]
  return (
    <Paper component="li" withBorder p="sm" bg={kind.background} aria-label={`${kind.label} by ${entry.author.name}`}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb={entry.kind === 'time' ? 0 : 'xs'}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {entry.author.name}
          </Text>
          {/* People who have left keep their place in the thread, marked. */}
          {!entry.author.active && (
            <Badge size="xs" color="gray" variant="outline">
              deactivated
            </Badge>
          )}
          <Badge size="xs" color={kind.color} variant="light">
            {kind.label}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(entry.createdAt)}
        </Text>
      </Group>
      {entry.kind === 'time' ? (
        <Text size="sm">
          {entry.minutes} min{entry.note ? ` — ${entry.note}` : ''}
        </Text>
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {entry.body}
        </Text>
      )}
    </Paper>
  )
}

/** The ticket's thread, oldest first: public replies, internal notes (tinted) and time entries. */
export function TicketThread({ entries }: { entries: ThreadEntry[] }) {
  if (entries.length === 0) {
    return (
      <Text c="dimmed" ta="center" p="lg">
        No replies, notes or time entries yet.
      </Text>
    )
  }
  const minutes = entries.reduce((sum, e) => sum + (e.kind === 'time' ? e.minutes : 0), 0)
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {entries.length} entries · {minutes} min logged
      </Text>
      <Stack component="ol" aria-label="Thread" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </Stack>
    </Stack>
  )
}
