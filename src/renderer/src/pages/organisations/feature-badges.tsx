import { Badge, Group, Text } from '@mantine/core'
import { FEATURE_LABELS, type Feature } from '../../../../shared/features'

export function FeatureBadges({ features, empty = 'None' }: { features: readonly Feature[]; empty?: string }) {
  if (features.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    )
  return (
    <Group gap={4}>
      {features.map((f) => (
        <Badge key={f} variant="light" size="sm">
          {FEATURE_LABELS[f]}
        </Badge>
      ))}
    </Group>
  )
}
