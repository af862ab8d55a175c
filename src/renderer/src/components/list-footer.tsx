import { Button, Group, Text } from '@mantine/core'

/** "Showing N of total" and Load more, under a keyset-paged list. */
export function ListFooter({
  shown,
  total,
  more,
}: {
  shown: number
  /** As shown: "1,234", or "1,000+" for a search that stopped counting. */
  total: string
  more: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }
}) {
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        Showing {shown} of {total}
      </Text>
      {more.hasNextPage && (
        <Button variant="default" onClick={() => void more.fetchNextPage()} loading={more.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Group>
  )
}
